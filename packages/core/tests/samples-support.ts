import { describe } from "vitest";
import { readSamples, type Sample, samplesMissingMessage, samplesPresent } from "../scripts/samples.js";

/** The samples, or none (with a message) when `../shared/fixtures/zoom-events` is absent. */
export const samples: Sample[] = samplesPresent ? readSamples() : [];

if (!samplesPresent) console.warn(samplesMissingMessage);

/** `describe` for tests that need the samples: skipped, saying why, where they are absent. */
export const describeWithSamples = samplesPresent
  ? describe
  : (name: string, body: () => void) => describe.skip(`${name} (${samplesMissingMessage})`, body);

/** What a sample must come back as: itself, with a numeric-string `event_ts` as a number. */
export function expectedEvent(sample: Sample): Record<string, unknown> {
  const expected = structuredClone(sample.value);
  const ts = expected["event_ts"];
  if (typeof ts === "string" && ts.trim() !== "" && Number.isFinite(Number(ts)))
    expected["event_ts"] = Number(ts);
  return expected;
}
