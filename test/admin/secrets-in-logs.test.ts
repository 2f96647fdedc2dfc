import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../../src/simulator/index.js';
import { until } from './support.js';

/**
 * Tokens and passwords never reach the logs. `buildApp` takes no log destination, so this runs the real
 * server (`src/server.ts`) as a child process at LOG_LEVEL=trace and reads what it writes, while a test
 * drives logins, tokens, a support chat and live events through it.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

const secrets = {
  adminToken: secret('admin-token'),
  accessToken: secret('wa-access'),
  appSecret: secret('wa-app-secret'),
  password: secret('agent-password'),
  wrongPassword: secret('wrong-password'),
  forgedToken: secret('forged-token'),
};
const PHONE_NUMBER_ID = '106540352242922';
const USER = '2348039876543';

describe('secrets in the logs (the real server process at LOG_LEVEL=trace)', () => {
  let server: ChildProcess;
  let fake: FakeGraphApi;
  let dataDir: string;
  let url = '';
  let stdout = '';
  let stderr = '';
  /** Secrets that only exist once the server runs (agent token, session cookie, generated first-admin password). */
  const issued: Record<string, string> = {};

  const api = async (method: string, route: string, options: { headers?: Record<string, string>; body?: unknown; raw?: string } = {}) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { ...(options.body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(options.raw !== undefined ? { body: options.raw } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, json: text.startsWith('{') ? JSON.parse(text) : null, cookies: response.headers.getSetCookie() };
  };
  const admin = { authorization: `Bearer ${secrets.adminToken}` };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-logs-'));
    fake = await startFakeGraphApi({
      accessToken: secrets.accessToken,
      appSecret: secrets.appSecret,
      phoneNumberId: PHONE_NUMBER_ID,
      displayPhoneNumber: '15550783881',
      webhookUrl: () => `${url}/webhooks/whatsapp`,
      statusDelaysMs: { sent: 5, delivered: 20 },
      webhookRetryDelaysMs: [20, 50],
    });
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (!/^(WHATSAPP_|WADESK_|DATABASE_URL$|PORT$|HOST$|DATA_DIR$|LOG_LEVEL$|ADMIN_API_TOKEN$|NODE_ENV$)/.test(name)) env[name] = value;
    }
    server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: {
        ...env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'trace',
        ADMIN_API_TOKEN: secrets.adminToken,
        WHATSAPP_ACCESS_TOKEN: secrets.accessToken,
        WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
        WHATSAPP_APP_SECRET: secrets.appSecret,
        WHATSAPP_VERIFY_TOKEN: secret('verify'),
        WHATSAPP_API_URL: fake.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString('utf8')));
    server.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    url = await until('the server to print its address', () => /wadesk is running at (http:\/\/\S+)/.exec(stdout)?.[1], 45_000);
  }, 60_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await fake?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 40_000);

  it('logs requests, but no token, password, session cookie or WhatsApp secret', async () => {
    // Agents, logins (right and wrong), a token used and revoked, a forged token, a malformed body with a password in it.
    const created = await api('POST', '/api/admin/agents', { headers: admin, body: { name: 'Log Agent', email: 'log.agent@example.com', password: secrets.password } });
    expect(created.status).toBe(201);
    const agentId = created.json.data.agent.id;
    expect((await api('POST', '/api/admin/auth/login', { body: { email: 'log.agent@example.com', password: secrets.wrongPassword } })).status).toBe(401);
    const login = await api('POST', '/api/admin/auth/login', { body: { email: 'log.agent@example.com', password: secrets.password } });
    expect(login.status).toBe(200);
    issued.session = login.cookies[0]!.split(';')[0]!.split('=')[1]!;
    const cookie = `wadesk_session=${issued.session}`;
    const token = await api('POST', `/api/admin/agents/${agentId}/tokens`, { headers: admin, body: { name: 'logs' } });
    issued.agentToken = token.json.data.token;
    expect((await api('GET', '/api/admin/conversations', { headers: { authorization: `Bearer ${issued.agentToken}` } })).status).toBe(200);
    expect((await api('GET', '/api/admin/conversations', { headers: { authorization: `Bearer ${secrets.forgedToken}` } })).status).toBe(401);
    expect((await api('GET', '/api/admin/conversations', { headers: { authorization: `Token ${secrets.forgedToken}` } })).status).toBe(401);
    expect((await api('POST', '/api/admin/auth/login', { raw: `{"email":"log.agent@example.com","password":"${secrets.wrongPassword}"` })).status).toBe(400);

    // A support chat: signed webhooks in, Graph API calls (with the access token) out, an agent reply by token and by session.
    const hello = await fake.simulator.sendUserMessage({ from: USER, name: 'Logged User', text: 'chat support' });
    expect(hello).toMatchObject({ status: 'success', data: { webhookStatus: 200 } });
    await until('the welcome to reach WhatsApp', () => fake.simulator.accepted(USER).length >= 1);
    expect((await api('POST', `/api/admin/conversations/%2B${USER}/chat-support/send`, { headers: { authorization: `Bearer ${issued.agentToken}` }, body: { message: 'by token' } })).status).toBe(200);
    expect((await api('POST', `/api/admin/conversations/%2B${USER}/chat-support/send`, { headers: { cookie, origin: url }, body: { message: 'by session' } })).status).toBe(200);
    await until('both agent messages to reach WhatsApp', () => fake.simulator.accepted(USER).length >= 3);

    // Live events, by token and by session.
    const subscribers: Array<Record<string, string>> = [{ authorization: `Bearer ${issued.agentToken}` }, { cookie }];
    for (const headers of subscribers) {
      const controller = new AbortController();
      const events = await fetch(`${url}/api/admin/events`, { headers, signal: controller.signal });
      expect(events.status).toBe(200);
      controller.abort();
    }

    await api('DELETE', `/api/admin/tokens/${token.json.data.id}`, { headers: admin });
    expect((await api('GET', '/api/admin/conversations', { headers: { authorization: `Bearer ${issued.agentToken}` } })).status).toBe(401);
    expect((await api('POST', '/api/admin/auth/logout', { headers: { cookie, origin: url } })).status).toBe(200);

    // The first inbox admin's generated password is kept in DATA_DIR (and printed once in the start-up banner).
    const credentials = await readFile(path.join(dataDir, 'admin-credentials'), 'utf8');
    issued.firstAdminPassword = /password: (\S+)/.exec(credentials)![1]!;

    // Stop the server so that everything it logged has been written.
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;

    const lines = stdout.split('\n').filter((line) => line.startsWith('{'));
    const logs = lines.join('\n') + stderr;
    // The logs are there, and say what happened (so their silence about secrets means something).
    expect(lines.length).toBeGreaterThan(30);
    expect(logs).toContain('/api/admin/auth/login');
    expect(logs).toContain('/api/admin/conversations');
    expect(logs).toContain('/webhooks/whatsapp');
    for (const [name, value] of Object.entries({ ...secrets, ...issued })) {
      expect({ name, inLogs: logs.includes(value) }).toEqual({ name, inLogs: false });
    }
  }, 60_000);
});
