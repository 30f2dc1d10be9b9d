// What the conformance server sends and how to reach it: shared by the server (Node) and the cases (any runtime).

/** Where a conformance server listens, as the cases need it. Plain data: it travels to other runtimes as JSON. */
export interface ConformanceServerInfo {
  /** `ws://127.0.0.1:PORT`, the base of every scripted path. */
  readonly url: string;
  /** A `ws://` URL on a port nothing listens on. */
  readonly unreachableUrl: string;
}

export const GREETING = '{"module":"build_connection","success":true,"content":"conformance"}';
export const BINARY_FRAME: readonly number[] = [0, 1, 2, 255];
export const AFTER_BINARY = "a text frame after the binary one";
export const BEFORE_VANISHING = "the last frame before the server vanishes";
