import { defineProject } from "vitest/config";

/** Tests run against sibling packages' source through the `@zoomws/source` condition: no build needed. */
const conditions = ["@zoomws/source", "node", "import", "default"];

export function zoomwsProject(name: string) {
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: { name, include: ["src/**/*.test.ts", "tests/**/*.test.ts"] },
  });
}
