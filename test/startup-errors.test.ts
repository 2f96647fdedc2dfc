import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_FILE } from '../src/config.js';
import { TEST_DATABASE_URL } from './helpers/postgres.js';
import { waitFor } from './helpers/webhooks.js';
import { missing } from './helpers/requirements.js';
import { seedDataDir, spawnWadesk, type ServerProcess } from './helpers/server-process.js';

/**
 * The real server, started the way operators start it, in each situation that stops it: it exits ≠ 0
 * with one or two lines saying what is wrong and what to do, and no stack trace unless LOG_LEVEL=debug.
 */
describe('start-up failures', { timeout: 60_000 }, () => {
  let dataDir: string;
  const processes: ServerProcess[] = [];
  const servers: net.Server[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-startup-'));
  });
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Starts wadesk and waits for it to give up; returns what it printed on stderr. */
  async function failingStart(env: NodeJS.ProcessEnv): Promise<string> {
    const p = spawnWadesk({ DATA_DIR: dataDir, PORT: '0', ...env });
    processes.push(p);
    const { code } = await p.exited;
    expect(code).toBe(1);
    const stderr = p.stderr().trim();
    expect(stderr.split('\n').length).toBeLessThanOrEqual(2);
    expect(stderr).not.toMatch(/^\s+at /m);
    return stderr;
  }

  async function occupiedPort(): Promise<number> {
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  }

  it('says the port is in use', async () => {
    await seedDataDir(dataDir);
    const port = await occupiedPort();
    expect(await failingStart({ PORT: String(port) })).toBe(`wadesk: port ${port} on 127.0.0.1 is already in use (another wadesk or another program); stop it or set another PORT`);
  });

  it('says the host cannot be bound', async () => {
    await seedDataDir(dataDir);
    // TEST-NET-1 (RFC 5737): never an address of this machine.
    expect(await failingStart({ HOST: '192.0.2.1' })).toMatch(/^wadesk: cannot listen on HOST=192\.0\.2\.1: it is not an address of this machine; use 127\.0\.0\.1/);
  });

  it('says the PostgreSQL server cannot be reached', async () => {
    const port = await occupiedPort();
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const stderr = await failingStart({ DATABASE_URL: `postgres://wadesk:secret-password@127.0.0.1:${port}/wadesk` });
    expect(stderr).toMatch(new RegExp(`^wadesk: cannot reach the PostgreSQL server at 127\\.0\\.0\\.1:${port}/wadesk \\(.*ECONNREFUSED.*\\); check that it runs and DATABASE_URL is right$`));
    expect(stderr).not.toContain('secret-password');
  });

  it.skipIf(missing('postgres'))('says the PostgreSQL server refused the credentials', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.username = 'wadesk_no_such_role';
    url.password = 'secret-password';
    const stderr = await failingStart({ DATABASE_URL: url.toString() });
    expect(stderr).toMatch(/^wadesk: the PostgreSQL server at .* refused the credentials \(.*wadesk_no_such_role.*\); check the user and password in DATABASE_URL$/);
    expect(stderr).not.toContain('secret-password');
  });

  it('says the data folder belongs to a newer wadesk', async () => {
    await seedDataDir(dataDir);
    const pglite = new PGlite(path.join(dataDir, 'pglite'));
    await pglite.query(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', 99999999999999)`);
    await pglite.close();
    expect(await failingStart({})).toBe(
      `wadesk: the data folder ${dataDir} was used by a newer version of wadesk (1 migration(s) this version does not know).\n`
      + '  Run that newer version, or restore a backup made with this one.',
    );
  });

  it('says the data folder is damaged and how to restore a backup; the stack only at LOG_LEVEL=debug', async () => {
    await seedDataDir(dataDir);
    await writeFile(path.join(dataDir, 'pglite', 'global', 'pg_control'), 'not a control file');
    const stderr = await failingStart({});
    expect(stderr).toMatch(new RegExp(`^wadesk: the database in ${dataDir} is damaged and cannot be opened \\(.+\\)\\.\\n  Restore the latest backup: move ${dataDir} aside, then run: wadesk restore <backup file>$`));

    const debug = spawnWadesk({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'debug' });
    processes.push(debug);
    expect((await debug.exited).code).toBe(1);
    expect(debug.stderr()).toMatch(/^\s+at /m);
  });

  it('prints a final "stopped" line when stopped with SIGTERM', async () => {
    await seedDataDir(dataDir);
    const p = spawnWadesk({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' });
    processes.push(p);
    await p.url();
    expect(await p.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const last = p.stdout().trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ msg: 'stopped' });
  });

  it('names each problem of a bad content file with its line, and does not start', async () => {
    await seedDataDir(dataDir);
    const file = path.join(dataDir, 'content.yaml');
    const shipped = await readFile(DEFAULT_CONTENT_FILE, 'utf8');
    await writeFile(file, shipped.replace('      closing: Thank you for contacting support!\n', '      closng: Thank you for contacting support!\n'));
    const lineOf = (needle: string) => shipped.slice(0, shipped.indexOf(needle)).split('\n').length;
    const [line, chat] = [lineOf('      closing: Thank you'), lineOf('    chat:\n      welcome')];
    expect(await failingStart({ CONTENT_FILE: file })).toBe(
      `wadesk: the content file ${file} has 2 problems: line ${line}: languages.en.chat.closng is not a field here (a typo?); known: welcome, acknowledgement, agentPrefix, closing, agentJoined, endChatButton, mainMenuButton; `
      + `line ${chat}: languages.en.chat.closing is missing\n  Fix it and start again (or unset CONTENT_FILE to use the content shipped with wadesk).`,
    );
  });

  it('reads the content file again on SIGHUP, and says so', async () => {
    await seedDataDir(dataDir);
    const file = path.join(dataDir, 'content.yaml');
    await writeFile(file, await readFile(DEFAULT_CONTENT_FILE, 'utf8'));
    const p = spawnWadesk({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', CONTENT_FILE: file });
    processes.push(p);
    await p.url();
    p.child.kill('SIGHUP');
    await waitFor('the reload logged', async () => p.stdout().includes('content reloaded'));
    const line = p.stdout().split('\n').find((l) => l.includes('content reloaded'))!;
    expect(JSON.parse(line)).toMatchObject({ part: 'content', file, languages: ['en', 'fr'] });
    expect(await p.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
