import type { Parameters } from "fast-check";

/**
 * fast-check settings for `npm test`: a fixed seed, so a run is reproducible and CI is deterministic.
 * Explore further with `FC_SEED=random FC_RUNS=20000 pnpm exec vitest run --project core property`;
 * a failure prints the seed and path that replay it.
 */
export function propertyRuns(numRuns: number): Parameters<unknown> {
  // The core compiles without Node types: reach the environment without them.
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
  const seed = env["FC_SEED"];
  return {
    numRuns: Number(env["FC_RUNS"] ?? numRuns),
    ...(seed !== "random" && { seed: seed === undefined ? 0x5eed : Number(seed) }),
  };
}
