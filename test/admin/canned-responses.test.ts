import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { bearer, call, createAgent, createToken, expectError } from './support.js';

describe('canned responses: shared ones for the team (admins), and each agent’s own', () => {
  const t = useTestApp();

  it('admins share, agents keep their own; each sees the shared ones and theirs only', async () => {
    const ada = await createAgent(t, { name: 'Ada', email: 'ada.canned@example.com', role: 'agent' });
    const ben = await createAgent(t, { name: 'Ben', email: 'ben.canned@example.com', role: 'agent' });
    const boss = await createAgent(t, { name: 'Ngozi', email: 'ngozi.canned@example.com', role: 'admin' });
    const asAda = bearer((await createToken(t, ada.id)).token);
    const asBen = bearer((await createToken(t, ben.id)).token);
    const asBoss = bearer((await createToken(t, boss.id)).token);

    const shared = await call(t, 'POST', '/api/admin/canned-responses', { shortcut: '/hours', title: 'Opening hours', body: 'Hi {name}, we are open 8:00–16:00.', shared: true }, asBoss);
    expect(shared.status).toBe(200);
    expect(shared.json.data).toMatchObject({ shortcut: 'hours', shared: true, owner_agent_id: null });
    expectError(await call(t, 'POST', '/api/admin/canned-responses', { shortcut: 'x', title: 'X', body: 'x', shared: true }, asAda), 403, 'FORBIDDEN');

    const own = await call(t, 'POST', '/api/admin/canned-responses', { shortcut: 'reset', title: 'Password reset', body: 'I am {agent}; I reset it for {phone}.' }, asAda);
    expect(own.json.data).toMatchObject({ shortcut: 'reset', shared: false, owner_agent_id: ada.id });
    // Ben may have his own /reset; nobody may shadow the shared /hours.
    expect((await call(t, 'POST', '/api/admin/canned-responses', { shortcut: 'RESET', title: 'Reset', body: 'Done.' }, asBen)).status).toBe(200);
    expectError(await call(t, 'POST', '/api/admin/canned-responses', { shortcut: 'Hours', title: 'Mine', body: 'x' }, asAda), 409, 'CANNED_EXISTS');
    expectError(await call(t, 'POST', '/api/admin/canned-responses', { shortcut: 'reset', title: 'Again', body: 'x' }, asAda), 409, 'CANNED_EXISTS');
    expectError(await call(t, 'POST', '/api/admin/canned-responses', { shortcut: 'has space', title: 'x', body: 'x' }, asAda), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', '/api/admin/canned-responses', { shortcut: 'reset', title: 'Shared reset', body: 'x', shared: true }, asBoss), 409, 'CANNED_EXISTS');

    const adas = (await call(t, 'GET', '/api/admin/canned-responses', undefined, asAda)).json.data.canned_responses;
    expect(adas.map((c: { shortcut: string; shared: boolean }) => `${c.shortcut}:${c.shared}`)).toEqual(['hours:true', 'reset:false']);
    expect(adas.find((c: { shortcut: string }) => c.shortcut === 'reset').owner_agent_id).toBe(ada.id);

    // Changes: one's own, yes; someone else's, it does not exist; a shared one, admins only.
    const ownId = own.json.data.id;
    expect((await call(t, 'PATCH', `/api/admin/canned-responses/${ownId}`, { body: 'Reset done, {name}.' }, asAda)).json.data.body).toBe('Reset done, {name}.');
    expectError(await call(t, 'PATCH', `/api/admin/canned-responses/${ownId}`, { body: 'mine now' }, asBen), 404, 'NOT_FOUND');
    expectError(await call(t, 'PATCH', `/api/admin/canned-responses/${shared.json.data.id}`, { body: 'x' }, asAda), 403, 'FORBIDDEN');
    expectError(await call(t, 'PATCH', `/api/admin/canned-responses/${ownId}`, { shared: true }, asAda), 403, 'FORBIDDEN');
    expectError(await call(t, 'PATCH', `/api/admin/canned-responses/${ownId}`, {}, asAda), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'DELETE', `/api/admin/canned-responses/${shared.json.data.id}`, undefined, asBen), 403, 'FORBIDDEN');
    expect((await call(t, 'DELETE', `/api/admin/canned-responses/${ownId}`, undefined, asAda)).status).toBe(200);
    expect((await call(t, 'DELETE', `/api/admin/canned-responses/${shared.json.data.id}`, undefined, asBoss)).status).toBe(200);
    expect((await call(t, 'GET', '/api/admin/canned-responses', undefined, asAda)).json.data.canned_responses).toEqual([]);
    expectError(await call(t, 'DELETE', `/api/admin/canned-responses/${ownId}`, undefined, asAda), 404, 'NOT_FOUND');
  });
});
