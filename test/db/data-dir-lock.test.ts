import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE, readLockHolder } from '../../src/db/data-dir-lock.js';
import { seedDataDir, spawnWadesk, type ServerProcess } from '../helpers/server-process.js';

const LOCKED = /^wadesk: (\S+) is in use by another wadesk process \(pid (\d+), .*started \d\d:\d\d, (http:\/\/\S+)\); stop it first or use another DATA_DIR$/;

describe('one wadesk process per DATA_DIR', () => {
  let dataDir: string;
  const started: ServerProcess[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-lock-'));
    await seedDataDir(dataDir);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.stop('SIGKILL')));
    await rm(dataDir, { recursive: true, force: true });
  });
  const start = (entry?: string) => {
    const p = spawnWadesk({ DATA_DIR: dataDir, PORT: '0' }, entry);
    started.push(p);
    return p;
  };

  it('refuses a second server and npm run migrate at once, with one line naming the folder and the holder; the first keeps working', { timeout: 90_000 }, async () => {
    const first = start();
    const url = await first.url();

    const second = start();
    expect((await second.exited).code).not.toBe(0);
    const lines = second.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(LOCKED);
    const [, folder, pid, holderUrl] = LOCKED.exec(lines[0]!)!;
    expect([folder, Number(pid), holderUrl]).toEqual([dataDir, first.pid, url]);

    const migrate = start('src/db/migrate-cli.ts');
    expect((await migrate.exited).code).not.toBe(0);
    expect(migrate.stderr().trim()).toMatch(LOCKED);

    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(await readLockHolder(dataDir)).toMatchObject({ pid: first.pid, url });
  });

  it('does not outlive a server killed with kill -9: the next start takes the folder at once', { timeout: 90_000 }, async () => {
    const first = start();
    await first.url();
    await first.stop('SIGKILL');
    // The dead holder's file is still there…
    expect(JSON.parse(await readFile(path.join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: first.pid });
    expect(await readLockHolder(dataDir)).toBeNull();

    // …and does not stop the next one.
    const next = start();
    const url = await next.url();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(await readLockHolder(dataDir)).toMatchObject({ pid: next.pid, url });
  });

  it('lets npm run migrate run when no server holds the folder, and leaves no lock behind', { timeout: 60_000 }, async () => {
    const migrate = start('src/db/migrate-cli.ts');
    expect((await migrate.exited).code).toBe(0);
    expect(migrate.stdout()).toContain('Migrations applied (pglite)');
    await expect(readFile(path.join(dataDir, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('the lock file', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-lock-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  const writeLock = (record: object) => writeFile(path.join(dataDir, LOCK_FILE), JSON.stringify(record));

  it('is held until released, names its holder and where it answers, and is gone after release', async () => {
    const lock = await acquireDataDirLock(dataDir, 'server');
    const error = await acquireDataDirLock(dataDir, 'migrate').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect(error).toMatchObject({ dataDir, holder: { pid: process.pid, url: null } });

    await lock.setUrl('http://127.0.0.1:3999');
    expect(await readLockHolder(dataDir)).toEqual({ pid: process.pid, hostname: expect.any(String), startedAt: expect.any(String), url: 'http://127.0.0.1:3999' });
    await lock.release();
    expect(await readLockHolder(dataDir)).toBeNull();
    await (await acquireDataDirLock(dataDir, 'server')).release();
  });

  it('takes over a lock whose pid now belongs to another process (pid reuse)', async () => {
    const { hostname } = await import('node:os');
    // Our own pid, but a start time that is not ours: the recorded process is gone.
    await writeLock({ pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), processStart: '1', url: null, purpose: 'server' });
    expect(await readLockHolder(dataDir)).toBeNull();
    const lock = await acquireDataDirLock(dataDir, 'server');
    expect(await readLockHolder(dataDir)).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('takes over an unreadable lock file', async () => {
    await writeFile(path.join(dataDir, LOCK_FILE), '{"pid":');
    const lock = await acquireDataDirLock(dataDir, 'server');
    await lock.release();
  });

  it('gives a contested stale lock to exactly one of several newcomers', async () => {
    const { hostname } = await import('node:os');
    await writeLock({ pid: 2 ** 22 + 1, hostname: hostname(), startedAt: new Date().toISOString(), processStart: '1', url: null, purpose: 'server' });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => acquireDataDirLock(dataDir, 'server')));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual(
      Array.from({ length: 5 }, () => expect.any(DataDirLockedError)),
    );
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireDataDirLock>>>).value.release();
  });

  it('counts a holder on another host as alive (it cannot be checked from here)', async () => {
    await writeLock({ pid: 1234, hostname: 'another-host.example', startedAt: new Date().toISOString(), processStart: '1', url: null, purpose: 'server' });
    const error = await acquireDataDirLock(dataDir, 'server').catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('pid 1234 on another-host.example');
  });
});
