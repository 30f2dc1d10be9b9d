/**
 * Reads the Zoom event samples (`../shared/fixtures/zoom-events`, next to the repository):
 * shared by the catalog generator and the tests. The samples are test data, never copied
 * into the repository.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is packages/core/scripts/samples.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * Where the samples live: beside the repository (`../shared/fixtures/zoom-events` from its
 * root), never inside it. `ZOOMWS_SAMPLES_DIR` points elsewhere, e.g. from a git worktree.
 */
export const samplesDir = path.resolve(
  repoRoot,
  process.env["ZOOMWS_SAMPLES_DIR"] || "../shared/fixtures/zoom-events",
);

export const samplesPresent = existsSync(samplesDir);

export const samplesMissingMessage = `Zoom event samples not found at ${samplesDir}: skipping the tests that need them.`;

export interface Sample {
  /** The file name, e.g. `meeting.started.json`. */
  file: string;
  /** The event type the file documents: its name without `.json`. */
  type: string;
  /** The body as JSON text, comments stripped and documentation typos repaired. */
  text: string;
  /** The parsed body. */
  value: Record<string, unknown>;
  /** Repairs beyond stripping comments that the text needed to be JSON at all. */
  repairs: string[];
}

/** Every sample, sorted by file name. Throws if a file cannot be read as JSON even after repairs. */
export function readSamples(dir = samplesDir): Sample[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort();
  return files.map((file) => {
    const { text, repairs } = toJson(readFileSync(path.join(dir, file), "utf8"));
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Error(`${file}: the body is not a JSON object`);
    }
    return {
      file,
      type: file.slice(0, -".json".length),
      text,
      value: value as Record<string, unknown>,
      repairs,
    };
  });
}

/**
 * JSONC to JSON. Line comments are stripped (outside strings). A few bodies copied from
 * documentation are not JSON even then; they get two narrow repairs, reported by name:
 * a backslash before a line break inside a string (a line continuation) becomes `\n`,
 * and `\\"` inside a string (an over-escaped quote) becomes `\"`.
 */
export function toJson(source: string): { text: string; repairs: string[] } {
  const repairs: string[] = [];
  let text = stripLineComments(source);
  if (parses(text)) return { text, repairs };
  const continued = text.replace(/\\\r?\n/g, "\\n");
  if (continued !== text) {
    text = continued;
    repairs.push("line continuation in a string");
    if (parses(text)) return { text, repairs };
  }
  const unescaped = text.replace(/\\\\"/g, '\\"');
  if (unescaped !== text) {
    text = unescaped;
    repairs.push("over-escaped quote in a string");
  }
  return { text, repairs };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Removes `// …` comments that are not inside a string. */
export function stripLineComments(source: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (inString) {
      out += c;
      if (c === "\\") {
        out += source[i + 1] ?? "";
        i++;
      } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && source[i + 1] === "/") {
      while (i < source.length && source[i] !== "\n") i++;
      out += "\n";
    } else out += c;
  }
  return out;
}
