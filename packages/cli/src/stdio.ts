import { EXIT, type Outcome } from "./exit.js";

let stdoutGone: Promise<Outcome> | undefined;

/**
 * Settles once stdout is closed under us (`zoomws listen | head`): a normal way to stop, so it
 * resolves with exit 0 on EPIPE; another write error rejects. Installs the listener once.
 */
export function stdoutClosed(stdout: NodeJS.WriteStream = process.stdout): Promise<Outcome> {
  stdoutGone ??= new Promise((resolve, reject) => {
    stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") resolve({ code: EXIT.ok });
      else reject(error);
    });
  });
  return stdoutGone;
}

/**
 * A closed stderr (`zoomws … 2>&1 | head`) has nowhere left to report to: its write errors are
 * dropped instead of crashing the command with an unhandled 'error' event.
 */
export function ignoreStderrErrors(stderr: NodeJS.WriteStream = process.stderr): void {
  stderr.on("error", () => {});
}
