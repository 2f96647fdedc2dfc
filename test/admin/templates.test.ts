import { beforeAll, describe, expect, it } from 'vitest';
import { mediaFiles } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { createAgent, createToken, accepted, bearer, call, conv, expectError, newUser, say, startSupportChat, until } from './support.js';

const HOURS = 60 * 60 * 1000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('message templates: what an agent may send after the 24-hour window', () => {
  let offset = 0;
  // One clock for the app and its fake WhatsApp, moved forward to close the window.
  const t = useTestApp({ now: () => new Date(Date.now() + offset) });
  const user = newUser('80733');

  const listed = async () => (await call(t, 'GET', '/api/admin/templates')).json.data.templates as Array<{ name: string; language: string; status: string }>;

  /** The wadesk media id of the PDF Tolu sent while the window was open. */
  let reportId = '';
  beforeAll(async () => {
    await until('the templates synced at start', async () => (await listed()).length > 0);
    await startSupportChat(t, user.waId, 'Tolu');
    const upload = t.fake.simulator.storeUserMedia({ bytes: PDF, mimeType: 'application/pdf', filename: 'report.pdf' });
    if (!('id' in upload)) throw new Error('upload refused');
    await t.fake.simulator.sendUserMessage({ from: user.waId, name: 'Tolu', media: { id: upload.id } });
    await until('the PDF stored', async () => (await t.database.db.select().from(mediaFiles)).some((row) => row.status === 'stored'));
    reportId = (await t.database.db.select().from(mediaFiles))[0]!.id;
    offset = 25 * HOURS;
  });

  it('lists the templates synced from WhatsApp at start, approved ones first, with their body and parameter count', async () => {
    const answer = await call(t, 'GET', '/api/admin/templates');
    expect(answer.status).toBe(200);
    const templates = answer.json.data.templates;
    expect(templates).toHaveLength(9);
    const statuses = templates.map((x: { status: string }) => x.status);
    expect(statuses.slice(0, 7)).toEqual(Array(7).fill('APPROVED'));
    expect(statuses.slice(7).sort()).toEqual(['PAUSED', 'PENDING']);
    expect(templates).toContainEqual({
      name: 'ticket_update', language: 'en', category: 'UTILITY', status: 'APPROVED',
      body: 'Hi {{1}}, there is news about your support request {{2}}. Reply to continue the conversation.', parameter_count: 2,
      parameter_format: 'positional', body_parameters: ['1', '2'], header: null, footer: null, buttons: [],
    });
    expect(templates).toContainEqual(expect.objectContaining({
      name: 'appointment_reminder', parameter_format: 'named', parameter_count: 3, body_parameters: ['student', 'teacher', 'day'],
      header: { format: 'text', text: 'Appointment for {{student}}', parameters: ['student'] }, footer: 'Reply STOP to opt out',
      buttons: [
        { index: 0, type: 'url', text: 'See details', url: 'https://school.example/appointments/{{1}}', takes_value: true },
        { index: 1, type: 'quick_reply', text: 'Change the time', url: null, takes_value: false },
      ],
    }));
    expect(templates).toContainEqual(expect.objectContaining({ name: 'document_ready', header: { format: 'document', text: null, parameters: [] } }));
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
      'hello_world/en_US', 'ticket_update/en', 'ticket_update/es', 'verification_code/en', 'appointment_reminder/en', 'document_ready/en',
      'chat_feedback/en', 'spring_offer/en', 'satisfaction_survey/en',
    ]);
  });

  it('sends a named template with a header value and a button value: each sent under its name and index', async () => {
    const before = accepted(t, user.waId).length;
    const sent = await call(t, 'POST', conv(user.phone, '/template'), {
      name: 'appointment_reminder', language: 'en',
      parameters: { day: 'Monday at 10:00', student: 'Tolu', teacher: 'Mrs Bello' },
      header: 'Tolu', buttons: ['A-1042'],
    });
    expect(sent.status).toBe(200);
    expect(sent.json.data.message.text).toBe('Appointment for Tolu\n\nHello Tolu, you meet Mrs Bello on Monday at 10:00. Tap below to see the details or to change the time.');
    await t.settle();
    const reached = accepted(t, user.waId).slice(before);
    expect(reached).toHaveLength(1);
    expect((reached[0] as any).template.components).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: 'Tolu', parameter_name: 'student' }] },
      { type: 'body', parameters: [
        { type: 'text', text: 'Tolu', parameter_name: 'student' },
        { type: 'text', text: 'Mrs Bello', parameter_name: 'teacher' },
        { type: 'text', text: 'Monday at 10:00', parameter_name: 'day' },
      ] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'A-1042' }] },
    ]);
    // The simulated phone received it filled in, with the footer.
    expect(t.fake.simulator.transcript(user.waId).at(-1)).toMatchObject({ kind: 'template', text: expect.stringContaining('you meet Mrs Bello'), footer: 'Reply STOP to opt out' });
  });

  it('refuses what WhatsApp would: an unknown name, a missing header or button value, a header for a template without one', async () => {
    const before = accepted(t, user.waId).length;
    const base = { name: 'appointment_reminder', language: 'en', parameters: { student: 'Tolu', teacher: 'Mrs Bello', day: 'Monday' }, header: 'Tolu', buttons: ['A-1'] };
    const send = (body: object) => call(t, 'POST', conv(user.phone, '/template'), body);
    const unknown = await send({ ...base, parameters: { ...base.parameters, room: '4' } });
    expectError(unknown, 400, 'TEMPLATE_PARAMETERS');
    expect(unknown.json.error.message).toMatch(/no parameter \{\{room\}\}/);
    expectError(await send({ ...base, parameters: { student: 'Tolu', teacher: 'Mrs Bello' } }), 400, 'TEMPLATE_PARAMETERS');
    expectError(await send({ ...base, header: undefined }), 400, 'TEMPLATE_PARAMETERS');
    const buttons = await send({ ...base, buttons: [] });
    expectError(buttons, 400, 'TEMPLATE_PARAMETERS');
    expect(buttons.json.error.message).toMatch(/"See details" take 1 value; 0 given/);
    expectError(await send({ ...base, buttons: ['has space'] }), 400, 'TEMPLATE_PARAMETERS');
    expectError(await send({ name: 'ticket_update', language: 'en', parameters: ['Tolu', '#1'], header: 'x' }), 400, 'TEMPLATE_PARAMETERS');
    expectError(await send({ name: 'document_ready', language: 'en', parameters: ['Tolu', 'report'] }), 400, 'TEMPLATE_PARAMETERS');
    expectError(await send({ name: 'document_ready', language: 'en', parameters: ['Tolu', 'report'], header: { link: 'http://plain.example/r.pdf' } }), 400, 'TEMPLATE_PARAMETERS');
    expectError(await send({ name: 'document_ready', language: 'en', parameters: ['Tolu', 'report'], header: { media_id: '5b0c5f4e-0000-4000-8000-000000000000' } }), 400, 'TEMPLATE_PARAMETERS');
    await t.settle();
    expect(accepted(t, user.waId)).toHaveLength(before);
  });

  it('sends a document header from a file stored in wadesk: uploaded to WhatsApp and sent by id; or by an https link', async () => {
    const before = accepted(t, user.waId).length;
    const sent = await call(t, 'POST', conv(user.phone, '/template'), {
      name: 'document_ready', language: 'en', parameters: ['Tolu', 'term report'], header: { media_id: reportId, filename: 'Term report.pdf' },
    });
    expect(sent.status).toBe(200);
    await t.settle();
    const [body] = accepted(t, user.waId).slice(before) as any[];
    const header = body.template.components[0];
    expect(header).toEqual({ type: 'header', parameters: [{ type: 'document', document: { id: expect.any(String), filename: 'Term report.pdf' } }] });
    // The phone shows the very bytes Tolu sent, above the filled-in text.
    const entry = t.fake.simulator.transcript(user.waId).at(-1)!;
    expect(entry).toMatchObject({ kind: 'template', text: 'Hi Tolu, your term report is attached.', media: { id: header.parameters[0].document.id, mimeType: 'application/pdf' } });
    expect(t.fake.simulator.mediaFile(entry.media!.id!)?.bytes).toEqual(PDF);

    const linked = await call(t, 'POST', conv(user.phone, '/template'), {
      name: 'document_ready', language: 'en', parameters: ['Tolu', 'timetable'], header: { link: 'https://school.example/timetable.pdf' },
    });
    expect(linked.status).toBe(200);
    await t.settle();
    expect((accepted(t, user.waId).at(-1) as any).template.components[0]).toEqual({ type: 'header', parameters: [{ type: 'document', document: { link: 'https://school.example/timetable.pdf' } }] });
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
