import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createOutput, scrubSecrets } from "./output.js";

function streams(tty: boolean) {
  const make = () => {
    const stream = Object.assign(new PassThrough(), { isTTY: tty });
    let text = "";
    stream.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    return { stream, text: () => text };
  };
  return { out: make(), err: make() };
}

describe("createOutput", () => {
  it("colours on a terminal only, and never with NO_COLOR", () => {
    const tty = streams(true);
    const coloured = createOutput({ stdout: tty.out.stream, stderr: tty.err.stream, env: {} });
    expect(coloured.color).toBe(true);
    expect(coloured.paint("36", "x")).toBe("\x1b[36mx\x1b[0m");
    const noColor = createOutput({ stdout: tty.out.stream, stderr: tty.err.stream, env: { NO_COLOR: "1" } });
    expect(noColor.color).toBe(false);
    const pipe = streams(false);
    const plain = createOutput({ stdout: pipe.out.stream, stderr: pipe.err.stream, env: {} });
    expect(plain.paint("36", "x")).toBe("x");
    plain.status("status");
    plain.data("data");
    expect(pipe.err.text()).toMatch(/^\d\d:\d\d:\d\d {2}status\n$/);
    expect(pipe.out.text()).toBe("data\n");
  });

  it("scrubs secrets and credential-shaped text from every stderr line, and prints debug lines only when verbose", () => {
    const { out, err } = streams(false);
    const output = createOutput({ stdout: out.stream, stderr: err.stream, env: {}, verbose: false });
    output.addSecret("hunter2-secret");
    output.status("failed with hunter2-secret at wss://x/ws?subscriptionId=s&access_token=eyJabc.def");
    output.fatal("Bearer abcdefghijkl and hunter2-secret");
    output.debug("not shown");
    expect(err.text()).not.toContain("hunter2-secret");
    expect(err.text()).not.toContain("access_token=eyJ");
    expect(err.text()).not.toContain("abcdefghijkl");
    expect(err.text()).not.toContain("not shown");
    const verbose = createOutput({ stdout: out.stream, stderr: err.stream, env: {}, verbose: true });
    verbose.debug("shown");
    expect(err.text()).toContain("shown");
  });

  it("scrubSecrets (crash paths, commander's messages) knows every output's secrets and the environment's", () => {
    const { out, err } = streams(false);
    createOutput({ stdout: out.stream, stderr: err.stream, env: {} }).addSecret("registered-secret-42");
    const env = {
      ZOOM_CLIENT_SECRET: "client-secret-from-env",
      ZOOM_WEBHOOK_SECRET_TOKEN: " webhook-token-env \n",
    };
    const text = scrubSecrets(
      "registered-secret-42 client-secret-from-env webhook-token-env wss://h/ws?access_token=abcdef",
      env,
    );
    expect(text).toBe("[redacted] [redacted] [redacted] wss://h/ws?access_token=[redacted]");
  });
});
