import { libraryConfig } from "../../tsup.shared.js";

export default libraryConfig({
  // The catalog uses a small part of zod/mini; bundling that part keeps `import "@zoomws/core"`
  // at ~15 ms instead of ~75 ms (zod's entry loads its whole core and every locale). zod stays a
  // dependency for the types of `eventSchema()`.
  noExternal: ["zod"],
});
