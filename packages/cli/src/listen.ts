import type { ConnectionFlags } from "./config.js";
import { loadEnvironment, zoomConfig } from "./config.js";
import { eventLine } from "./describe-event.js";
import type { Outcome } from "./exit.js";
import { eventFilter } from "./filter.js";
import type { Output } from "./output.js";
import { runSession } from "./session.js";
import { stdoutClosed } from "./stdio.js";

export interface ListenFlags extends ConnectionFlags {
  json?: boolean;
  filter?: string[];
}

/** `zoomws listen`: every event on stdout, readable or as one JSON body per line. */
export async function listen(flags: ListenFlags, output: Output): Promise<Outcome> {
  const config = zoomConfig(flags, loadEnvironment(flags));
  const wanted = eventFilter(flags.filter ?? []);
  if (flags.filter?.length) output.status(`showing only ${flags.filter.join(", ")}`);
  return runSession({
    config,
    output,
    until: stdoutClosed(),
    onEvent: (event) => {
      if (!wanted(event.event)) return;
      output.data(flags.json ? JSON.stringify(event) : eventLine(event, output.paint));
    },
  });
}
