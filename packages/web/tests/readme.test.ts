import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type ZoomEmulator } from "@zoomws/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bun, deno, packageDir, type Runtime, requireBuilt, runScript } from "./support/runtimes.js";

// The README's Deno and Bun snippets, run as written in the real runtimes against the emulator.
// Mechanism: under each heading the first ```ts block is the program and the ```sh line that starts with
// `deno run` / `bun run` is how to run it. The program's import of the published package ("npm:@zoomws/web" or
// "@zoomws/web") is the one line rewritten, to this package's dist/, and the program is written to .tmp/ in
// this package (so the runtimes resolve dist's own imports through its node_modules). It runs with exactly the
// command line's flags (Deno's permissions) and the environment `zoomws-emulator` would print; the test sends
// SIGINT (Ctrl-C) once an event arrived, and the program must then close and exit by itself with status 0.

const readme = readFileSync(join(packageDir, "..", "..", "README.md"), "utf8");
const tmp = join(packageDir, ".tmp");

interface Snippet {
  program: string;
  flags: string[];
}

function snippetUnder(heading: string, command: string): Snippet {
  const start = readme.indexOf(`\n### ${heading}\n`);
  expect(start, `README has no "### ${heading}" section`).toBeGreaterThan(0);
  const end = readme.indexOf("\n#", start + heading.length + 6);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const program = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const shell = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  expect(program, `no ts block under "### ${heading}"`).toBeDefined();
  const line = shell?.split("\n").find((l) => l.startsWith(`${command} `));
  expect(line, `no "${command}" line under "### ${heading}"`).toBeDefined();
  const words = line!.split(/\s+/).slice(command.split(" ").length);
  expect(words.at(-1)).toBe("main.ts");
  return { program: program!, flags: words.filter((w) => w.startsWith("--")) };
}

function writeProgram(name: string, program: string): string {
  const imports = program.match(/from "(npm:)?@zoomws\/web"/g) ?? [];
  expect(imports, "the snippet imports the published package exactly once").toHaveLength(1);
  const file = join(tmp, name);
  writeFileSync(file, program.replace(/from "(npm:)?@zoomws\/web"/, 'from "../dist/index.js"'));
  return file;
}

const cases: Array<[string, Runtime, string]> = [
  ["Deno", deno, "deno run"],
  ["Bun", bun, "bun run"],
];

let emulator: ZoomEmulator | undefined;
beforeAll(() => {
  requireBuilt();
  mkdirSync(tmp, { recursive: true });
});
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(cases)("the README's %s snippet", (heading, runtime, command) => {
  it(`runs as written with the documented flags: receives events, and Ctrl-C closes it cleanly`, async () => {
    const { program, flags } = snippetUnder(heading, command);
    if (runtime === deno) expect(flags.some((f) => f.startsWith("--allow-net"))).toBe(true);
    const zoom = await startEmulator();
    emulator = zoom;
    const script = runScript(runtime, writeProgram(`readme-${runtime.name}.ts`, program), {
      flags,
      env: { ...zoom.env() },
    });
    await script.waitFor((l) => l.text === "zoom connection: connected");
    zoom.emitEvent("meeting.started", { payload: { object: { id: 42, topic: "README" } } });
    const line = await script.waitFor((l) => String(l.text).startsWith("meeting.started "));
    expect(JSON.parse(String(line.text).slice("meeting.started ".length))).toMatchObject({
      id: 42,
      topic: "README",
    });

    script.child.kill("SIGINT");
    expect(await script.exited).toEqual({ code: 0, signal: null });
    expect(script.stderr).toBe("");
    expect(script.lines.map((l) => l.text)).toContain("zoom connection: idle");
    // The emulator may learn of the close after the runtime exited: wait for it rather than race it.
    expect((await zoom.waitForClose(zoom.connections.at(-1)!)).endedBy).toBe("client");
  }, 30_000);
});
