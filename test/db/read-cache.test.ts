import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Database } from '../../src/db/client.js';
import { databaseSnapshot, ReadCache } from '../../src/db/read-cache.js';
import { freshDatabase } from '../helpers/database.js';
import { useScratchDatabase } from '../helpers/postgres.js';
import { missing } from '../helpers/requirements.js';

/** A read that counts how often it ran and gives the table's rows. */
function countedRead(database: () => Database) {
  let runs = 0;
  return {
    runs: () => runs,
    read: async () => {
      runs++;
      return rowsOf<{ v: string }>(await database().db.execute(sql`select v from read_cache_t order by v`)).map((r) => r.v);
    },
  };
}

/**
 * Runs `attempt` until nothing committed while it ran. A PostgreSQL server's snapshot is the whole
 * server's: while other suites write to their own databases, a hit can become a miss (never the reverse).
 */
async function whileNothingCommits(database: Database, attempt: () => Promise<void>): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const before = await databaseSnapshot(database.db);
    await attempt();
    if ((await databaseSnapshot(database.db)) === before) return;
  }
  throw new Error('the database never stayed still long enough');
}

function behaves(open: () => Promise<Database>, openAnother?: () => Promise<Database>) {
  let database: Database;
  beforeAll(async () => {
    database = await open();
    await database.db.execute(sql`create table read_cache_t (v text primary key)`);
  });
  afterAll(() => database?.close());

  it('answers again without reading while nothing commits, and reads again after any commit', async () => {
    await whileNothingCommits(database, async () => {
      const cache = new ReadCache(database.db);
      const counted = countedRead(() => database);
      expect(await cache.get('k', counted.read)).toEqual([]);
      expect(await cache.get('k', counted.read)).toEqual([]);
      // Reads by others change nothing.
      await database.db.execute(sql`select count(*) from read_cache_t`);
      expect(await cache.get('k', counted.read)).toEqual([]);
      expect(counted.runs()).toBe(1);
    });

    const cache = new ReadCache(database.db);
    const counted = countedRead(() => database);
    await cache.get('k', counted.read);
    await database.db.execute(sql`insert into read_cache_t values ('a')`);
    expect(await cache.get('k', counted.read)).toEqual(['a']);
    expect(counted.runs()).toBe(2);
    // A commit anywhere counts, even in a table the read does not look at.
    await database.db.execute(sql`create table if not exists read_cache_other (x int)`);
    await database.db.execute(sql`insert into read_cache_other values (1)`);
    expect(await cache.get('k', counted.read)).toEqual(['a']);
    expect(counted.runs()).toBe(3);
    // A transaction rolled back leaves the rows as they were, but is not assumed to.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into read_cache_t values ('rolled back')`);
      tx.rollback();
    }).catch(() => undefined);
    expect(await cache.get('k', counted.read)).toEqual(['a']);
    expect(counted.runs()).toBe(4);
  });

  it('keeps answers by key, shares one read between requests that arrive together, and forgets a failed read', async () => {
    await whileNothingCommits(database, async () => {
      const cache = new ReadCache(database.db, 2);
      const counted = countedRead(() => database);
      const together = await Promise.all([cache.get('x', counted.read), cache.get('x', counted.read), cache.get('x', counted.read)]);
      expect(together).toEqual([['a'], ['a'], ['a']]);
      expect(counted.runs()).toBe(1);
      await cache.get('y', counted.read);
      await cache.get('x', counted.read);
      expect(counted.runs()).toBe(2);
      await cache.get('z', counted.read); // capacity 2: 'y' (the least recently used) goes
      expect(cache.size).toBe(2);
      await cache.get('x', counted.read);
      expect(counted.runs()).toBe(3);
      await cache.get('y', counted.read);
      expect(counted.runs()).toBe(4);
    });

    const cache = new ReadCache(database.db);
    let failures = 0;
    const failing = () => Promise.reject(new Error(`failure ${++failures}`));
    await expect(cache.get('f', failing)).rejects.toThrow('failure 1');
    await expect(cache.get('f', failing)).rejects.toThrow('failure 2');
  });

  if (openAnother) {
    it('reads again after a commit by another instance on the same database', async () => {
      const other = await openAnother();
      try {
        const cache = new ReadCache(database.db);
        const counted = countedRead(() => database);
        const first = await cache.get('k', counted.read);
        await other.db.execute(sql`insert into read_cache_t values ('from the other instance')`);
        expect(await cache.get('k', counted.read)).toEqual([...first, 'from the other instance'].sort());
        expect(counted.runs()).toBe(2);
      } finally {
        await other.close();
      }
    });
  }
}

describe('ReadCache (PGlite)', () => {
  behaves(freshDatabase);
});

describe.skipIf(missing('postgres'))('ReadCache (PostgreSQL)', () => {
  const scratch = useScratchDatabase();
  behaves(() => openDatabase({ databaseUrl: scratch.url }), () => openDatabase({ databaseUrl: scratch.url }));
});
