import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { errorLogSerializer, maskValues } from '../../src/http/error-log.js';
import { useTestApp } from '../helpers/app.js';
import { call, conv, expectError, startSupportChat } from '../admin/support.js';

/**
 * A 500 used to log the whole failing SQL — drizzle's "Failed query: … params: …" — with the user's text,
 * phone number and raw payload. Here the test's own database loses a table, requests fail for real, and
 * the captured log lines must say what failed (class, SQLSTATE, table) without any of the person's data.
 */

const WA_ID = '2348057771234';
const SECRET_TEXT = 'my-home-address-is-12-Allen-Avenue';
const REPLY_TEXT = 'agent-reply-with-private-detail';

/** An app at info whose log lines are kept in `lines`. */
function useLoggedApp() {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, t: useTestApp({ logStream, config: { logLevel: 'info' } }) };
}

describe('error logs keep personal data out', () => {
  const { lines, t } = useLoggedApp();

  it('logs a failing query by its class and SQLSTATE, without the query, its parameters, the text or the number', async () => {
    await startSupportChat(t, WA_ID, 'Private Person');
    await t.database.db.execute(sql`drop table outbox cascade`);

    // An agent reply: the insert into the outbox fails with the text and number as parameters.
    expectError(await call(t, 'POST', conv(`+${WA_ID}`, '/chat-support/send'), { message: REPLY_TEXT }), 500, 'INTERNAL_ERROR');
    // A user message: the webhook's insert fails with the raw payload as a parameter.
    await t.fake.simulator.sendUserMessage({ from: WA_ID, name: 'Private Person', text: SECRET_TEXT });
    await t.fake.simulator.idle();

    const errors = lines.map((line) => JSON.parse(line) as { level: number; err?: Record<string, unknown> }).filter((entry) => entry.level >= 50);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    const failedQueries = errors.filter((entry) => entry.err?.type === 'DrizzleQueryError');
    expect(failedQueries.length).toBeGreaterThanOrEqual(2);
    for (const { err } of failedQueries) {
      expect(err).toMatchObject({ sqlstate: '42P01', cause: { sqlstate: '42P01', message: 'relation "outbox" does not exist' } });
      expect(err).not.toHaveProperty('stack');
    }
    const everything = lines.join('\n');
    for (const personal of [WA_ID, WA_ID.slice(3), SECRET_TEXT, REPLY_TEXT, 'Private Person']) expect(everything).not.toContain(personal);
    expect(everything).not.toContain('Failed query');
    expect(everything).not.toMatch(/insert into/i);
    // The request lines name the route, with the number masked.
    expect(everything).toContain('/api/admin/conversations/[number]/chat-support/send');
  });
});

describe('the request line', () => {
  const { lines, t } = useLoggedApp();

  it('is one line per answered request, with the route\'s numbers masked and no query, headers or body', async () => {
    lines.length = 0;
    const token = 'a-secret-token-that-must-not-be-logged';
    const answer = await fetch(`${t.url}/api/admin/conversations/%2B${WA_ID}/messages?hub.verify_token=${token}`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(401);
    await t.fake.simulator.sendUserMessage({ from: WA_ID, name: 'Private Person', text: SECRET_TEXT });
    await t.fake.simulator.idle();
    const requests = lines.map((line) => JSON.parse(line) as { msg: string; reqId?: string; req?: { url: string } }).filter((entry) => entry.msg === 'request completed');
    const admin = requests.filter((entry) => entry.req?.url.startsWith('/api/admin/'));
    expect(admin).toEqual([expect.objectContaining({ reqId: expect.stringMatching(/^req-/), req: { method: 'GET', url: '/api/admin/conversations/[number]/messages', remoteAddress: '127.0.0.1' }, res: { statusCode: 401 } })]);
    // The webhook the fake posted is logged too.
    expect(requests.filter((entry) => entry.req?.url === '/webhooks/whatsapp').length).toBeGreaterThan(0);
    const everything = lines.join('\n');
    for (const secret of [token, WA_ID, SECRET_TEXT, 'Private Person']) expect(everything).not.toContain(secret);
  });
});

describe('the error serializer', () => {
  it('keeps the stack frames only at debug, never the message line again', () => {
    const err = new Error(`no conversation for +${WA_ID}`);
    expect(errorLogSerializer({ stack: false })(err)).toEqual({ type: 'Error', message: 'no conversation for [number]' });
    const withStack = errorLogSerializer({ stack: true })(err);
    expect(withStack.stack).toMatch(/^\s+at /);
    expect(String(withStack.stack)).not.toContain(WA_ID);
  });

  it('masks quoted values and long digit runs, keeps identifiers', () => {
    expect(maskValues('relation "outbox" does not exist')).toBe('relation "outbox" does not exist');
    expect(maskValues('invalid input syntax for type uuid: "hello there"')).toBe('invalid input syntax for type uuid: "[value]"');
    expect(maskValues("value 'my secret' is bad for 2348012345678")).toBe("value '[value]' is bad for [number]");
  });
});
