import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/database.js';
import { rowsOf, type Database } from '../../src/db/client.js';
import { anyOf } from '../../src/db/any-of.js';

describe('anyOf', () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
    await database.db.execute(sql`create table any_of_t (id bigint primary key, name text not null)`);
    await database.db.execute(sql`insert into any_of_t values (1, 'one'), (2, 'two'), (3, 'three'), (4, 'it''s "4"')`);
  });
  afterAll(() => database.close());

  const ids = async (condition: ReturnType<typeof anyOf>) =>
    rowsOf<{ id: number }>(await database.db.execute(sql`select id from any_of_t where ${condition} order by id`)).map((r) => Number(r.id));

  it('matches the listed values, however many, with one parameter and the same statement text', async () => {
    expect(await ids(anyOf(sql`id`, [], 'bigint'))).toEqual([]);
    expect(await ids(anyOf(sql`id`, [2], 'bigint'))).toEqual([2]);
    expect(await ids(anyOf(sql`id`, [3, 1, 99], 'bigint'))).toEqual([1, 3]);
    expect(await ids(anyOf(sql`name`, ['two', 'it\'s "4"', 'x,y'], 'text'))).toEqual([2, 4]);
    const text = (values: number[]) => database.db.select().from(sql`any_of_t` as never).where(anyOf(sql`id`, values, 'bigint')).toSQL();
    expect(text([1]).sql).toBe(text([1, 2, 3]).sql);
    expect(text([1, 2, 3]).params).toEqual([[1, 2, 3]]);
  });
});
