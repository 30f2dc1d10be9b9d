// Keys that would reach a prototype through assignment; overrides may come from parsed JSON.
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Merges `override` into a copy of `base`: plain objects merge key by key, anything
 * else (arrays included) replaces; `undefined` keeps the base value.
 */
export function deepMerge<T>(base: T, override: unknown): T {
  return mergeValue(base, override) as T;
}

function mergeValue(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (!UNSAFE_KEYS.has(key)) out[key] = mergeValue(out[key], value);
  }
  return out;
}
