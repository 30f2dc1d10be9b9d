/**
 * The standard globals this package uses, typed here rather than through the DOM or Node libraries,
 * so that nothing else (no `Buffer`, no `process`, no `document`) can creep into the adapter.
 */
export interface WebGlobals {
  readonly WebSocket?: WebSocketConstructor;
  readonly fetch?: (
    url: string,
    init: object,
  ) => Promise<{
    readonly status: number;
    readonly headers: { get(name: string): string | null };
    text(): Promise<string>;
  }>;
  readonly AbortController: new () => { readonly signal: object; abort(reason?: unknown): void };
  readonly TextEncoder: new () => { encode(text: string): Uint8Array };
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  readonly console: { warn(...args: unknown[]): void; error(...args: unknown[]): void };
}

export const web = globalThis as unknown as WebGlobals;

/**
 * The part of the standard `WebSocket` the transport uses. The handlers take `never` so that a runtime's own
 * (DOM-typed) `WebSocket` fits without a cast; the transport annotates the events it reads.
 */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;
