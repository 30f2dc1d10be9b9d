export { zoomEvents } from "./events.js";
export { ofType } from "./of-type.js";
export { connectionState, gaps } from "./state.js";
