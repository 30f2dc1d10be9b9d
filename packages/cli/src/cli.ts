#!/usr/bin/env node
import { main } from "./program.js";

/** Exits once stdout has been flushed (pipes are asynchronous on some platforms). */
function exit(code: number): void {
  setTimeout(() => process.exit(code), 2000).unref();
  process.stdout.write("", () => process.exit(code));
}

main(process.argv).then(exit, (error: unknown) => {
  // Not reached for known failures (main maps those): a bug. No stack: it could hold a secret.
  process.stderr.write(
    `zoomws: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  exit(1);
});
