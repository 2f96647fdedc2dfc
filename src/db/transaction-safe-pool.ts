import type pg from 'pg';
import { isDatabaseUnavailable } from './connection-errors.js';

/**
 * The pool as drizzle sees it. Drizzle's transaction checks a client out and sends `begin` before its
 * try/finally: when the connection breaks at that moment (the server restarts, the network drops) the
 * client is never released, and after a few such moments the pool has no connection left and the app
 * never recovers. Here a checked-out client whose connection breaks goes back to the pool (and is
 * discarded) at once; drizzle's own release afterwards does nothing.
 *
 * The class name must contain "Pool": that is how drizzle tells a pool from a single client.
 */
export class TransactionSafePool {
  readonly #names = new StatementNames();

  constructor(private readonly pool: pg.Pool) {}

  query(...args: unknown[]): unknown {
    return (this.pool.query as (...a: unknown[]) => unknown)(...this.#names.named(args));
  }

  async connect(): Promise<pg.PoolClient> {
    const client = await this.pool.connect();
    let released = false;
    const release = (err?: Error | boolean) => {
      if (released) return;
      released = true;
      client.release(err);
    };
    const query = async (...args: unknown[]) => {
      try {
        return await (client.query as (...a: unknown[]) => Promise<unknown>)(...this.#names.named(args));
      } catch (err) {
        if (isDatabaseUnavailable(err)) release(err as Error);
        throw err;
      }
    };
    return new Proxy(client, {
      get(target, property, receiver) {
        if (property === 'release') return release;
        if (property === 'query') return query;
        return Reflect.get(target, property, receiver);
      },
    });
  }
}

/** How many distinct statements get a name; any beyond are sent unnamed (parsed each time), as before. */
const MAX_NAMED = 500;

/**
 * Names for drizzle's statements, so that node-postgres prepares each once per connection and then only
 * binds and executes it: PostgreSQL parses and plans it once (and may keep a generic plan) instead of on
 * every execution. The same text always gets the same name (node-postgres refuses one name for two texts).
 * The texts come from the code, so there are few of them; multi-row statements of varying sizes are the
 * reason for a bound.
 */
class StatementNames {
  readonly #names = new Map<string, string>();

  named(args: unknown[]): unknown[] {
    const config = args[0];
    if (typeof config !== 'object' || config === null) return args;
    const { text, name } = config as { text?: unknown; name?: unknown };
    if (typeof text !== 'string' || name !== undefined) return args;
    let assigned = this.#names.get(text);
    if (assigned === undefined) {
      if (this.#names.size >= MAX_NAMED) return args;
      assigned = `wadesk_${this.#names.size + 1}`;
      this.#names.set(text, assigned);
    }
    return [{ ...config, name: assigned }, ...args.slice(1)];
  }
}
