import { defineProject } from "vitest/config";

const conditions = ["@zoomws/source", "node", "import", "default"];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: "example",
    include: ["src/**/*.test.ts", "tests/**/*.test.ts"],
  },
});
