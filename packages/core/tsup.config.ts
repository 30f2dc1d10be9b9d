import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  // The catalog uses a small part of zod/mini; bundling that part keeps `import "@zoomws/core"`
  // at ~15 ms instead of ~75 ms (zod's entry loads its whole core and every locale). zod stays a
  // dependency for the types of `eventSchema()`.
  noExternal: ["zod"],
});
