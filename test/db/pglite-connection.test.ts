import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/database.js';
import { rowsOf, type Database } from '../../src/db/client.js';
import { PgliteConnection } from '../../src/db/pglite-connection.js';

/**
 * The PGlite connection drizzle runs on: statements prepared once, parameters sent as node-postgres sends
 * them, rows as PGlite gives them, PGlite's locks kept. Checked against PGlite itself where they must agree.
 */
describe('PgliteConnection', () => {
  let pg: PGlite;
  let connection: PgliteConnection;

  beforeAll(async () => {
    pg = new PGlite();
    await pg.exec(`create table t (id serial primary key, name text not null unique, tags text[], doc jsonb, at timestamptz, n bigint, ok boolean, raw bytea)`);
    connection = new PgliteConnection(pg, { maxPrepared: 3 });
  });
  afterAll(() => pg.close());

  it('sends every kind of parameter the way node-postgres does, and reads rows as PGlite does', async () => {
    const at = new Date('2026-12-01T10:11:12.345Z');
    const tags = ['plain', 'with "quotes"', 'back\\slash', 'comma,and space', null, ''];
    const inserted = await connection.query<{ id: number }>(
      'insert into t (name, tags, doc, at, n, ok, raw) values ($1, $2, $3, $4, $5, $6, $7) returning id',
      ['Ada', tags, { a: [1, 'two'], b: null }, at, 12345678901n, false, new Uint8Array([0, 1, 254, 255])],
    );
    expect(inserted.affectedRows).toBe(1);
    const ours = await connection.query('select * from t where id = $1', [inserted.rows[0]!.id]);
    const theirs = await pg.query('select * from t where id = $1', [inserted.rows[0]!.id]);
    expect(ours.rows).toEqual(theirs.rows);
    expect(ours.fields).toEqual(theirs.fields);
    expect(ours.rows[0]).toMatchObject({ name: 'Ada', tags, doc: { a: [1, 'two'], b: null }, at, n: 12345678901, ok: false });
    expect([...(ours.rows[0] as { raw: Uint8Array }).raw]).toEqual([0, 1, 254, 255]);
  });

  it('gives rows as arrays when asked, and applies the caller’s parsers over PGlite’s', async () => {
    const result = await connection.query('select $1::timestamptz as at, 2::int as two', ['2026-12-01T00:00:00Z'], {
      rowMode: 'array',
      parsers: { 1184: (value: string) => `raw:${value}` },
    });
    expect(result.rows).toEqual([['raw:2026-12-01 00:00:00+00', 2]]);
  });

  it('prepares a statement once, keeps only the most recently used, and runs every one again correctly', async () => {
    const prepared = async () => rowsOf<{ name: string }>(await pg.query('select name from pg_prepared_statements order by name')).map((r) => r.name);
    const texts = [1, 2, 3, 4, 5].map((i) => `select ${i} + $1::int as v`);
    for (const text of texts) await connection.query(text, [1]);
    const kept = await prepared();
    expect(kept).toHaveLength(3);
    for (const [i, text] of texts.entries()) {
      const { rows } = await connection.query<{ v: number }>(text, [10]);
      expect(rows[0]!.v).toBe(i + 11);
    }
    expect(await prepared()).toHaveLength(3);
  });

  it('an error leaves no half-prepared statement: the same statement runs afterwards', async () => {
    const text = 'select $1::int + 1 as v';
    await expect(connection.query(text, ['not a number'])).rejects.toMatchObject({ code: '22P02', query: text });
    expect((await connection.query<{ v: number }>(text, [41])).rows[0]!.v).toBe(42);
    await expect(connection.query('selec 1')).rejects.toMatchObject({ code: '42601' });
    expect((await connection.query<{ v: number }>('select 1 as v')).rows[0]!.v).toBe(1);
  });

  it('commits a transaction, rolls it back on an error, and reports a statement that failed inside', async () => {
    await connection.transaction(async (tx) => {
      await tx.query('insert into t (name) values ($1)', ['Grace']);
    });
    await expect(connection.transaction(async (tx) => {
      await tx.query('insert into t (name) values ($1)', ['Linus']);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    // A failed statement whose error the caller swallowed: the commit is a rollback, and says so.
    await expect(connection.transaction(async (tx) => {
      await tx.query('insert into t (name) values ($1)', ['Tolu']);
      await tx.query('insert into t (name) values ($1)', ['Grace']).catch(() => undefined);
    })).rejects.toThrow(/rolled back/);
    const names = (await connection.query<{ name: string }>('select name from t order by id')).rows.map((r) => r.name);
    expect(names).toEqual(['Ada', 'Grace']);
  });

  it('lets the event loop turn while a queue of statements drains, inside a transaction too', async () => {
    // Each statement takes 3 ms, so 20 of them run 60 ms; PGlite alone would run them all without a turn.
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns += 1;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    await Promise.all(Array.from({ length: 20 }, () => connection.query('select pg_sleep(0.003)')));
    const afterQueue = turns;
    await connection.transaction(async (tx) => {
      for (let i = 0; i < 20; i += 1) await tx.query('select pg_sleep(0.003)');
    });
    spinning = false;
    expect(afterQueue).toBeGreaterThanOrEqual(3);
    expect(turns - afterQueue).toBeGreaterThanOrEqual(3);
  });

  it('runs one statement at a time beside PGlite’s own transactions', async () => {
    let inside = false;
    const theirs = pg.transaction(async (tx) => {
      inside = true;
      await tx.query(`insert into t (name) values ('Margaret')`);
      await new Promise((resolve) => setTimeout(resolve, 30));
      inside = false;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const seen = await connection.query<{ c: number }>(`select count(*)::int as c from t where name = 'Margaret'`).then((r) => ({ inside, count: r.rows[0]!.c }));
    await theirs;
    expect(seen).toEqual({ inside: false, count: 1 });
  });
});

describe('drizzle on the PGlite connection', () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.close());

  it('is what openDatabase gives for PGlite, with PGlite itself beside it for backups', async () => {
    expect(database.pglite).toBeInstanceOf(PGlite);
    const { rows } = (await database.db.execute(sql`select ${'a'}::text as text, ${new Date(0)}::timestamptz as at`)) as unknown as { rows: unknown[] };
    expect(rows).toEqual([{ text: 'a', at: '1970-01-01 00:00:00+00' }]);
  });
});
