import { randomBytes } from "node:crypto";

/** A source of numbers in [0, 1): seeded for reproducible streams, or secure for credentials. */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough to make demo streams reproducible from a seed. */
export function createSeededRandom(seed: number): Random {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Non-reproducible randomness from the OS, for default credentials and tokens. */
export const secureRandom: Random = () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48;

export function randomBytesFrom(random: Random, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

export function randomInt(random: Random, min: number, maxExclusive: number): number {
  return min + Math.floor(random() * (maxExclusive - min));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError("pick() needs a non-empty list");
  return item;
}

/** 16 random bytes as unpadded URL-safe base64: the 22-character shape of Zoom account, user and subscription ids. */
export function zoomId(random: Random = secureRandom): string {
  return Buffer.from(randomBytesFrom(random, 16)).toString("base64url");
}

/** Meeting UUIDs are standard base64 of 16 bytes, so they end in `==` and may contain `/` and `+`. */
export function meetingUuid(random: Random = secureRandom): string {
  return Buffer.from(randomBytesFrom(random, 16)).toString("base64");
}

/** Scheduled meetings have 11-digit ids. */
export function meetingNumber(random: Random = secureRandom): number {
  return randomInt(random, 81_000_000_000, 99_000_000_000);
}

const ALPHANUMERIC = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"];

export function alphanumeric(length: number, random: Random = secureRandom): string {
  let out = "";
  for (let i = 0; i < length; i++) out += pick(random, ALPHANUMERIC);
  return out;
}

/** An RFC 4122-looking v4 UUID from `random`, upper-case as Zoom prints participant UUIDs. */
export function uuidFrom(random: Random = secureRandom): string {
  const bytes = randomBytesFrom(random, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString("hex").toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
