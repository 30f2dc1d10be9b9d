import type { AbortSignalLike } from "./fetch.js";

export interface AccessToken {
  /** The bearer token. A secret: never log it. */
  readonly value: string;
  /** Epoch ms after which Zoom no longer accepts it. */
  readonly expiresAt: number;
  /** Epoch ms when it was issued (or received from the user's source). */
  readonly issuedAt: number;
}

/** Where the client gets its tokens: the built-in OAuth provider, or the user's own source. */
export interface TokenSource {
  /**
   * A token valid for a while yet. Returns the cached one unless it is near expiry
   * (or `forceRefresh`); concurrent callers share one request.
   * Rejects with `ZoomAuthError` (fatal) or `ZoomTokenUnavailableError` (transient).
   */
  getToken(options?: { forceRefresh?: boolean; signal?: AbortSignalLike }): Promise<AccessToken>;
  /** Forget `token` if it is the cached one (Zoom rejected it). */
  invalidate(token: string): void;
}

/** What a user's `getToken` may return: a bare token or one with its lifetime. */
export type UserTokenResult = string | { accessToken: string; expiresAt?: number; expiresIn?: number };

export type UserTokenFunction = (context: { forceRefresh: boolean }) => Promise<UserTokenResult>;
