/**
 * The building blocks of the generated event catalog (`src/catalog/`), over `zod/mini`
 * (tree-shakeable: the core bundle carries only what it uses). Signatures are deliberately
 * non-generic: the catalog's TypeScript types are written out as interfaces, so the compiler
 * never infers 550 zod types. Every object passes unknown fields through untouched.
 */
import * as z from "zod/mini";

export type Schema = z.ZodMiniType;
export type Shape = Record<string, Schema>;
/** Builds one event type's schema; called once, on first use (see `eventSchema`). */
export type SchemaFactory = () => Schema;

let stringSchema: Schema | undefined;
let numberSchema: Schema | undefined;
let booleanSchema: Schema | undefined;
let unknownSchema: Schema | undefined;
let idSchema: Schema | undefined;

export const string = (): Schema => (stringSchema ??= z.string());
export const number = (): Schema => (numberSchema ??= z.number());
export const boolean = (): Schema => (booleanSchema ??= z.boolean());
export const unknown = (): Schema => (unknownSchema ??= z.unknown());
/** An id Zoom sends as a number in one event and as a (numeric) string in another. */
export const id = (): Schema => (idSchema ??= z.union([z.number(), z.string()]));

export const optional = (schema: Schema): Schema => z.optional(schema);
export const array = (item: Schema): Schema => z.array(item);
export const union = (options: readonly Schema[]): Schema => z.union(options as Schema[]);
/** An object that keeps the fields it does not name. */
export const object = (shape: Shape): Schema => z.looseObject(shape);

/**
 * An event body: `event`, `event_ts` (epoch milliseconds; numeric strings are normalised
 * before validation), optional `download_token`, the `payload` fields, and any other
 * top-level fields of the type.
 */
export const event = (payload: Shape, top: Shape = {}): Schema =>
  z.looseObject({
    event: string(),
    event_ts: number(),
    download_token: optional(string()),
    ...top,
    payload: z.looseObject(payload),
  });

/**
 * The schema with zod's ahead-of-time compiled fast path (a generated validator, ~10x faster
 * than the interpreter); a mismatch falls back to the interpreter, which names the fields. Where
 * `new Function` is not allowed, zod keeps the interpreter.
 */
export const compiled = (schema: Schema): Schema => z.compile(schema);

/**
 * The schema of an object shape that several events share (see `src/catalog/shapes.ts`): built on
 * first use, then the same schema serves every event that has the shape.
 */
export const shared = (build: () => Schema): SchemaFactory => {
  let schema: Schema | undefined;
  return () => (schema ??= build());
};

/**
 * The payload record that several events of the catalog share exactly (a `…Payload`), for each
 * of their `event()` schemas: built on first use, then reused.
 */
export const fields = (build: () => Shape): (() => Shape) => {
  let shape: Shape | undefined;
  return () => (shape ??= build());
};
