#!/usr/bin/env node
import { scrubSecrets } from "./output.js";
import { main } from "./program.js";
import { ignoreStderrErrors } from "./stdio.js";

/** Exits once stdout has been flushed (pipes are asynchronous on some platforms). */
function exit(code: number): void {
  setTimeout(() => process.exit(code), 2000).unref();
  process.stdout.write("", () => process.exit(code));
}

/** A bug: one scrubbed line and exit 1. No stack, no inspected properties: either could hold a secret. */
function crash(error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  try {
    process.stderr.write(`zoomws: unexpected failure: ${scrubSecrets(message)}\n`);
  } finally {
    exit(1);
  }
}

ignoreStderrErrors();
// Node's default handlers print the stack and every property of the error, unscrubbed.
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);

main(process.argv).then(exit, crash);
