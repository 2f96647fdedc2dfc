import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { createAgent, createToken, accepted, bearer, call, conv, expectError, newUser, say, startSupportChat, until } from './support.js';

const HOURS = 60 * 60 * 1000;

describe('message templates: what an agent may send after the 24-hour window', () => {
  let offset = 0;
  // One clock for the app and its fake WhatsApp, moved forward to close the window.
  const t = useTestApp({ now: () => new Date(Date.now() + offset) });
  const user = newUser('80733');

  const listed = async () => (await call(t, 'GET', '/api/admin/templates')).json.data.templates as Array<{ name: string; language: string; status: string }>;

  beforeAll(async () => {
    await until('the templates synced at start', async () => (await listed()).length > 0);
    await startSupportChat(t, user.waId, 'Tolu');
    offset = 25 * HOURS;
  });

  it('lists the templates synced from WhatsApp at start, approved ones first, with their body and parameter count', async () => {
    const answer = await call(t, 'GET', '/api/admin/templates');
    expect(answer.status).toBe(200);
    const templates = answer.json.data.templates;
    expect(templates).toHaveLength(6);
    const statuses = templates.map((x: { status: string }) => x.status);
    expect(statuses.slice(0, 4)).toEqual(['APPROVED', 'APPROVED', 'APPROVED', 'APPROVED']);
    expect(statuses.slice(4).sort()).toEqual(['PAUSED', 'PENDING']);
    expect(templates).toContainEqual({
      name: 'ticket_update', language: 'en', category: 'UTILITY', status: 'APPROVED',
      body: 'Hi {{1}}, there is news about your support request {{2}}. Reply to continue the conversation.', parameter_count: 2,
    });
    expect(templates).toContainEqual(expect.objectContaining({ name: 'hello_world', language: 'en_US', parameter_count: 0 }));
  });

  it('sends a template after the window has closed, with its parameters filled in; free text stays refused', async () => {
    expectError(await call(t, 'POST', conv(user.phone, '/chat-support/send'), { message: 'Any news?' }), 409, 'WINDOW_CLOSED');
    const before = accepted(t, user.waId).length;

    const sent = await call(t, 'POST', conv(user.phone, '/template'), { name: 'ticket_update', language: 'en', parameters: ['Tolu', '#4521'] });
    expect(sent.status).toBe(200);
    expect(sent.json.data.message).toMatchObject({
      direction: 'outbound', sender: 'agent', type: 'template',
      text: 'Hi Tolu, there is news about your support request #4521. Reply to continue the conversation.',
    });
    await t.settle();
    const reached = accepted(t, user.waId).slice(before);
    expect(reached).toEqual([expect.objectContaining({
      to: user.waId, type: 'template',
      template: { name: 'ticket_update', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Tolu' }, { type: 'text', text: '#4521' }] }] },
    })]);
    const history = (await call(t, 'GET', conv(user.phone, '/messages'))).json.data.messages as Array<{ id: number; status: string }>;
    expect(history.find((m) => m.id === sent.json.data.message.id)?.status).toMatch(/sent|delivered|read/);

    // A template does not reopen the window.
    expectError(await call(t, 'POST', conv(user.phone, '/chat-support/send'), { message: 'Any news?' }), 409, 'WINDOW_CLOSED');
  });

  it('sends a template without parameters', async () => {
    const sent = await call(t, 'POST', conv(user.phone, '/template'), { name: 'hello_world', language: 'en_US', parameters: [] });
    expect(sent.status).toBe(200);
    await t.settle();
    expect(accepted(t, user.waId).at(-1)).toMatchObject({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    expect(accepted(t, user.waId).at(-1)).not.toHaveProperty('template.components');
  });

  it('refuses a wrong number of parameters, or an empty one: 400 TEMPLATE_PARAMETERS, nothing sent', async () => {
    const before = accepted(t, user.waId).length;
    const few = await call(t, 'POST', conv(user.phone, '/template'), { name: 'ticket_update', language: 'en', parameters: ['Tolu'] });
    expectError(few, 400, 'TEMPLATE_PARAMETERS');
    expect(few.json.error.message).toMatch(/2 parameters; 1 given/);
    expectError(await call(t, 'POST', conv(user.phone, '/template'), { name: 'ticket_update', language: 'en', parameters: ['Tolu', ' '] }), 400, 'TEMPLATE_PARAMETERS');
    expectError(await call(t, 'POST', conv(user.phone, '/template'), { name: 'ticket_update', language: 'en', parameters: ['Tolu', 'a\nb'] }), 400, 'TEMPLATE_PARAMETERS');
    await t.settle();
    expect(accepted(t, user.waId)).toHaveLength(before);
  });

  it('refuses a paused or pending template (409 TEMPLATE_NOT_APPROVED) and an unknown one (404 TEMPLATE_NOT_FOUND)', async () => {
    const paused = await call(t, 'POST', conv(user.phone, '/template'), { name: 'spring_offer', language: 'en', parameters: ['Tolu'] });
    expectError(paused, 409, 'TEMPLATE_NOT_APPROVED');
    expect(paused.json.error.message).toMatch(/paused/);
    expectError(await call(t, 'POST', conv(user.phone, '/template'), { name: 'satisfaction_survey', language: 'en', parameters: ['Tolu'] }), 409, 'TEMPLATE_NOT_APPROVED');
    expectError(await call(t, 'POST', conv(user.phone, '/template'), { name: 'ticket_update', language: 'fr', parameters: ['Tolu', '1'] }), 404, 'TEMPLATE_NOT_FOUND');
    expectError(await call(t, 'POST', conv(user.phone, '/template'), { name: 'no_such_template', language: 'en', parameters: [] }), 404, 'TEMPLATE_NOT_FOUND');
    expectError(await call(t, 'POST', conv('+2348000000001', '/template'), { name: 'hello_world', language: 'en_US', parameters: [] }), 404, 'NOT_FOUND');
  });

  it('lists every page from WhatsApp, following the cursors', async () => {
    const all = await t.app.wadesk.graph.listTemplates(t.config.whatsapp.businessAccountId!, 2);
    expect(all.map((x) => `${x.name}/${x.language}`)).toEqual([
      'hello_world/en_US', 'ticket_update/en', 'ticket_update/es', 'verification_code/en', 'spring_offer/en', 'satisfaction_survey/en',
    ]);
  });

  it('syncs on demand for admins; agents may list but not sync', async () => {
    const synced = await call(t, 'POST', '/api/admin/templates/sync');
    expect(synced.status).toBe(200);
    expect(synced.json.data.templates).toEqual((await call(t, 'GET', '/api/admin/templates')).json.data.templates);
    const agent = await createAgent(t, { name: 'Ada', email: 'ada.templates@example.com', role: 'agent' });
    const { token } = await createToken(t, agent.id);
    expect((await call(t, 'GET', '/api/admin/templates', undefined, bearer(token))).status).toBe(200);
    expectError(await call(t, 'POST', '/api/admin/templates/sync', undefined, bearer(token)), 403, 'FORBIDDEN');
  });

  it('opens the window again when the user replies', async () => {
    await say(t, user.waId, 'Tolu', { text: 'Thanks, what is the news?' });
    const sent = await call(t, 'POST', conv(user.phone, '/chat-support/send'), { message: 'Your refund was approved.' });
    expect(sent.status).toBe(200);
  });
});
