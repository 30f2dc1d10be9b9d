// Type-checked with the DOM library (as in browsers, workers and Deno): the standard WebSocket fits the
// transport's constructor type, so `createWebTransport(WebSocket)` needs no cast.
import { createWebTransport, type WebSocketConstructor } from "../../src/index.js";

const standard: WebSocketConstructor = WebSocket;
export const transport = createWebTransport(standard);
