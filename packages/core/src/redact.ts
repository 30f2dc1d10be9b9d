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

/**
 * Keeps the secrets the client has seen, to scrub them from everything it lets out:
 * the permanent ones (the client secret) and the most recent short-lived ones (tokens, URLs).
 */
export class SecretRegistry {
  readonly #permanent = new Set<string>();
  readonly #recent = new Set<string>();
  readonly #limit: number;

  constructor(limit = 16) {
    this.#limit = limit;
  }

  /** A secret that never expires, such as the client secret. */
  addPermanent(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.#permanent.add(secret);
  }

  /** A short-lived secret; only the latest few are kept, so memory stays bounded with short tokens. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    this.#recent.delete(secret);
    this.#recent.add(secret);
    if (this.#recent.size > this.#limit) {
      const oldest = this.#recent.values().next().value;
      if (oldest !== undefined) this.#recent.delete(oldest);
    }
  }

  redact(text: string): string {
    return redact(redact(text, this.#permanent), this.#recent);
  }
}
