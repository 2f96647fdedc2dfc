import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { agents, agentSessions, apiTokens } from '../../src/db/schema.js';
import { TEST_SECRETS, type TestApp, useTestApp } from '../helpers/app.js';
import {
  bearer, BOOTSTRAP, call, conv, createAgent, createToken, expectError, ISO, newUser, startSupportChat, type Answer, type Method,
} from './support.js';

/** Agents, their API tokens, roles, and the web inbox's login session. */

const AGENT_KEYS = ['id', 'name', 'email', 'role', 'availability', 'disabled', 'last_login_at', 'created_at'];

/** A request over real HTTP (cookies, Origin and Host as a browser sends them). */
async function http(t: TestApp, method: Method, path: string, options: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer & { cookies: string[] }> {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null, headers: Object.fromEntries(response.headers), cookies: response.headers.getSetCookie() };
}

/** Logs in over HTTP; returns the `wadesk_session=…` pair to send back and the Set-Cookie line. */
async function login(t: TestApp, email: string, password: string): Promise<{ answer: Answer; cookie: string; setCookie: string }> {
  const answer = await http(t, 'POST', '/api/admin/auth/login', { body: { email, password } });
  const setCookie = answer.cookies.find((c) => c.startsWith('wadesk_session=')) ?? '';
  return { answer, cookie: setCookie.split(';')[0]!, setCookie };
}

describe('agents', () => {
  const t = useTestApp();

  it('creates, lists, changes, disables and re-enables agents (admin role); a duplicate email is 409', async () => {
    const created = await call(t, 'POST', '/api/admin/agents', { name: '  Ada Obi ', email: 'Ada.Obi@Example.COM', password: 'correct horse battery', role: 'agent' });
    expect(created.status).toBe(201);
    const ada = created.json.data.agent;
    expect(Object.keys(ada)).toEqual(AGENT_KEYS);
    expect(ada).toEqual({ id: expect.any(String), name: 'Ada Obi', email: 'ada.obi@example.com', role: 'agent', availability: 'available', disabled: false, last_login_at: null, created_at: expect.stringMatching(ISO) });
    expect(JSON.stringify(created.json)).not.toContain('correct horse battery');
    expect(JSON.stringify(created.json)).not.toContain('scrypt');

    // The same email in another case is the same agent.
    expectError(await call(t, 'POST', '/api/admin/agents', { name: 'Ada Again', email: 'ada.obi@example.com' }), 409, 'AGENT_EXISTS');
    expectError(await call(t, 'POST', '/api/admin/agents', { name: 'Ada Shout', email: 'ADA.OBI@EXAMPLE.COM' }), 409, 'AGENT_EXISTS');
    expectError(await call(t, 'POST', '/api/admin/agents', { name: 'No Email', email: 'not-an-email' }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', '/api/admin/agents', { name: 'Short', email: 'short@example.com', password: 'short' }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', '/api/admin/agents', { name: 'Boss', email: 'boss@example.com', role: 'owner' }), 400, 'VALIDATION_ERROR');

    const bayo = await createAgent(t, { name: 'Bayo', email: 'bayo@example.com', role: 'admin' });
    const listed = await call(t, 'GET', '/api/admin/agents');
    expect(listed.status).toBe(200);
    const byEmail = Object.fromEntries(listed.json.data.agents.map((a: { email: string }) => [a.email, a]));
    expect(byEmail['ada.obi@example.com']).toEqual(ada);
    expect(byEmail['bayo@example.com']).toMatchObject({ id: bayo.id, role: 'admin', disabled: false });
    for (const agent of listed.json.data.agents) expect(Object.keys(agent)).toEqual(AGENT_KEYS);

    const renamed = await call(t, 'PATCH', `/api/admin/agents/${ada.id}`, { name: 'Ada O.', role: 'admin' });
    expect(renamed.json.data.agent).toMatchObject({ id: ada.id, name: 'Ada O.', role: 'admin', email: 'ada.obi@example.com' });
    const disabled = await call(t, 'PATCH', `/api/admin/agents/${ada.id}`, { disabled: true });
    expect(disabled.json.data.agent).toMatchObject({ disabled: true });
    const enabled = await call(t, 'PATCH', `/api/admin/agents/${ada.id}`, { disabled: false });
    expect(enabled.json.data.agent).toMatchObject({ disabled: false });

    expectError(await call(t, 'PATCH', `/api/admin/agents/${ada.id}`, {}), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'PATCH', '/api/admin/agents/not-a-uuid', { name: 'X' }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'PATCH', '/api/admin/agents/00000000-0000-4000-8000-000000000000', { name: 'X' }), 404, 'NOT_FOUND');
  });

  it('gives the agent role 403 on agent management, while agents manage their own tokens', async () => {
    const agent = await createAgent(t, { name: 'Chioma', email: 'chioma@example.com', role: 'agent' });
    const other = await createAgent(t, { name: 'Dele', email: 'dele@example.com', role: 'agent' });
    const { token } = await createToken(t, agent.id);
    const as = bearer(token);

    expectError(await call(t, 'GET', '/api/admin/agents', undefined, as), 403, 'FORBIDDEN');
    expectError(await call(t, 'POST', '/api/admin/agents', { name: 'Me Too', email: 'metoo@example.com', role: 'admin' }, as), 403, 'FORBIDDEN');
    expectError(await call(t, 'PATCH', `/api/admin/agents/${agent.id}`, { role: 'admin' }, as), 403, 'FORBIDDEN');
    expectError(await call(t, 'PATCH', `/api/admin/agents/${other.id}`, { disabled: true }, as), 403, 'FORBIDDEN');
    expectError(await call(t, 'GET', `/api/admin/agents/${other.id}/tokens`, undefined, as), 403, 'FORBIDDEN');
    expectError(await call(t, 'POST', `/api/admin/agents/${other.id}/tokens`, { name: 'theirs' }, as), 403, 'FORBIDDEN');

    // Its own tokens: create, list, revoke; another agent's token cannot be revoked.
    const second = await createToken(t, agent.id, 'laptop', as);
    const mine = await call(t, 'GET', `/api/admin/agents/${agent.id}/tokens`, undefined, as);
    expect(mine.json.data.tokens.map((tk: { name: string }) => tk.name)).toEqual(['integration', 'laptop']);
    const othersToken = await createToken(t, other.id);
    expectError(await call(t, 'DELETE', `/api/admin/tokens/${othersToken.id}`, undefined, as), 404, 'NOT_FOUND');
    expect((await call(t, 'GET', '/api/admin/conversations', undefined, bearer(othersToken.token))).status).toBe(200);
    expect((await call(t, 'DELETE', `/api/admin/tokens/${second.id}`, undefined, as)).status).toBe(200);

    // What an agent may do: the inbox.
    expect((await call(t, 'GET', '/api/admin/conversations', undefined, as)).status).toBe(200);
    expect((await call(t, 'GET', '/api/admin/queue', undefined, as)).status).toBe(200);
    expect((await call(t, 'GET', '/api/admin/auth/me', undefined, as)).json.data.agent).toMatchObject({ id: agent.id, role: 'agent' });
  });

  it('shows a token once, stores only its digest, names the agent on its messages, and revokes it', async () => {
    const agent = await createAgent(t, { name: 'Emeka', email: 'emeka@example.com' });
    const created = await call(t, 'POST', `/api/admin/agents/${agent.id}/tokens`, { name: 'crm' });
    expect(created.status).toBe(201);
    const { id, token, prefix } = created.json.data;
    expect(token).toMatch(/^wdk_[A-Za-z0-9_-]{40}$/);
    expect(prefix).toBe(token.slice(0, 10));

    // Listed without the token; stored as a SHA-256 digest only.
    const listed = await call(t, 'GET', `/api/admin/agents/${agent.id}/tokens`);
    expect(listed.json.data.tokens).toEqual([{ id, name: 'crm', prefix, created_at: expect.stringMatching(ISO), last_used_at: null, revoked: false }]);
    expect(JSON.stringify(listed.json)).not.toContain(token);
    const rows = await t.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(rows[0]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);

    // The agent answers a chat with it: the message records the agent; the seed view still says "admin".
    const { waId, phone } = newUser('80533');
    await startSupportChat(t, waId, 'Customer');
    const sent = await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'Emeka here, how can I help?' }, bearer(token));
    expect(sent.status).toBe(200);
    await t.settle();
    const view = (await call(t, 'GET', conv(phone, '/messages'))).json.data;
    expect(view.messages.at(-1)).toMatchObject({ sender: 'agent', agent_id: agent.id, text: 'Emeka here, how can I help?' });
    expect(view.chat_messages.at(-1)).toEqual({ text: 'Emeka here, how can I help?', timestamp: sent.json.data.timestamp, sender: 'admin' });
    const firstUse = (await call(t, 'GET', `/api/admin/agents/${agent.id}/tokens`)).json.data.tokens[0].last_used_at;
    expect(firstUse).toMatch(ISO);
    // Written at most once a minute: another call now leaves it; a call after the minute moves it.
    expect((await call(t, 'GET', '/api/admin/conversations', undefined, bearer(token))).status).toBe(200);
    expect((await call(t, 'GET', `/api/admin/agents/${agent.id}/tokens`)).json.data.tokens[0].last_used_at).toBe(firstUse);
    await t.database.db.update(apiTokens).set({ lastUsedAt: sql`now() - interval '61 seconds'` }).where(eq(apiTokens.id, id));
    expect((await call(t, 'GET', '/api/admin/conversations', undefined, bearer(token))).status).toBe(200);
    const later = (await call(t, 'GET', `/api/admin/agents/${agent.id}/tokens`)).json.data.tokens[0].last_used_at;
    expect(Date.parse(later)).toBeGreaterThan(Date.now() - 30_000);

    // Revoked: refused at once; revoking again is a 404.
    expect((await call(t, 'DELETE', `/api/admin/tokens/${id}`)).json).toEqual({ status: 'success', data: {} });
    expectError(await call(t, 'GET', '/api/admin/conversations', undefined, bearer(token)), 401, 'UNAUTHORIZED');
    expectError(await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'still me' }, bearer(token)), 401, 'UNAUTHORIZED');
    expectError(await call(t, 'DELETE', `/api/admin/tokens/${id}`), 404, 'NOT_FOUND');
    expect((await call(t, 'GET', `/api/admin/agents/${agent.id}/tokens`)).json.data.tokens[0].revoked).toBe(true);
  });

  it('shuts a disabled agent out at once: token and session are 401, and it can neither log in nor get tokens', async () => {
    const password = 'a long enough password';
    const agent = await createAgent(t, { name: 'Funmi', email: 'funmi@example.com', password });
    const { token } = await createToken(t, agent.id);
    const { cookie } = await login(t, 'funmi@example.com', password);
    expect((await http(t, 'GET', '/api/admin/conversations', { headers: { cookie } })).status).toBe(200);
    expect((await call(t, 'GET', '/api/admin/conversations', undefined, bearer(token))).status).toBe(200);

    await call(t, 'PATCH', `/api/admin/agents/${agent.id}`, { disabled: true });
    // The disable revoked the token and ended the session.
    expectError(await call(t, 'GET', '/api/admin/conversations', undefined, bearer(token)), 401, 'UNAUTHORIZED');
    expectError(await http(t, 'GET', '/api/admin/conversations', { headers: { cookie } }), 401, 'UNAUTHORIZED');
    expect(await t.database.db.select().from(agentSessions).where(eq(agentSessions.agentId, agent.id))).toEqual([]);
    expectError((await login(t, 'funmi@example.com', password)).answer, 401, 'INVALID_CREDENTIALS');
    expectError(await call(t, 'POST', `/api/admin/agents/${agent.id}/tokens`, { name: 'another' }), 409, 'AGENT_DISABLED');

    // Enabled again, the old session and token stay dead (the disable ended them); a new login works.
    await call(t, 'PATCH', `/api/admin/agents/${agent.id}`, { disabled: false });
    expectError(await call(t, 'GET', '/api/admin/conversations', undefined, bearer(token)), 401, 'UNAUTHORIZED');
    expectError(await http(t, 'GET', '/api/admin/conversations', { headers: { cookie } }), 401, 'UNAUTHORIZED');
    expect((await call(t, 'GET', `/api/admin/agents/${agent.id}/tokens`)).json.data.tokens.map((k: { revoked: boolean }) => k.revoked)).toEqual([true]);
    const again = await login(t, 'funmi@example.com', password);
    expect((await http(t, 'GET', '/api/admin/conversations', { headers: { cookie: again.cookie } })).status).toBe(200);
  });

  it('ends every session of an agent whose password or role changes; its API tokens keep working', async () => {
    const password = 'the first password';
    const agent = await createAgent(t, { name: 'Kemi', email: 'kemi@example.com', password });
    const { token } = await createToken(t, agent.id);
    const sessions = async () => (await t.database.db.select().from(agentSessions).where(eq(agentSessions.agentId, agent.id))).length;
    const works = async (cookie: string) => (await http(t, 'GET', '/api/admin/auth/me', { headers: { cookie } })).status;

    // Two browsers; the password changes: both are logged out, the new password logs in, the old one not.
    const laptop = await login(t, 'kemi@example.com', password);
    const phone = await login(t, 'kemi@example.com', password);
    expect([await works(laptop.cookie), await works(phone.cookie)]).toEqual([200, 200]);
    expect((await call(t, 'PATCH', `/api/admin/agents/${agent.id}`, { password: 'the second password' })).status).toBe(200);
    expect([await works(laptop.cookie), await works(phone.cookie)]).toEqual([401, 401]);
    expect(await sessions()).toBe(0);
    expectError((await login(t, 'kemi@example.com', password)).answer, 401, 'INVALID_CREDENTIALS');
    const fresh = await login(t, 'kemi@example.com', 'the second password');
    expect(await works(fresh.cookie)).toBe(200);

    // A rename leaves the session alone; a role change ends it (the inbox must load the new rights).
    expect((await call(t, 'PATCH', `/api/admin/agents/${agent.id}`, { name: 'Kemi A.' })).status).toBe(200);
    expect(await works(fresh.cookie)).toBe(200);
    expect((await call(t, 'PATCH', `/api/admin/agents/${agent.id}`, { role: 'agent' })).status).toBe(200);
    expect(await works(fresh.cookie)).toBe(200);
    expect((await call(t, 'PATCH', `/api/admin/agents/${agent.id}`, { role: 'admin' })).status).toBe(200);
    expectError(await http(t, 'GET', '/api/admin/auth/me', { headers: { cookie: fresh.cookie } }), 401, 'UNAUTHORIZED');

    // An API token is not a session: it follows the agent's current role.
    const me = await call(t, 'GET', '/api/admin/auth/me', undefined, bearer(token));
    expect({ status: me.status, role: me.json.data.agent.role }).toEqual({ status: 200, role: 'admin' });
  });
});

describe('login and the session cookie', () => {
  const t = useTestApp();
  const password = 'pa55word-for-the-inbox';
  let agent: { id: string };
  beforeAll(async () => {
    agent = await createAgent(t, { name: 'Gbenga', email: 'gbenga@example.com', password });
  });

  it('sets an HttpOnly, SameSite=Lax session cookie on Path=/ and stores only its digest', async () => {
    const { answer, cookie, setCookie } = await login(t, 'GBENGA@example.com', password);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'success', data: { agent: expect.objectContaining({ id: agent.id, email: 'gbenga@example.com', role: 'agent' }) } });
    expect(Object.keys(answer.json.data.agent)).toEqual(AGENT_KEYS);
    const attributes = setCookie.split(';').map((a) => a.trim());
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${7 * 24 * 60 * 60}`]));
    // Not Secure outside production (plain-HTTP local use); see the production note in the report.
    expect(attributes).not.toContain('Secure');
    const value = cookie.split('=')[1]!;
    expect(value.length).toBeGreaterThanOrEqual(40);

    const sessions = await t.database.db.select().from(agentSessions).where(eq(agentSessions.agentId, agent.id));
    expect(sessions.map((s) => s.tokenHash)).toContain(createHash('sha256').update(value).digest('hex'));
    expect(JSON.stringify(sessions)).not.toContain(value);

    const me = await http(t, 'GET', '/api/admin/auth/me', { headers: { cookie } });
    expect(me.json.data.agent).toMatchObject({ id: agent.id, name: 'Gbenga', last_login_at: expect.stringMatching(ISO) });
    // Reading needs no Origin.
    expect((await http(t, 'GET', '/api/admin/conversations', { headers: { cookie } })).status).toBe(200);
  });

  it('stores passwords as scrypt hashes', async () => {
    const [row] = await t.database.db.select().from(agents).where(eq(agents.id, agent.id));
    expect(row!.passwordHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(row!.passwordHash).not.toContain(password);
  });

  it('answers 401 INVALID_CREDENTIALS to a wrong password, an unknown email, and an agent without a password', async () => {
    await createAgent(t, { name: 'Token Only', email: 'token.only@example.com' });
    for (const [email, pw] of [['gbenga@example.com', 'wrong password!'], ['nobody@example.com', password], ['token.only@example.com', 'anything at all']]) {
      const { answer, setCookie } = await login(t, email!, pw!);
      expectError(answer, 401, 'INVALID_CREDENTIALS');
      expect(setCookie).toBe('');
    }
    expectError((await http(t, 'POST', '/api/admin/auth/login', { body: { email: 'gbenga@example.com' } })), 400, 'VALIDATION_ERROR');
  });

  it('refuses a cookie-authenticated change without a matching Origin (403 CSRF_REJECTED) and accepts it with one', async () => {
    const { waId, phone } = newUser('80544');
    await startSupportChat(t, waId, 'Origin Test');
    const { cookie } = await login(t, 'gbenga@example.com', password);
    const send = (headers: Record<string, string>, message: string) =>
      http(t, 'POST', conv(phone, '/chat-support/send'), { headers: { cookie, ...headers }, body: { message } });

    expectError(await send({}, 'no origin'), 403, 'CSRF_REJECTED');
    expectError(await send({ origin: 'https://evil.example' }, 'cross site'), 403, 'CSRF_REJECTED');
    expectError(await send({ origin: 'null' }, 'opaque origin'), 403, 'CSRF_REJECTED');
    expectError(await send({ referer: 'https://evil.example/page' }, 'cross-site referer'), 403, 'CSRF_REJECTED');

    const sameOrigin = await send({ origin: t.url }, 'from the inbox page');
    expect(sameOrigin.status).toBe(200);
    const byReferer = await send({ referer: `${t.url}/admin/` }, 'from the inbox page, by referer');
    expect(byReferer.status).toBe(200);
    // A bearer token is not sent by browsers on their own: no Origin needed.
    expect((await http(t, 'POST', conv(phone, '/chat-support/send'), { headers: BOOTSTRAP, body: { message: 'by token' } })).status).toBe(200);

    await t.settle();
    const view = (await call(t, 'GET', conv(phone, '/messages'))).json.data;
    const texts = view.messages.filter((m: { sender: string }) => m.sender === 'agent').map((m: { text: string; agent_id: string | null }) => [m.text, m.agent_id]);
    expect(texts).toEqual([['from the inbox page', agent.id], ['from the inbox page, by referer', agent.id], ['by token', null]]);
  });

  it('logs out: the session is gone and the cookie is cleared', async () => {
    const { cookie } = await login(t, 'gbenga@example.com', password);
    expect((await http(t, 'GET', '/api/admin/auth/me', { headers: { cookie } })).status).toBe(200);
    const out = await http(t, 'POST', '/api/admin/auth/logout', { headers: { cookie, origin: t.url } });
    expect(out.status).toBe(200);
    const cleared = out.cookies.find((c) => c.startsWith('wadesk_session='))!;
    expect(cleared).toMatch(/^wadesk_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/);
    expectError(await http(t, 'GET', '/api/admin/auth/me', { headers: { cookie } }), 401, 'UNAUTHORIZED');
    expectError(await http(t, 'GET', '/api/admin/conversations', { headers: { cookie } }), 401, 'UNAUTHORIZED');
  });

  it('changing the password makes the old one fail', async () => {
    const ivy = await createAgent(t, { name: 'Ivy', email: 'ivy@example.com', password: 'the first password' });
    await call(t, 'PATCH', `/api/admin/agents/${ivy.id}`, { password: 'the second password' });
    expectError((await login(t, 'ivy@example.com', 'the first password')).answer, 401, 'INVALID_CREDENTIALS');
    expect((await login(t, 'ivy@example.com', 'the second password')).answer.status).toBe(200);
  });
});

describe('the login rate limit (loginAttemptsPerMinute: 3)', () => {
  const t = useTestApp({ loginAttemptsPerMinute: 3 });
  beforeAll(async () => {
    await createAgent(t, { name: 'Hauwa', email: 'hauwa@example.com', password: 'the right password' });
  });

  it('answers 429 RATE_LIMITED after three attempts, even with the right password or other headers', async () => {
    // Attackers choose their headers: a made-up Authorization or cookie must not buy more attempts.
    const disguises: Array<Record<string, string>> = [{}, { authorization: 'Bearer guess-1' }, { cookie: 'wadesk_session=guess-2' }];
    for (const headers of disguises) {
      expectError(await http(t, 'POST', '/api/admin/auth/login', { headers, body: { email: 'hauwa@example.com', password: 'a wrong guess' } }), 401, 'INVALID_CREDENTIALS');
    }
    const more: Array<Record<string, string>> = [{}, { authorization: `Bearer guess-${Date.now()}` }, { cookie: 'wadesk_session=guess-4' }];
    for (const headers of more) {
      const limited = await http(t, 'POST', '/api/admin/auth/login', { headers, body: { email: 'hauwa@example.com', password: 'the right password' } });
      expectError(limited, 429, 'RATE_LIMITED');
      expect(limited.cookies).toEqual([]);
    }
    // The rest of the API is not held up by the login limit.
    expect((await call(t, 'GET', '/api/admin/conversations', undefined, { authorization: `Bearer ${TEST_SECRETS.adminToken}` })).status).toBe(200);
  });
});
