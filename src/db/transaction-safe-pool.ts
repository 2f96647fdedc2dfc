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
  constructor(private readonly pool: pg.Pool) {}

  query(...args: unknown[]): unknown {
    return (this.pool.query as (...a: unknown[]) => unknown)(...args);
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
        return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
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
