const REDACTED = "[redacted]";

// Patterns that carry a credential whatever its value: a token in a URL, an auth header, a JWT.
const PATTERNS: RegExp[] = [
  /(access_token=)[^&\s"']+/gi,
  /(Basic\s+)[A-Za-z0-9+/=]{8,}/g,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /()eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
];

/**
 * Removes every known secret and every credential-shaped substring from `text`.
 * Secrets shorter than 4 characters are ignored: masking them would mangle ordinary words.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of PATTERNS) out = out.replace(pattern, `$1${REDACTED}`);
  return out;
}

/** Keeps the secrets the client has seen, to scrub them from everything it lets out. */
export class SecretRegistry {
  readonly #secrets = new Set<string>();
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.#secrets.add(secret);
  }
  redact(text: string): string {
    return redact(text, this.#secrets);
  }
}
