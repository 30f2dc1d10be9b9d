// Runs the event catalog's cost measurement (packages/core/bench/core-cost.ts) in its own process,
// so that its import-time figures start from a cold module cache. Started with `--import tsx`.
import { pathToFileURL } from "node:url";
import { serve } from "./lib.mjs";

const module = process.argv[2];
serve({
  async measure() {
    const { measureCoreCost } = await import(pathToFileURL(module).href);
    return measureCoreCost();
  },
});
