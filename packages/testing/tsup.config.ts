import { libraryConfig } from "../../tsup.shared.js";

export default libraryConfig({
  entry: { index: "src/index.ts", cli: "src/cli.ts", conformance: "src/conformance/index.ts" },
});
