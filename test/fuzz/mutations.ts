import fc from 'fast-check';
import { loadFixture } from '../helpers/fixtures.js';

/**
 * Mutated WhatsApp webhook items for the fuzz suite. Everything starts from the real fixtures in
 * `../shared/fixtures/whatsapp/` and is written out as JSON text, so that what JSON.stringify cannot make
 * (10,000 levels of nesting, duplicate keys, lone surrogates as escapes) reaches the server as bytes.
 */

type Json = any;

const INBOUND = ['inbound-text.json', 'inbound-button-reply.json', 'inbound-list-reply.json', 'inbound-image.json',
  'inbound-document-forwarded.json', 'inbound-template-quick-reply.json', 'inbound-unsupported.json'];
const STATUSES = ['status-delivered.json', 'status-failed.json'];
const valueOf = (name: string): Json => loadFixture(name).json.entry[0].changes[0].value;
export const INBOUND_VALUES: Json[] = INBOUND.map(valueOf);
export const STATUS_VALUES: Json[] = STATUSES.map(valueOf);

/**
 * Values a database or a parser may choke on. `@DEEP:n@` becomes n levels of nesting in the text and
 * `@LONG:n@` a string of n characters (marks keep a failing case short enough to read when printed).
 */
export const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1e308, 1.5, 131051.5, 0, -1, 1e21,
    '253402300800', '-62135596801', '99999999999999999999', '1e999', '8.64e15', '', ' ', 'NaN', '-0',
    true, false, null, [], {}, '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '😀', '\u202e', '<script>',
  ),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('@LONG:300@', '@LONG:3000@', '@LONG:20000@'),
  fc.integer({ min: 30, max: 12_000 }).map((n) => `@DEEP:${n}@`),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxKeys: 3 }),
);

export type Mutation =
  | { kind: 'set'; path: number; value: Json }
  | { kind: 'delete'; path: number }
  | { kind: 'swap'; path: number }
  /** A key repeated in the text: `first` puts the copy before the real one (the real one wins). */
  | { kind: 'duplicate'; path: number; value: Json; first: boolean };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), path: fc.nat(), value: nastyValue }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), path: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), path: fc.nat(), value: nastyValue, first: fc.boolean() }),
);

export interface ItemSpec {
  kind: 'message' | 'status';
  fixture: number;
  /** Empty: the item is left well-formed. */
  mutations: Mutation[];
  /** Mutations of the message's contact entry. */
  contactMutations: Mutation[];
}

export const itemSpec: fc.Arbitrary<ItemSpec> = fc.record({
  kind: fc.constantFrom<'message' | 'status'>('message', 'message', 'status'),
  fixture: fc.nat(),
  mutations: fc.oneof({ weight: 1, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
  contactMutations: fc.oneof({ weight: 4, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) }),
});

/** Every place in `root` a mutation can touch: a parent container and a key in it. */
function places(root: Json): Array<[Json, string]> {
  const found: Array<[Json, string]> = [];
  const pending: Json[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    for (const key of Object.keys(node)) {
      found.push([node, key]);
      if (node[key] !== null && typeof node[key] === 'object') pending.push(node[key]);
    }
  }
  return found;
}

/** Another type for the same value: a string becomes a number, a number a string, an object a list… */
function swapped(value: Json): Json {
  if (typeof value === 'string') return Number.isFinite(Number(value)) ? Number(value) : [value];
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return { ...value };
  if (value !== null && typeof value === 'object') return Object.values(value);
  return value === null ? 'null' : String(value);
}

/** Copies of keys to write into an object's text besides its own (JSON.stringify cannot repeat a key). */
const DUPLICATES = Symbol('duplicate keys');
type Duplicate = { key: string; value: Json; first: boolean };

/** Applies `mutations` to a copy of `item`. */
export function mutate(item: Json, mutations: Mutation[]): Json {
  const copy = structuredClone(item);
  for (const m of mutations) {
    const all = places(copy);
    if (all.length === 0) break;
    const [parent, key] = all[m.path % all.length]!;
    if (m.kind === 'set') parent[key] = m.value;
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    }
    else if (m.kind === 'swap') parent[key] = swapped(parent[key]);
    else if (!Array.isArray(parent)) (parent[DUPLICATES] ??= []).push({ key, value: m.value, first: m.first } satisfies Duplicate);
  }
  return copy;
}

/**
 * JSON text with what JSON.stringify cannot write: `@DEEP:n@` becomes n levels of nesting, `@LONG:n@` a
 * long string, and repeated keys are written before (the real one wins) or after (the copy wins) the
 * object's own.
 */
export function toJsonText(value: Json): string {
  if (typeof value === 'string') {
    const [, mark, n] = /^@(DEEP|LONG):(\d+)@$/.exec(value) ?? [];
    if (mark === 'DEEP') return '['.repeat(Number(n)) + ']'.repeat(Number(n));
    return JSON.stringify(mark === 'LONG' ? 'w'.repeat(Number(n)) : value);
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  const pair = (key: string, v: Json) => `${JSON.stringify(key)}:${toJsonText(v)}`;
  const pairs = Object.keys(value).map((key) => pair(key, value[key]));
  for (const d of (value[DUPLICATES] ?? []) as Duplicate[]) {
    if (d.first) pairs.unshift(pair(d.key, d.value));
    else pairs.push(pair(d.key, d.value));
  }
  return `{${pairs.join(',')}}`;
}
