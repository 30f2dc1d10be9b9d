import { zoomwsProject } from "../../vitest.shared.js";

export default zoomwsProject("cli");
