/**
 * What the core costs: (a) decoding + validating one `meeting.participant_joined` frame against
 * decoding it with `JSON.parse` alone, (b) the time to import the built `@zoomws/core`, (c) the
 * minified + gzipped size of its bundle. `measureCoreCost()` is wired into `pnpm bench`; run this
 * file directly (`pnpm exec tsx packages/core/bench/core-cost.ts`) for a table. Needs a build
 * (packages/core/dist) for (b) and (c).
 */
import { execFileSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { checkZoomEvent, decodeFrame } from "../src/index.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const distEntry = path.join(packageDir, "dist/index.js");

/** A participant joining, as Zoom sends it: the body JSON-encoded again in a `message` frame. */
export const participantJoinedFrame = JSON.stringify({
  module: "message",
  content: JSON.stringify({
    event: "meeting.participant_joined",
    event_ts: 1733318400123,
    payload: {
      account_id: "Qk5d4XbXSCujZlfR1nQ7ZA",
      object: {
        id: "85746065432",
        uuid: "tH8BfVxkQ0mz4OCWe/Bb7A==",
        host_id: "KDcuGIm1QgePTO8WbOqwIQ",
        topic: "Weekly Product Sync",
        type: 2,
        start_time: "2024-12-04T13:00:00Z",
        timezone: "Europe/Berlin",
        duration: 45,
        participant: {
          user_id: "16778240",
          user_name: "Priya Raman",
          id: "rV3-yQJtTBeVz2c8sYkUqA",
          participant_uuid: "6C1A6D0E-2F7B-4B8E-9C3A-1E5D7F9A2B4C",
          join_time: "2024-12-04T13:00:12Z",
          email: "priya.raman@example.com",
          registrant_id: "",
          participant_user_id: "rV3-yQJtTBeVz2c8sYkUqA",
          customer_key: "",
          phone_number: "",
        },
      },
    },
  }),
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

let sink = 0;

/** ns per event of `fn`, over `n` calls. */
function timePerCall(fn: () => void, n: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - start) / n;
}

/** (a): the JSON.parse pair alone against the client's decode + validate, in alternating rounds. */
export function measureParseCost(rounds = 21, perRound = 20_000) {
  const jsonOnly = () => {
    const frame = JSON.parse(participantJoinedFrame) as { content: string };
    const body = JSON.parse(frame.content) as { event: string };
    sink += body.event.length;
  };
  const decodeAndValidate = () => {
    const frame = decodeFrame(participantJoinedFrame);
    if (frame.kind !== "event" || checkZoomEvent(frame.event))
      throw new Error("the bench frame must be valid");
    sink += frame.event.event.length;
  };
  // Warm up: JIT both paths and build (and compile) the schema once.
  timePerCall(jsonOnly, perRound);
  timePerCall(decodeAndValidate, perRound);
  const json: number[] = [];
  const full: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      json.push(timePerCall(jsonOnly, perRound));
      full.push(timePerCall(decodeAndValidate, perRound));
    } else {
      full.push(timePerCall(decodeAndValidate, perRound));
      json.push(timePerCall(jsonOnly, perRound));
    }
  }
  const jsonNs = median(json);
  const fullNs = median(full);
  return { jsonNs, fullNs, addedRatio: (fullNs - jsonNs) / jsonNs };
}

/** (b): ms to import a module in a fresh `node`, median of `runs`. */
export function measureImportMs(specifier: string, runs = 7): number {
  const script =
    "const t = performance.now(); await import(process.argv[1]); " +
    "process.stdout.write(String(performance.now() - t));";
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script, specifier], {
      cwd: packageDir,
      encoding: "utf8",
    });
    times.push(Number(out));
  }
  return median(times);
}

/** The part of esbuild's API used here (esbuild comes with tsup; it is not a dependency of its own). */
interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
}

/**
 * (c): bytes of dist/index.js bundled and minified by esbuild (tsup's), and gzipped. The build
 * already carries the parts of zod/mini the catalog uses (tsup `noExternal`).
 */
export async function measureBundleSize() {
  const requireFromTsup = createRequire(realpathSync(createRequire(import.meta.url).resolve("tsup")));
  const esbuild = requireFromTsup("esbuild") as EsbuildLike;
  const result = await esbuild.build({
    entryPoints: [distEntry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

export async function measureCoreCost(): Promise<Record<string, number | string>> {
  const parse = measureParseCost();
  const figures: Record<string, number | string> = {
    "participant_joined: JSON.parse x2 (ns/event)": Math.round(parse.jsonNs),
    "participant_joined: decode + validate (ns/event)": Math.round(parse.fullNs),
    "validation cost / JSON.parse (goal <= 1)": Number(parse.addedRatio.toFixed(2)),
  };
  if (!existsSync(distEntry)) {
    figures["import / bundle size"] = "skipped: build @zoomws/core first";
    return figures;
  }
  figures["import built @zoomws/core (ms, median)"] = Number(
    measureImportMs(pathToFileURL(distEntry).href).toFixed(1),
  );
  figures["import zod/mini from its package, for comparison (ms, median)"] = Number(
    measureImportMs("zod/mini").toFixed(1),
  );
  const size = await measureBundleSize();
  figures["core bundle (zod/mini parts included): minified (bytes)"] = size.minified;
  figures["core bundle (zod/mini parts included): min+gzip (bytes)"] = size.gzipped;
  if (sink === -1) figures["sink"] = sink;
  return figures;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const figures = await measureCoreCost();
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(width)}  ${value}`);
}
