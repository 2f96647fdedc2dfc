import { describe, expect, it } from 'vitest';
import { type TestApp, useTestApp } from '../helpers/app.js';
import { bearer, call, createAgent, createToken, expectError, type Answer } from './support.js';

/** `PATCH /api/admin/agents/me`: every agent's own availability, name and password. */

async function http(t: TestApp, method: 'GET' | 'POST' | 'PATCH', path: string, options: { cookie?: string; body?: unknown } = {}): Promise<Answer & { setCookie: string }> {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.cookie ? { cookie: options.cookie, origin: t.url } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('wadesk_session=')) ?? '';
  return { status: response.status, json: text ? JSON.parse(text) : null, headers: Object.fromEntries(response.headers), setCookie: setCookie.split(';')[0]! };
}

const login = (t: TestApp, email: string, password: string) => http(t, 'POST', '/api/admin/auth/login', { body: { email, password } });

describe('my profile', () => {
  const t = useTestApp();

  it('lets an agent set their availability and name; what they set shows in /auth/me and the agent list', async () => {
    const agent = await createAgent(t, { name: 'Halima', email: 'halima@example.com', password: 'first password 1', role: 'agent' });
    expect(agent).toMatchObject({ availability: 'available' });
    const session = (await login(t, 'halima@example.com', 'first password 1')).setCookie;

    const away = await http(t, 'PATCH', '/api/admin/agents/me', { cookie: session, body: { availability: 'away' } });
    expect(away.status).toBe(200);
    expect(away.json.data.agent).toMatchObject({ id: agent.id, availability: 'away', name: 'Halima' });
    const renamed = await http(t, 'PATCH', '/api/admin/agents/me', { cookie: session, body: { availability: 'available', name: '  Halima B. ' } });
    expect(renamed.json.data.agent).toMatchObject({ availability: 'available', name: 'Halima B.' });
    expect((await http(t, 'GET', '/api/admin/auth/me', { cookie: session })).json.data.agent).toMatchObject({ name: 'Halima B.', availability: 'available' });
    const listed = (await call(t, 'GET', '/api/admin/agents')).json.data.agents.find((a: { id: string }) => a.id === agent.id);
    expect(listed).toMatchObject({ name: 'Halima B.', availability: 'available' });

    expectError(await http(t, 'PATCH', '/api/admin/agents/me', { cookie: session, body: {} }), 400, 'VALIDATION_ERROR');
    expectError(await http(t, 'PATCH', '/api/admin/agents/me', { cookie: session, body: { availability: 'busy' } }), 400, 'VALIDATION_ERROR');
    expectError(await http(t, 'PATCH', '/api/admin/agents/me', { cookie: session, body: { role: 'admin' } }), 400, 'VALIDATION_ERROR');
    expect((await call(t, 'GET', '/api/admin/agents')).json.data.agents.find((a: { id: string }) => a.id === agent.id).role).toBe('agent');
  });

  it('changes the password only with the current one, keeps this session and ends the others', async () => {
    await createAgent(t, { name: 'Ifeanyi', email: 'ifeanyi@example.com', password: 'old password 11', role: 'agent' });
    const here = (await login(t, 'ifeanyi@example.com', 'old password 11')).setCookie;
    const elsewhere = (await login(t, 'ifeanyi@example.com', 'old password 11')).setCookie;

    const change = (body: object) => http(t, 'PATCH', '/api/admin/agents/me', { cookie: here, body });
    expectError(await change({ password: 'new password 22' }), 400, 'CURRENT_PASSWORD_REQUIRED');
    expectError(await change({ password: 'new password 22', current_password: 'not my password' }), 400, 'WRONG_PASSWORD');
    expectError(await change({ password: 'short', current_password: 'old password 11' }), 400, 'VALIDATION_ERROR');
    // Nothing changed yet: both sessions live.
    expect((await http(t, 'GET', '/api/admin/auth/me', { cookie: elsewhere })).status).toBe(200);

    const changed = await change({ password: 'new password 22', current_password: 'old password 11' });
    expect(changed.status).toBe(200);
    expect(JSON.stringify(changed.json)).not.toContain('new password 22');
    expect((await http(t, 'GET', '/api/admin/auth/me', { cookie: here })).status).toBe(200);
    expectError(await http(t, 'GET', '/api/admin/auth/me', { cookie: elsewhere }), 401, 'UNAUTHORIZED');
    expectError(await login(t, 'ifeanyi@example.com', 'old password 11'), 401, 'INVALID_CREDENTIALS');
    expect((await login(t, 'ifeanyi@example.com', 'new password 22')).status).toBe(200);
  });

  it('works with an agent\'s API token too, and refuses the bootstrap token, which is no agent', async () => {
    const agent = await createAgent(t, { name: 'Jide', email: 'jide@example.com', role: 'agent' });
    const { token } = await createToken(t, agent.id);
    const away = await call(t, 'PATCH', '/api/admin/agents/me', { availability: 'away' }, bearer(token));
    expect(away.json.data.agent).toMatchObject({ id: agent.id, availability: 'away' });
    expectError(await call(t, 'PATCH', '/api/admin/agents/me', { availability: 'away' }), 403, 'FORBIDDEN');
  });

  it('keeps an admin from disabling or demoting themselves (another admin can)', async () => {
    const admin = await createAgent(t, { name: 'Kemi', email: 'kemi@example.com', role: 'admin' });
    const other = await createAgent(t, { name: 'Lanre', email: 'lanre@example.com', role: 'admin' });
    const as = bearer((await createToken(t, admin.id)).token);
    expectError(await call(t, 'PATCH', `/api/admin/agents/${admin.id}`, { disabled: true }, as), 403, 'FORBIDDEN');
    expectError(await call(t, 'PATCH', `/api/admin/agents/${admin.id}`, { role: 'agent' }, as), 403, 'FORBIDDEN');
    expect((await call(t, 'PATCH', `/api/admin/agents/${admin.id}`, { name: 'Kemi A.' }, as)).status).toBe(200);
    expect((await call(t, 'PATCH', `/api/admin/agents/${other.id}`, { role: 'agent' }, as)).json.data.agent).toMatchObject({ role: 'agent' });
    expect((await call(t, 'PATCH', `/api/admin/agents/${other.id}`, { disabled: true }, as)).json.data.agent).toMatchObject({ disabled: true });
  });
});
