import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { useResource } from './resource.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ScratchDatabase {
  url: string;
  /** Removes the database (again, if a test already did). */
  drop(): Promise<void>;
}

/** A new empty database on the test server; `drop()` removes it. */
export async function scratchDatabase(): Promise<ScratchDatabase> {
  const name = `wadesk_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A scratch database for the tests of a describe block, dropped after them. */
export function useScratchDatabase(): ScratchDatabase {
  return useResource('the scratch database', scratchDatabase, (scratch) => scratch.drop());
}
