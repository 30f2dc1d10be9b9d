import { defineConfig, type Options } from "tsup";

/** The build every published library shares: ESM + CJS + type declarations, from src/index.ts by default. */
export function libraryConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    ...overrides,
  });
}
