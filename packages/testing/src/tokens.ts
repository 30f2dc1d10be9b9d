/** Why a token cannot open (or keep) a connection, or `valid`. */
export type TokenStatus = "valid" | "unknown" | "expired" | "revoked";

interface IssuedToken {
  readonly clientId: string;
  readonly expiresAt: number;
  revoked: boolean;
}

/** Every access token the emulator minted, with its expiry and revocation. */
export class TokenStore {
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #issued: string[] = [];

  get issued(): readonly string[] {
    return this.#issued;
  }

  /** Records a new token; with `invalidatePrevious`, the client's earlier tokens stop working (Zoom S2S behaviour). */
  add(value: string, clientId: string, expiresAt: number, invalidatePrevious: boolean): void {
    if (invalidatePrevious) {
      for (const token of this.#tokens.values()) if (token.clientId === clientId) token.revoked = true;
    }
    this.#tokens.set(value, { clientId, expiresAt, revoked: false });
    this.#issued.push(value);
  }

  status(value: string, now: number): TokenStatus {
    const token = this.#tokens.get(value);
    if (!token) return "unknown";
    if (token.revoked) return "revoked";
    return now >= token.expiresAt ? "expired" : "valid";
  }

  revoke(value: string): void {
    const token = this.#tokens.get(value);
    if (token) token.revoked = true;
  }

  revokeAll(): void {
    for (const token of this.#tokens.values()) token.revoked = true;
  }
}
