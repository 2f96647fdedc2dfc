import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { webhookDeliveries, webhooks } from '../../src/db/schema.js';
import { type TestApp, useTestApp } from '../helpers/app.js';
import { useWebhookReceiver, verifySignature, type ReceivedDelivery } from '../helpers/webhook-receiver.js';
import { waitFor } from '../helpers/webhooks.js';
import { bearer, call, createAgent, createToken, expectError, ISO, newUser, startSupportChat } from './support.js';

/**
 * Outgoing webhooks over real HTTP: registered through the admin API, delivered by the server to a real
 * HTTP receiver on 127.0.0.1 (so these apps run with WEBHOOKS_ALLOW_PRIVATE_TARGETS=true), signed,
 * retried with back-off, logged, and disabled after repeated failures. Waits poll the database or the
 * receiver, never the admin API.
 */

const FAST = { policy: { baseMs: 200, maxMs: 400, maxAttempts: 3 }, pollMs: 20 };
const PRIVATE_ALLOWED = { config: { webhooks: { allowPrivateTargets: true } }, webhooks: FAST };

const deliveriesOf = (t: TestApp, webhookId: string) =>
  t.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));

/**
 * Until the fan-out has read every event in the log (so "not delivered" means not delivered). Only while
 * some webhook is enabled: with none, the fan-out moves its position only now and then.
 */
async function fannedOut(t: TestApp): Promise<void> {
  await waitFor('the fan-out to catch up with the event log', async () => {
    const [row] = rowsOf<{ behind: boolean }>(await t.database.db.execute(sql`
      select coalesce((select position from webhook_fan_out where id = 1), -1) < (select coalesce(max(id), 0) from domain_events) as behind`));
    return row?.behind === false;
  });
}

async function register(t: TestApp, url: string, events: string[]): Promise<{ id: string; secret: string }> {
  const created = await call(t, 'POST', '/api/admin/webhooks', { url, events });
  expect(created.status).toBe(201);
  return { id: created.json.data.webhook.id, secret: created.json.data.secret };
}

const bodyOf = (delivery: ReceivedDelivery) => JSON.parse(delivery.raw) as { id: string; event: string; created_at: string; data: Record<string, unknown> };

describe('outgoing webhooks', () => {
  const receiver = useWebhookReceiver();
  const logs: string[] = [];
  const t = useTestApp({
    ...PRIVATE_ALLOWED,
    config: { ...PRIVATE_ALLOWED.config, logLevel: 'warn' },
    logStream: new Writable({ write(chunk, _encoding, done) { logs.push(String(chunk)); done(); } }),
  });

  it('shows the secret once, signs every delivery, and retries a receiver that fails twice with back-off until it accepts', async () => {
    receiver.reset();
    // Fails the first two attempts at each delivery, then accepts.
    receiver.respond((request, before) => (before.filter((r) => r.headers['x-wadesk-delivery'] === request.headers['x-wadesk-delivery']).length < 2 ? 500 : 200));
    const created = await call(t, 'POST', '/api/admin/webhooks', { url: `${receiver.url}/hooks/wadesk?source=desk`, events: ['chat.started'] });
    expect(created.status).toBe(201);
    const { webhook, secret } = created.json.data;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(webhook).toEqual({
      id: expect.any(String), url: `${receiver.url}/hooks/wadesk?source=desk`, events: ['chat.started'], enabled: true,
      disabled_at: null, disabled_reason: null, consecutive_failures: 0, created_at: expect.stringMatching(ISO),
    });

    const { waId, phone } = newUser('80601');
    await startSupportChat(t, waId, 'Ada');
    await waitFor('three attempts', () => receiver.received.length >= 3 && receiver.received);
    await waitFor('the delivery to be recorded', async () => (await deliveriesOf(t, webhook.id))[0]?.status === 'delivered');

    const attempts = receiver.received;
    expect(attempts.map((a) => a.answered)).toEqual([500, 500, 200]);
    for (const attempt of attempts) {
      expect(attempt.method).toBe('POST');
      expect(attempt.path).toBe('/hooks/wadesk?source=desk');
      expect(attempt.headers['content-type']).toBe('application/json');
      expect(attempt.headers['x-wadesk-event']).toBe('chat.started');
      expect(verifySignature(attempt.raw, attempt.headers['x-wadesk-signature'], secret)).toBe(true);
      // A signature made with another secret, or over other bytes, does not verify.
      expect(verifySignature(attempt.raw, attempt.headers['x-wadesk-signature'], `${secret}x`)).toBe(false);
      expect(verifySignature(`${attempt.raw} `, attempt.headers['x-wadesk-signature'], secret)).toBe(false);
    }
    // The same delivery each time: one id for the receiver to drop repeats by, the same bytes.
    expect(new Set(attempts.map((a) => a.headers['x-wadesk-delivery'])).size).toBe(1);
    expect(new Set(attempts.map((a) => a.raw)).size).toBe(1);
    const body = bodyOf(attempts[0]!);
    expect(Object.keys(body)).toEqual(['id', 'event', 'created_at', 'data']);
    expect(body).toEqual({
      id: expect.stringMatching(/^evt_\d+$/), event: 'chat.started', created_at: expect.stringMatching(ISO),
      data: { conversation_id: expect.any(String), phone_number: phone, chat_session_id: expect.any(String), started_by: 'user' },
    });
    // Back-off: at least half of 200 ms, then of 400 ms, between attempts.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(100);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(200);

    const log = await call(t, 'GET', `/api/admin/webhooks/${webhook.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.json.data.deliveries).toEqual([{
      id: attempts[0]!.headers['x-wadesk-delivery'], event: 'chat.started', event_id: Number(body.id.slice(4)), status: 'delivered', attempts: 3,
      response_status: 200, error: null, created_at: expect.stringMatching(ISO), last_attempt_at: expect.stringMatching(ISO),
      next_attempt_at: null, delivered_at: expect.stringMatching(ISO),
    }]);

    // The secret never shows again.
    const listed = await call(t, 'GET', '/api/admin/webhooks');
    expect(listed.json.data.webhooks).toContainEqual({ ...webhook, consecutive_failures: 0 });
    for (const answer of [listed, log, await call(t, 'PATCH', `/api/admin/webhooks/${webhook.id}`, { events: ['chat.started', 'chat.ended'] })]) {
      expect(JSON.stringify(answer.json)).not.toContain(secret);
    }
    expect((await call(t, 'DELETE', `/api/admin/webhooks/${webhook.id}`)).status).toBe(200);
    expect(await deliveriesOf(t, webhook.id)).toEqual([]);
  });

  it('delivers only the events a webhook subscribed to, and only to webhooks subscribed to them', async () => {
    receiver.reset();
    const ended = await register(t, `${receiver.url}/ended`, ['chat.ended']);
    const messages = await register(t, `${receiver.url}/messages`, ['message.created']);
    const { waId, phone } = newUser('80602');
    await startSupportChat(t, waId, 'Bola');
    await fannedOut(t);
    const ends = await call(t, 'POST', `/api/admin/conversations/${encodeURIComponent(phone)}/chat-support/end`, { message: 'Bye' });
    expect(ends.status).toBe(200);
    await t.settle();
    await fannedOut(t);
    await waitFor('every delivery to be made', async () => {
      const rows = [...await deliveriesOf(t, ended.id), ...await deliveriesOf(t, messages.id)];
      return rows.length > 0 && rows.every((row) => row.status === 'delivered');
    });

    const to = (path: string) => receiver.received.filter((r) => r.path === path).map((r) => r.headers['x-wadesk-event']);
    expect(to('/ended')).toEqual(['chat.ended']);
    expect(new Set(to('/messages'))).toEqual(new Set(['message.created']));
    // The user's words, the bot's replies and the closing message, each once.
    const texts = receiver.received.filter((r) => r.path === '/messages').map((r) => (bodyOf(r).data.message as { text: string | null }).text);
    expect(texts).toContain('chat support');
    expect(texts).toContain('Bye');
    expect(new Set(receiver.received.map((r) => r.headers['x-wadesk-delivery'])).size).toBe(receiver.received.length);
    expect((await deliveriesOf(t, ended.id)).map((row) => row.event)).toEqual(['chat.ended']);
    // chat.started happened, but nobody subscribed to it.
    expect(receiver.received.some((r) => r.headers['x-wadesk-event'] === 'chat.started')).toBe(false);
    for (const { id } of [ended, messages]) expect((await call(t, 'DELETE', `/api/admin/webhooks/${id}`)).status).toBe(200);
  });

  it('disables a webhook whose delivery used up its attempts, says why, and delivers again once enabled', async () => {
    receiver.reset();
    receiver.respond(() => 503);
    const hook = await register(t, `${receiver.url}/down`, ['chat.started']);
    await startSupportChat(t, newUser('80603').waId, 'Chidi');

    const disabled = await waitFor('the webhook to be disabled', async () => {
      const [row] = await t.database.db.select().from(webhooks).where(eq(webhooks.id, hook.id));
      return row?.disabledAt ? row : undefined;
    });
    expect(receiver.received.filter((r) => r.path === '/down')).toHaveLength(3);
    expect(disabled.disabledReason).toMatch(/chat\.started.*answered 503.*gave up after 3 attempts/);
    const listed = (await call(t, 'GET', '/api/admin/webhooks')).json.data.webhooks.find((w: { id: string }) => w.id === hook.id);
    expect(listed).toMatchObject({ enabled: false, disabled_at: expect.stringMatching(ISO), disabled_reason: disabled.disabledReason, consecutive_failures: 3 });
    const [failed] = (await call(t, 'GET', `/api/admin/webhooks/${hook.id}/deliveries`)).json.data.deliveries;
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, response_status: 503, error: expect.stringContaining('answered 503'), delivered_at: null, next_attempt_at: null });

    // Logged at warn with ids only: no URL, secret or message text.
    const warning = logs.find((line) => line.includes('webhook disabled after repeated failures'));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning!)).toMatchObject({ level: 40, webhookId: hook.id, deliveryId: failed.id, event: 'chat.started', attempts: 3 });
    expect(logs.join('\n')).not.toContain(hook.secret);
    expect(logs.join('\n')).not.toContain(receiver.url);
    expect(logs.join('\n')).not.toContain('Chidi');

    // While disabled, nothing is queued for it (another webhook gets the same event); a test delivery is refused.
    const other = await register(t, `${receiver.url}/other`, ['chat.started']);
    const before = receiver.received.length;
    await startSupportChat(t, newUser('80604').waId, 'Dayo');
    await fannedOut(t);
    expect(await deliveriesOf(t, hook.id)).toHaveLength(1);
    expect(await deliveriesOf(t, other.id)).toHaveLength(1);
    expect((await call(t, 'DELETE', `/api/admin/webhooks/${other.id}`)).status).toBe(200);
    expectError(await call(t, 'POST', `/api/admin/webhooks/${hook.id}/test`), 409, 'WEBHOOK_DISABLED');

    // Enabled again: a fresh start, and deliveries flow.
    receiver.respond(() => 200);
    const enabled = await call(t, 'PATCH', `/api/admin/webhooks/${hook.id}`, { enabled: true });
    expect(enabled.json.data.webhook).toMatchObject({ enabled: true, disabled_at: null, disabled_reason: null, consecutive_failures: 0 });
    const test = await call(t, 'POST', `/api/admin/webhooks/${hook.id}/test`);
    expect(test.status).toBe(202);
    expect(test.json.data.delivery).toMatchObject({ id: expect.any(String), event: 'webhook.test', event_id: null });
    await startSupportChat(t, newUser('80605').waId, 'Efe');
    await waitFor('both deliveries', () => receiver.received.filter((r) => r.path === '/down' && r.answered === 200).length >= 2);
    const delivered = receiver.received.slice(before).filter((r) => r.path === '/down' && r.answered === 200);
    expect(delivered.map((r) => r.headers['x-wadesk-event']).sort()).toEqual(['chat.started', 'webhook.test']);
    for (const r of delivered) expect(verifySignature(r.raw, r.headers['x-wadesk-signature'], hook.secret)).toBe(true);
    expect(bodyOf(delivered.find((r) => r.headers['x-wadesk-event'] === 'webhook.test')!)).toMatchObject({ id: expect.stringMatching(/^evt_test_/), data: { webhook_id: hook.id } });
    expect((await call(t, 'DELETE', `/api/admin/webhooks/${hook.id}`)).status).toBe(200);
  });

  it('starts a new webhook from its creation: nothing that happened before it is sent', async () => {
    receiver.reset();
    const { waId } = newUser('80606');
    await startSupportChat(t, waId, 'Gozie');
    const [last] = rowsOf<{ id: number }>(await t.database.db.execute(sql`select max(id)::int as id from domain_events`));
    const hook = await register(t, `${receiver.url}/fresh`, ['message.created']);
    await call(t, 'POST', `/api/admin/conversations/${waId}/chat-support/send`, { message: 'After the webhook' });
    await t.settle();
    await fannedOut(t);
    const rows = await waitFor('the delivery', async () => {
      const found = await deliveriesOf(t, hook.id);
      return found.length > 0 && found.every((row) => row.status === 'delivered') && found;
    });
    expect(rows.every((row) => row.eventId! > last!.id)).toBe(true);
    expect(receiver.received.map((r) => (bodyOf(r).data.message as { text: string }).text)).toContain('After the webhook');
    expect(receiver.received.some((r) => (bodyOf(r).data.message as { text: string }).text === 'chat support')).toBe(false);
    expect((await call(t, 'DELETE', `/api/admin/webhooks/${hook.id}`)).status).toBe(200);
  });

  it('validates what it is given: events from the list, a URL, a known webhook', async () => {
    expectError(await call(t, 'POST', '/api/admin/webhooks', { url: `${receiver.url}/x`, events: ['message.read'] }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', '/api/admin/webhooks', { url: `${receiver.url}/x`, events: [] }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', '/api/admin/webhooks', { url: `${receiver.url}/x` }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'POST', '/api/admin/webhooks', { url: 'not a url', events: ['chat.started'] }), 400, 'WEBHOOK_URL_REFUSED');
    // Events a colleague's work will produce can be chosen already.
    const later = await register(t, `${receiver.url}/later`, ['conversation.status_changed', 'note.created']);
    expectError(await call(t, 'PATCH', `/api/admin/webhooks/${later.id}`, {}), 400, 'VALIDATION_ERROR');
    // Unknown fields are dropped: one that would set the secret changes nothing.
    expectError(await call(t, 'PATCH', `/api/admin/webhooks/${later.id}`, { secret: 'whsec_mine' }), 400, 'VALIDATION_ERROR');
    expectError(await call(t, 'PATCH', `/api/admin/webhooks/${later.id}`, { url: 'ftp://example.com/' }), 400, 'WEBHOOK_URL_REFUSED');
    const moved = await call(t, 'PATCH', `/api/admin/webhooks/${later.id}`, { url: `${receiver.url}/moved`, enabled: false });
    expect(moved.json.data.webhook).toMatchObject({ url: `${receiver.url}/moved`, enabled: false, disabled_reason: 'Disabled by an admin.' });
    expect((await call(t, 'DELETE', `/api/admin/webhooks/${later.id}`)).status).toBe(200);
    for (const [method, path] of [['DELETE', ''], ['PATCH', ''], ['GET', '/deliveries'], ['POST', '/test']] as const) {
      expectError(await call(t, method, `/api/admin/webhooks/${later.id}${path}`, method === 'PATCH' ? { enabled: true } : undefined), 404, 'NOT_FOUND');
    }
  });

  it('lets only admins near webhooks: an agent gets 403 on every webhook route', async () => {
    const agent = await createAgent(t, { name: 'Plain Agent', email: 'webhooks.agent@example.com', role: 'agent' });
    const { token } = await createToken(t, agent.id);
    const hook = await register(t, `${receiver.url}/admin-only`, ['chat.started']);
    const routes = t.app.wadesk.routes.filter((r) => r.url.startsWith('/api/admin/webhooks') && r.method !== 'HEAD');
    expect(routes.length).toBe(6);
    for (const route of routes) {
      const url = route.url.replace(':id', hook.id);
      const body = route.method === 'POST' && !url.endsWith('/test') ? { url: `${receiver.url}/mine`, events: ['chat.started'] } : route.method === 'PATCH' ? { enabled: false } : undefined;
      const answer = await call(t, route.method as 'GET', url, body, bearer(token));
      expect({ route: `${route.method} ${route.url}`, status: answer.status, code: answer.json.error?.code }).toEqual({ route: `${route.method} ${route.url}`, status: 403, code: 'FORBIDDEN' });
    }
    expect((await call(t, 'GET', `/api/admin/webhooks/${hook.id}/deliveries`)).json.data.deliveries).toEqual([]);
    expect((await t.database.db.select().from(webhooks).where(eq(webhooks.id, hook.id)))[0]!.disabledAt).toBeNull();
  });
});

describe('webhook destinations without WEBHOOKS_ALLOW_PRIVATE_TARGETS', () => {
  const receiver = useWebhookReceiver();
  const t = useTestApp({ webhooks: FAST });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/hook', /127\.0\.0\.1 is a loopback address/],
    ['a private network', 'http://10.1.2.3/hook', /10\.1\.2\.3 is a private address/],
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
    ['IPv6 loopback', 'http://[::1]:8080/hook', /::1 is a loopback address/],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/hook', /127\.0\.0\.1 is a loopback address/],
    ['a host name resolving to loopback', 'http://localhost:3000/hook', /localhost resolves to .* loopback address/],
    ['carrier-grade NAT', 'https://100.64.1.1/hook', /carrier-grade NAT/],
    ['another scheme', 'ftp://example.com/hook', /https:\/\/ or http:\/\//],
    ['credentials in the URL', 'https://user:pass@example.com/hook', /user name or password/],
  ])('refuses %s with a clear 400', async (_, url, message) => {
    const answer = await call(t, 'POST', '/api/admin/webhooks', { url, events: ['chat.started'] });
    expectError(answer, 400, 'WEBHOOK_URL_REFUSED');
    expect(answer.json.error.message).toMatch(message);
    expect(await t.database.db.select().from(webhooks)).toEqual([]);
  });

  it('checks again at delivery time: a stored webhook whose host now points inside is not called, and is disabled', async () => {
    // As if DNS had changed since it was registered: the row points at loopback.
    const [row] = await t.database.db.insert(webhooks).values({ url: `${receiver.url}/inside`, events: ['chat.started'], secret: 'whsec_test' }).returning();
    await startSupportChat(t, newUser('80610').waId, 'Femi');
    const disabled = await waitFor('the webhook to be disabled', async () => {
      const [current] = await t.database.db.select().from(webhooks).where(eq(webhooks.id, row!.id));
      return current?.disabledAt ? current : undefined;
    });
    expect(disabled.disabledReason).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(receiver.received).toEqual([]);
    const [delivery] = await deliveriesOf(t, row!.id);
    // Not retried: an address that is refused stays refused.
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, responseStatus: null });
  });
});
