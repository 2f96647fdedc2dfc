import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from './client.js';

interface Entry {
  snapshot: string;
  value: Promise<unknown>;
}

/** The database's snapshot as text: `xmin:xmax:in-progress ids`. */
export async function databaseSnapshot(db: Executor): Promise<string> {
  const [row] = rowsOf<{ snapshot: string }>(await db.execute(sql`select pg_current_snapshot()::text as snapshot`));
  return row!.snapshot;
}

/**
 * Answers of reads, kept for as long as the database has committed nothing since they were read.
 *
 * Freshness is the database's own: its snapshot (`pg_current_snapshot()`, the transactions committed so far
 * and those still in progress). Two equal snapshots see the same rows, and any commit — by this process,
 * another instance on the same PostgreSQL, a CLI command — gives a different one; a read-only statement gives
 * none. A read is stored under the snapshot taken just *before* it, so an answer is never older than what the
 * asker would have read itself. On PostgreSQL the snapshot is the whole server's: a commit in another
 * database there also counts as a change (a miss, never a stale answer).
 *
 * For reads that are asked again and again with nothing changed in between (an integration polling the
 * conversation list, every agent's inbox loading the same page): a hit costs one small statement instead
 * of the read (benchmarks: the list of 20 conversations 1.1 → 0.07 ms of database work). Requests for the
 * same key and snapshot that arrive together share one read. Only for answers that follow from the rows
 * alone (never from the clock or the asker beyond what the key says); callers must not change a value
 * they get.
 */
export class ReadCache {
  readonly #entries = new Map<string, Entry>();
  readonly #db: Executor;
  readonly #capacity: number;

  constructor(db: Executor, capacity = 64) {
    this.#db = db;
    this.#capacity = capacity;
  }

  async get<T>(key: string, read: () => Promise<T>): Promise<T> {
    const snapshot = await databaseSnapshot(this.#db);
    const found = this.#entries.get(key);
    this.#entries.delete(key);
    if (found && found.snapshot === snapshot) {
      this.#entries.set(key, found); // the most recently used goes last
      return found.value as Promise<T>;
    }
    const value = read();
    const entry: Entry = { snapshot, value };
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    // A read that failed is not an answer: the next request reads again.
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return value;
  }

  /** How many answers are kept (for tests). */
  get size(): number {
    return this.#entries.size;
  }
}
