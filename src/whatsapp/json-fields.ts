/**
 * Reading JSON of unknown shape (webhooks, Graph API answers, request bodies to the simulator) without
 * casts: each helper answers "absent" for anything that is not what was asked for.
 */
export type JsonObject = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | null {
  return isObject(value) ? value : null;
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value[key]` when `value` is an object; undefined otherwise (so lookups can be chained). */
export function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
