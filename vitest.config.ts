import { defineConfig } from "vitest/config";

const conditions = ["@zoomws/source"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: ["packages/*", "apps/*"],
  },
});
