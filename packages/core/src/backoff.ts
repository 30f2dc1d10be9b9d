export interface BackoffOptions {
  /** Delay before the first retry. Default 1000 ms. */
  initialMs?: number | undefined;
  /** Cap on any delay. Default 30000 ms. */
  maxMs?: number | undefined;
  /** Growth per attempt. Default 2. */
  factor?: number | undefined;
  /** Fraction of the delay that is randomised ("equal jitter"). 0 disables jitter. Default 0.5. */
  jitter?: number | undefined;
}

export const defaultBackoff: { [K in keyof BackoffOptions]-?: number } = {
  initialMs: 1000,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.5,
};

/**
 * Delay before retry number `attempt` (0-based): exponential, capped, with jitter.
 * `random` is a number in [0, 1) supplied by the caller so that this stays pure.
 */
/** `options` over `defaults`, field by field: a field given as `undefined` keeps the default. */
export function mergeBackoff(defaults: BackoffOptions, options: BackoffOptions | undefined): BackoffOptions {
  return {
    initialMs: options?.initialMs ?? defaults.initialMs,
    maxMs: options?.maxMs ?? defaults.maxMs,
    factor: options?.factor ?? defaults.factor,
    jitter: options?.jitter ?? defaults.jitter,
  };
}

export function backoffDelay(attempt: number, random: number, options: BackoffOptions = {}): number {
  // Field by field: a field given as undefined means its default (a spread would copy the undefined).
  const initialMs = options.initialMs ?? defaultBackoff.initialMs;
  const maxMs = options.maxMs ?? defaultBackoff.maxMs;
  const factor = options.factor ?? defaultBackoff.factor;
  const jitter = options.jitter ?? defaultBackoff.jitter;
  const exp = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt));
  const spread = exp * Math.min(1, Math.max(0, jitter));
  return Math.round(exp - spread + spread * random);
}

/** mulberry32: a tiny deterministic PRNG, so the state machine can jitter without impurity. */
export function nextRandom(seed: number): [value: number, seed: number] {
  const next = (seed + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
}
