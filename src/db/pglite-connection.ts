import { protocol, type PGlite, type Results } from '@electric-sql/pglite';

type Parser = (value: string, typeId?: number) => unknown;
type Parsers = Record<number | string, Parser>;
type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

/** What drizzle's PGlite session passes with a query. */
interface QueryOptions {
  rowMode?: 'object' | 'array';
  parsers?: Parsers;
}

/** The part of PGlite's transaction object that drizzle uses. */
export interface ConnectionTransaction {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(text: string): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

/** PGlite's exclusive locks (protected in its types, used the way its own `query` and `transaction` do). */
interface Locks {
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
}

/** How many distinct statements stay prepared; the oldest is closed beyond that. */
const MAX_PREPARED = 500;
/**
 * How long statements may run back to back before the event loop gets a turn. PGlite runs a statement
 * synchronously and hands its lock to the next waiter in a promise callback, so a queue of statements
 * drains without ever letting the server read a socket: measured, 50 queued admin-list queries held the
 * event loop for 380 ms in one piece, and on the bench /health waited 236–408 ms (p99) behind such queues.
 * With a turn every 10 ms it waits 15–25 ms, at the same throughput (4 ms cost more: smaller batches of
 * socket reads; docs/benchmarks.md "The event loop's turn").
 */
const TURN_EVERY_MS = 10;
const { serialize } = protocol;

/**
 * PGlite as drizzle's client, with each statement prepared once and run in one call into the database.
 *
 * PGlite's own `query` sends parse, describe, bind, describe, execute and sync as six calls into its WASM
 * and parses and plans the statement again every time; and drizzle passes its type parsers with every
 * query, which PGlite copies over all of its own (per query). Measured on an insert of four values: 0.18 ms
 * per statement through `PGlite.query`, 0.035 ms here (bench/, ARCHITECTURE.md "PGlite"). A wadesk
 * transaction is a dozen statements, so that was most of an inbound message's cost.
 *
 * Here a statement's text is parsed once into a named prepared statement (at most MAX_PREPARED are kept,
 * the least recently used closed), and each execution is one buffer — bind, describe, execute, sync —
 * handed to PGlite in one call. Parameters are sent as text, converted the way node-postgres converts
 * them (the code already runs on node-postgres against PostgreSQL, so values mean the same on both);
 * results are parsed with PGlite's parsers, so rows look exactly as `PGlite.query` gives them.
 *
 * Locking is PGlite's: a query outside a transaction takes the transaction lock as `PGlite.query` does,
 * and every statement takes the query lock, so this mixes safely with PGlite's own methods (the backup's
 * `transaction`, `dumpDataDir`).
 */
export class PgliteConnection {
  readonly #pg: PGlite;
  readonly #locks: Locks;
  /** Statement text → prepared statement name; a Map keeps insertion order, so the first is the least recently used. */
  readonly #prepared = new Map<string, string>();
  #nextName = 0;
  /** PGlite's parsers with a caller's overrides on top, per set of overridden type ids. */
  readonly #merged = new Map<string, Parsers>();
  readonly #maxPrepared: number;
  /** When the event loop last had a turn that this connection saw (performance.now()). */
  #lastTurn = 0;

  constructor(pg: PGlite, options: { maxPrepared?: number } = {}) {
    this.#pg = pg;
    this.#locks = pg as unknown as Locks;
    this.#maxPrepared = options.maxPrepared ?? MAX_PREPARED;
  }

  /** The PGlite underneath (backups, tools). */
  get pglite(): PGlite {
    return this.#pg;
  }

  query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.#locks._runExclusiveTransaction(() => this.#run<T>(text, params, options, false));
  }

  exec(text: string): Promise<Results[]> {
    return this.#locks._runExclusiveTransaction(() => this.#simple(text, false));
  }

  transaction<T>(callback: (tx: ConnectionTransaction) => Promise<T>): Promise<T> {
    return this.#locks._runExclusiveTransaction(async () => {
      await this.#simple('BEGIN', true);
      let closed = false;
      const open = () => {
        if (closed) throw new Error('Transaction is closed');
      };
      const tx: ConnectionTransaction = {
        query: <R>(text: string, params?: unknown[], options?: QueryOptions) => {
          open();
          return this.#run<R>(text, params ?? [], options, true);
        },
        exec: (text: string) => {
          open();
          return this.#simple(text, true);
        },
        rollback: async () => {
          open();
          await this.#simple('ROLLBACK', true);
          closed = true;
        },
        get closed() {
          return closed;
        },
      };
      try {
        const result = await callback(tx);
        if (!closed) {
          closed = true;
          const [commit] = await this.#simple('COMMIT', true);
          // COMMIT of a transaction in which a statement failed rolls it back (and says so).
          if ((commit as { command?: string } | undefined)?.command === 'ROLLBACK') {
            throw new Error('The transaction was rolled back: a statement in it had failed');
          }
        }
        return result;
      } catch (err) {
        if (!closed) {
          closed = true;
          await this.#simple('ROLLBACK', true);
        }
        throw err;
      } finally {
        await this.#pg.syncToFs();
      }
    });
  }

  async #run<T>(text: string, params: readonly unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> {
    await this.#turn();
    const messages = await this.#locks._runExclusiveQuery(async () => {
      let name = this.#prepared.get(text);
      const parts: Uint8Array[] = [];
      const fresh = name === undefined;
      if (name === undefined) {
        name = `wadesk_${(this.#nextName += 1)}`;
        if (this.#prepared.size >= this.#maxPrepared) {
          const [oldestText, oldest] = this.#prepared.entries().next().value as [string, string];
          this.#prepared.delete(oldestText);
          parts.push(serialize.close({ type: 'S', name: oldest }));
        }
        parts.push(serialize.parse({ name, text, types: [] }));
      } else {
        // Most recently used goes last.
        this.#prepared.delete(text);
        this.#prepared.set(text, name);
      }
      parts.push(
        serialize.bind({ statement: name, values: params.map(toText) }),
        serialize.describe({ type: 'P', name: '' }),
        serialize.execute({}),
        serialize.sync(),
      );
      try {
        const result = await this.#pg.execProtocolStream(concat(parts), { syncToFs: false });
        if (fresh) this.#prepared.set(text, name);
        return result;
      } catch (err) {
        // The statement may have been prepared before its bind failed: close it (closing one that does
        // not exist is no error), so that the name is never reused half-made.
        if (fresh) await this.#pg.execProtocolStream(concat([serialize.close({ type: 'S', name }), serialize.sync()]), { syncToFs: false, throwOnError: false });
        throw withQuery(err, text);
      }
    });
    if (!inTransaction) await this.#pg.syncToFs();
    return this.#results<T>(messages, options)[0] ?? { rows: [], fields: [], affectedRows: 0 };
  }

  /** A statement (or several) without parameters, through the simple query protocol. */
  async #simple(text: string, inTransaction: boolean): Promise<Results[]> {
    await this.#turn();
    const messages = await this.#locks._runExclusiveQuery(async () => {
      try {
        return await this.#pg.execProtocolStream(serialize.query(text), { syncToFs: false });
      } catch (err) {
        throw withQuery(err, text);
      }
    });
    if (!inTransaction) await this.#pg.syncToFs();
    return this.#results(messages, undefined);
  }

  /**
   * Lets the event loop read sockets and run timers if statements have run back to back for TURN_EVERY_MS
   * (see there). Inside a transaction too: a group commit of 64 messages is a few hundred statements.
   */
  async #turn(): Promise<void> {
    if (performance.now() - this.#lastTurn < TURN_EVERY_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#lastTurn = performance.now();
  }

  /** Rows, fields and affected rows of each statement in the answer, as `PGlite.query` returns them. */
  #results<T>(messages: readonly BackendMessage[], options: QueryOptions | undefined): Results<T>[] {
    const parsers = this.#parsers(options?.parsers);
    const asArrays = options?.rowMode === 'array';
    const out: Results<T>[] = [];
    let fields: { name: string; dataTypeID: number }[] = [];
    let parse: Parser[] = [];
    let rows: unknown[] = [];
    let affectedRows = 0;
    for (const message of messages) {
      switch (message.name) {
        case 'rowDescription': {
          const described = (message as unknown as { fields: { name: string; dataTypeID: number }[] }).fields;
          fields = described.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
          parse = fields.map((f) => parsers[f.dataTypeID] ?? identity);
          break;
        }
        case 'dataRow': {
          const values = (message as unknown as { fields: (string | null)[] }).fields;
          if (asArrays) {
            rows.push(values.map((v, i) => (v === null ? null : parse[i]!(v, fields[i]!.dataTypeID))));
          } else {
            const row: Record<string, unknown> = {};
            for (let i = 0; i < values.length; i += 1) {
              const v = values[i]!;
              row[fields[i]!.name] = v === null ? null : parse[i]!(v, fields[i]!.dataTypeID);
            }
            rows.push(row);
          }
          break;
        }
        case 'commandComplete': {
          affectedRows += affectedBy((message as unknown as { text: string }).text);
          out.push({ rows: rows as T[], fields, affectedRows, ...commandOf((message as unknown as { text: string }).text) } as Results<T>);
          fields = [];
          parse = [];
          rows = [];
          affectedRows = 0;
          break;
        }
        case 'emptyQuery':
          out.push({ rows: [], fields: [], affectedRows: 0 } as Results<T>);
          break;
        default:
          break;
      }
    }
    return out;
  }

  #parsers(overrides: Parsers | undefined): Parsers {
    // PGlite adds the array types' parsers once it is ready; they are read here, after that.
    const own = (this.#pg as unknown as { parsers: Parsers }).parsers;
    if (!overrides) return own;
    const key = Object.keys(overrides).join(',');
    let merged = this.#merged.get(key);
    if (!merged) {
      merged = { ...own, ...overrides };
      this.#merged.set(key, merged);
    }
    return merged;
  }
}

const identity: Parser = (value) => value;

/**
 * A parameter as text, the way node-postgres sends it: null stays null (SQL NULL), a Date as ISO 8601, an
 * array as a PostgreSQL array literal, bytes as bytea hex, another object as JSON, the rest as its string.
 */
function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (Array.isArray(value)) return arrayLiteral(value);
  return JSON.stringify(value);
}

function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((item) => {
    if (item === null || item === undefined) return 'NULL';
    if (Array.isArray(item)) return arrayLiteral(item);
    const text = toText(item)!;
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Rows an INSERT, UPDATE, DELETE, MERGE or COPY touched, from its command tag ("INSERT 0 3", "UPDATE 2"). */
function affectedBy(tag: string): number {
  const [command, ...rest] = tag.split(' ');
  if (command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE' || command === 'COPY') {
    return Number(rest.at(-1)) || 0;
  }
  return 0;
}

function commandOf(tag: string): { command: string } {
  return { command: tag.split(' ')[0] ?? tag };
}

/** The statement's text on a database error (as PGlite's own errors carry it); its parameters never. */
function withQuery(err: unknown, text: string): unknown {
  if (err && typeof err === 'object' && 'severity' in err && !('query' in err)) {
    Object.defineProperty(err, 'query', { value: text, enumerable: false, configurable: true });
  }
  return err;
}
