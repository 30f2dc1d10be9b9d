/** Control and format characters, and the two Unicode line separators; not ZWJ, which joins emoji. */
const UNPRINTABLE = /(?!\u200d)[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/**
 * Text from Zoom (names, topics, close reasons) made safe for one line of a terminal: control
 * characters, which could move the cursor, clear the screen, retitle the window or start a forged
 * line, become `?`, and text longer than `max` characters is cut with `…`.
 */
export function printable(text: string, max = Number.POSITIVE_INFINITY): string {
  const plain = text.replace(UNPRINTABLE, "?");
  return plain.length > max ? `${plain.slice(0, Math.max(0, max - 1))}…` : plain;
}
