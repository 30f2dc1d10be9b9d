import { describe, expect, it } from "vitest";
import { consoleLogger } from "./adapter.js";
import { printable } from "./printable.js";

describe("printable", () => {
  it("replaces what a terminal would act on, and keeps the rest", () => {
    expect(printable("Ada\x1b[2J\x1b]0;owned\x07 Lovelace")).toBe("Ada?[2J?]0;owned? Lovelace");
    expect(printable("one\r\n12:00:00  forged line")).toBe("one??12:00:00  forged line");
    expect(printable("bidi \u202eevil\u202c\u2028next")).toBe("bidi ?evil??next");
    expect(printable("Zoë 👩‍💻 会議 \t")).toBe("Zoë 👩‍💻 会議 ?");
  });

  it("cuts long text to `max` characters, the last one an ellipsis", () => {
    expect(printable("x".repeat(200_000), 160)).toBe(`${"x".repeat(159)}…`);
    expect(printable("short", 160)).toBe("short");
    expect(printable("x".repeat(10))).toHaveLength(10);
  });
});

describe("consoleLogger", () => {
  it("prints text from the server without control characters", () => {
    const lines: unknown[][] = [];
    const logger = consoleLogger({
      warn: (...args) => lines.push(args),
      error: (...args) => lines.push(args),
    });
    logger.warn("[zoomws] closed: \x1b[2Jgone", 1006);
    logger.error(new Error("kept as is"));
    expect(lines[0]).toEqual(["[zoomws] closed: ?[2Jgone", 1006]);
    expect(lines[1]![0]).toBeInstanceOf(Error);
  });
});
