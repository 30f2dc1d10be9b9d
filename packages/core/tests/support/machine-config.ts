import type { MachineConfig } from "../../src/machine-types.js";

/** The client's default machine configuration, for tests of the pure machine; `jitter` varies per test file. */
export function machineConfig(jitter: number): MachineConfig {
  return {
    heartbeatIntervalMs: 25_000,
    connectTimeoutMs: 15_000,
    backoff: { initialMs: 1000, maxMs: 30_000, factor: 2, jitter },
    stableAfterMs: 30_000,
    retryAfterReplacedMs: undefined,
    rotateTokens: true,
    useGate: false,
    maxInitialRejections: 3,
    refreshAheadMs: (lifetime) => Math.min(300_000, lifetime / 4),
  };
}
