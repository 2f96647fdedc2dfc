import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentDirectory } from '../../src/admin/agents.js';
import { openDatabase } from '../../src/db/client.js';
import { readLockHolder } from '../../src/db/data-dir-lock.js';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';
import { bearer } from '../admin/support.js';
import { messagesFrom, postEvent, text, userMessage } from '../helpers/webhooks.js';
import { useScratchDatabase } from '../helpers/postgres.js';
import { missing } from '../helpers/requirements.js';
import { seedDataDir } from '../helpers/server-process.js';
import { runCli } from './run-cli.js';

const SLOW = 90_000;

describe('wadesk --help', () => {
  it('lists every command, and each command explains itself', async () => {
    const runs = await Promise.all([
      ['--help'], ['agent', '--help'], ['agent', 'add', '--help'], ['token', 'create', '--help'], ['backup', '--help'],
      ['restore', '--help'], ['dead-letters', 'replay', '--help'], ['chat', '--help'], ['start', '--help'],
    ].map((args) => runCli(args, {}).then((run) => ({ args: args.join(' '), ...run }))));
    for (const run of runs) expect({ args: run.args, code: run.code, stderr: run.stderr }).toEqual({ args: run.args, code: 0, stderr: '' });
    const [top, agent, add, token, backup, restore, replay, chat, start] = runs.map((r) => r.stdout);
    for (const name of ['start', 'migrate', 'agent add', 'agent list', 'agent disable', 'agent passwd', 'token create', 'token revoke', 'backup', 'restore', 'dead-letters list', 'dead-letters replay', 'chat']) {
      expect(top).toContain(`  ${name} `);
    }
    expect(agent).toMatch(/^Usage: wadesk agent <add\|list\|disable\|enable\|passwd>/);
    expect(add).toMatch(/^Usage: wadesk agent add --name <name> --email <email>/);
    expect(add).toContain('--password-stdin');
    expect(token).toContain('wadesk token create <agent-id-or-email> --name <label>');
    expect(backup).toContain('pg_dump');
    expect(restore).toContain('must be stopped');
    expect(replay).toContain('wadesk dead-letters replay <id>');
    expect(chat).toContain('--phone');
    expect(start).toContain('Usage: wadesk start');
  }, SLOW);

  it('refuses an unknown command or option with a usage line and exit code 2', async () => {
    const [unknown, badOption] = await Promise.all([runCli(['frobnicate'], {}), runCli(['agent', 'list', '--colour'], {})]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/Unknown option '--colour'[\s\S]*Usage: wadesk agent list/);
  }, SLOW);
});

describe('wadesk against a running server on PGlite', () => {
  let dataDir: string;
  let env: Record<string, string>;
  const scratch: string[] = [];
  // Registered before the app, so it runs after the app has closed.
  afterAll(async () => {
    for (const dir of scratch) await rm(dir, { recursive: true, force: true });
  });
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-cli-'));
    scratch.push(dataDir);
    await seedDataDir(dataDir);
    env = { DATA_DIR: dataDir, ADMIN_API_TOKEN: TEST_SECRETS.adminToken };
  }, SLOW);
  // The server opens the folder itself, as `wadesk start` does: it takes the lock and records its URL there.
  const t = useTestApp(async () => ({ database: await openDatabase({ dataDir }), config: { dataDir }, closeDatabase: true }));
  const login = (email: string, password: string) =>
    fetch(`${t.url}/api/admin/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }).then((r) => r.status);

  it('finds the server through the folder lock', async () => {
    expect(await readLockHolder(dataDir)).toMatchObject({ pid: process.pid, url: t.url });
  });

  it('agent add and agent list go through the server', async () => {
    const added = await runCli(['agent', 'add', '--name', 'Ada Obi', '--email', 'Ada@Example.com', '--role', 'admin', '--password-stdin'], env, 'first-password-123\n');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain(`Agent ada@example.com (admin) created`);
    expect(added.stdout).toContain(`the running server at ${t.url}`);
    expect(await login('ada@example.com', 'first-password-123')).toBe(200);

    const listed = await runCli(['agent', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ email: 'ada@example.com', name: 'Ada Obi', role: 'admin', disabled: false })]));
    const table = await runCli(['agent', 'list'], env);
    expect(table.stdout).toMatch(/^ID\s+EMAIL\s+NAME\s+ROLE\s+STATUS\s+LAST LOGIN$/m);
    expect(table.stdout).toMatch(/ada@example\.com\s+Ada Obi\s+admin\s+active/);
  }, SLOW);

  it('agent passwd changes the password (checked by the API: at least 10 characters)', async () => {
    const changed = await runCli(['agent', 'passwd', 'ada@example.com', '--password-stdin'], env, 'second-password-456\n');
    expect(changed).toMatchObject({ code: 0, stdout: 'Password of ada@example.com changed.\n' });
    expect(await login('ada@example.com', 'first-password-123')).toBe(401);
    expect(await login('ada@example.com', 'second-password-456')).toBe(200);

    const tooShort = await runCli(['agent', 'passwd', 'ada@example.com', '--password-stdin'], env, 'short\n');
    expect(tooShort.code).toBe(1);
    expect(tooShort.stderr).toMatch(/^wadesk: .*VALIDATION_ERROR/);
  }, SLOW);

  it('agent disable stops the agent from logging in', async () => {
    const disabled = await runCli(['agent', 'disable', 'ada@example.com'], env);
    expect(disabled).toMatchObject({ code: 0, stdout: 'ada@example.com disabled.\n' });
    expect((await t.app.wadesk.auth.agents.findByEmail('ada@example.com'))?.disabledAt).toBeInstanceOf(Date);
    expect(await login('ada@example.com', 'second-password-456')).toBe(401);
  }, SLOW);

  it('never takes a password from the command line, and says how to give one without a terminal', async () => {
    const run = await runCli(['agent', 'add', '--name', 'Bo', '--email', 'bo@example.com'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--password-stdin');
    expect(await t.app.wadesk.auth.agents.findByEmail('bo@example.com')).toBeNull();
  }, SLOW);

  it('token create prints a working token alone on stdout; token revoke stops it', async () => {
    const agent = await t.app.wadesk.auth.agents.create({ name: 'Grace', email: 'grace@example.com', role: 'agent', password: 'grace-password-1' });
    const created = await runCli(['token', 'create', 'grace@example.com', '--name', 'helpdesk'], env);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^wdk_\S+$/);
    const id = /Token (\S+) for grace@example\.com/.exec(created.stderr)?.[1];
    expect(id).toBeDefined();
    expect((await fetch(`${t.url}/api/admin/agents/${agent.id}/tokens`, { headers: bearer(token) })).status).toBe(200);

    const revoked = await runCli(['token', 'revoke', id!], env);
    expect(revoked).toMatchObject({ code: 0, stdout: `Token ${id} revoked.\n` });
    expect((await fetch(`${t.url}/api/admin/agents/${agent.id}/tokens`, { headers: bearer(token) })).status).toBe(401);
  }, SLOW);

  it('backs up the running server, refuses to restore under it, and the backup restores into a fresh folder with the data in it', async () => {
    await t.app.wadesk.auth.agents.create({ name: 'Kept', email: 'kept@example.com', role: 'agent' });
    const file = path.join(dataDir, 'wadesk.tar.gz');
    const backup = await runCli(['backup', file], env);
    expect(backup).toMatchObject({ code: 0 });
    expect(backup.stdout).toContain(`Backup saved to ${file}`);
    expect(backup.stderr).toContain(`asking the running server at ${t.url}`);
    expect((await stat(file)).size).toBeGreaterThan(100_000);
    // The server kept working while it was taken.
    expect((await fetch(`${t.url}/ready`)).status).toBe(200);
    const again = await runCli(['backup', file], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists');

    const refused = await runCli(['restore', file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`the wadesk server at ${t.url} (process ${process.pid}) is using`);
    expect(refused.stderr).toContain('stop it');
    expect(await t.app.wadesk.auth.agents.findByEmail('kept@example.com')).not.toBeNull();

    const fresh = await mkdtemp(path.join(tmpdir(), 'wadesk-restored-'));
    scratch.push(fresh);
    const restored = await runCli(['restore', file], { DATA_DIR: fresh });
    expect(restored.stderr).toContain('checking that it opens');
    expect(restored).toMatchObject({ code: 0 });
    expect(restored.stdout).toContain(`Restored ${fresh} from ${file}.`);
    // No server holds the fresh folder: the CLI opens it directly.
    const listed = await runCli(['agent', 'list', '--json'], { DATA_DIR: fresh });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((a: { email: string }) => a.email)).toEqual(expect.arrayContaining(['ada@example.com', 'grace@example.com', 'kept@example.com']));
    expect(await readLockHolder(fresh)).toBeNull();
  }, SLOW);

  it('dead-letters list shows what the database refused; replay processes it once the fault is fixed', async () => {
    const db = t.app.wadesk.database.db;
    // A real refusal from the database for one message: the rest of the POST is stored, this one is kept aside.
    await db.execute(sql.raw(`create function cli_fault() returns trigger language plpgsql as $$ begin if new.text = 'refuse me' then raise exception 'refused by a test trigger'; end if; return new; end $$`));
    await db.execute(sql.raw('create trigger cli_fault before insert on messages for each row execute function cli_fault()'));
    const user = '2348055550001';
    t.fake.simulator.recordInbound(user, new Date());
    const poison = userMessage(user, text('refuse me'));
    expect((await postEvent(t.url, messagesFrom(user, 'Zainab', poison))).json.data).toMatchObject({ processed: 0, deadLettered: 1 });

    const listed = await runCli(['dead-letters', 'list'], env);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toMatch(/^ID\s+KIND\s+RECEIVED\s+REPLAYED\s+REASON$/m);
    const id = /^(\d+)\s+message\s+\S+\s+no\s+database error P0001: refused by a test trigger$/m.exec(listed.stdout)?.[1];
    expect(id).toBeDefined();
    // Personal data stays in the record, not in the table a person reads over someone's shoulder.
    expect(listed.stdout).not.toContain('refuse me');

    const stillBroken = await runCli(['dead-letters', 'replay', id!], env);
    expect(stillBroken.code).toBe(1);
    expect(stillBroken.stderr).toContain('REPLAY_FAILED');

    await db.execute(sql.raw('drop trigger cli_fault on messages'));
    const replayed = await runCli(['dead-letters', 'replay', id!], env);
    expect(replayed).toMatchObject({ code: 0, stdout: `Dead letter ${id} replayed.\n` });
    const history = await t.admin('GET', `/api/admin/conversations/${user}/messages`);
    expect(history.status).toBe(200);
    const [record] = JSON.parse((await runCli(['dead-letters', 'list', '--json'], env)).stdout) as Array<{ id: number; replayed_at: string | null }>;
    expect(record).toMatchObject({ id: Number(id), replayed_at: expect.any(String) });
  }, SLOW);

  it('restore over an existing database keeps the old one beside it', async () => {
    const file = path.join(dataDir, 'wadesk.tar.gz');
    const target = await mkdtemp(path.join(tmpdir(), 'wadesk-restored-'));
    scratch.push(target);
    expect((await runCli(['restore', file], { DATA_DIR: target })).code).toBe(0);
    const second = await runCli(['restore', file], { DATA_DIR: target });
    expect(second.code).toBe(0);
    const kept = (await readdir(target)).filter((name) => name.startsWith('pglite.before-restore-'));
    expect(kept).toHaveLength(1);
    expect(second.stdout).toContain(`The previous database is kept in ${path.join(target, kept[0]!)}`);
  }, SLOW);

  it('refuses a file that is not a backup and leaves the database as it was', async () => {
    const target = await mkdtemp(path.join(tmpdir(), 'wadesk-restored-'));
    scratch.push(target);
    const bogus = path.join(target, 'not-a-backup.tar.gz');
    await writeFile(bogus, 'this is not a tarball');
    const run = await runCli(['restore', bogus], { DATA_DIR: target });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not a wadesk backup that can be opened');
    expect((await readdir(target)).sort()).toEqual(['not-a-backup.tar.gz']);
  }, SLOW);
});

describe.skipIf(missing('postgres'))('wadesk on PostgreSQL', () => {
  const scratch = useScratchDatabase();

  it('manages agents and tokens directly on the database', async () => {
    const env = { DATABASE_URL: scratch.url };
    const added = await runCli(['agent', 'add', '--name', 'Tolu', '--email', 'tolu@example.com', '--password-stdin'], env, 'tolu-password-1\n');
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toContain('in PostgreSQL (DATABASE_URL)');
    const token = await runCli(['token', 'create', 'tolu@example.com', '--name', 'script'], env);
    expect(token.code).toBe(0);
    const database = await openDatabase({ databaseUrl: scratch.url });
    try {
      const agent = await new AgentDirectory(database.db).findByEmail('tolu@example.com');
      expect(agent).toMatchObject({ name: 'Tolu', role: 'agent', disabledAt: null });
      expect(await new AgentDirectory(database.db).listTokens(agent!.id)).toEqual([expect.objectContaining({ name: 'script', prefix: token.stdout.trim().slice(0, 10), revoked: false })]);
    } finally {
      await database.close();
    }
  }, SLOW);

  it('backup and restore point to pg_dump / pg_restore and exit non-zero', async () => {
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/not-used-by-this-test' };
    const [backup, restore] = await Promise.all([runCli(['backup', '/tmp/never-written.tar.gz'], env), runCli(['restore', '/tmp/never-read.tar.gz'], env)]);
    for (const run of [backup, restore]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('pg_dump --format=custom');
      expect(run.stderr).toContain('pg_restore --clean --if-exists');
    }
  }, SLOW);
});
