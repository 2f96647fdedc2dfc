import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';
import { messagesFrom, postEvent, postWebhook, text, userMessage, waitFor } from '../helpers/webhooks.js';
import { bearer, createAgent, createToken } from '../admin/support.js';
import { sample, scrape } from './scrape.js';

const METRICS_TOKEN = 'metrics-token-for-prometheus-0123';

describe('GET /metrics', () => {
  const t = useTestApp({ config: { metricsToken: METRICS_TOKEN } });

  it('is refused without a token, with a wrong one and with an agent (non-admin) token, in the API error shape', async () => {
    const none = await fetch(`${t.url}/metrics`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ status: 'error', error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    const wrong = await fetch(`${t.url}/metrics`, { headers: bearer('not-the-metrics-token-at-all') });
    expect(wrong.status).toBe(401);
    const agent = await createAgent(t, { name: 'Grace', email: 'grace@example.test', role: 'agent' });
    const { token } = await createToken(t, agent.id);
    const forbidden = await fetch(`${t.url}/metrics`, { headers: bearer(token) });
    expect(forbidden.status).toBe(403);
  });

  it('answers Prometheus text to METRICS_TOKEN, the bootstrap admin token and an admin agent token', async () => {
    const admin = await createAgent(t, { name: 'Ada Admin', email: 'ada@example.test', role: 'admin' });
    const { token } = await createToken(t, admin.id);
    for (const credential of [METRICS_TOKEN, TEST_SECRETS.adminToken, token]) {
      const response = await fetch(`${t.url}/metrics`, { headers: bearer(credential) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const body = await response.text();
      expect(body).toContain('# TYPE wadesk_webhook_requests_total counter');
      // Event-loop lag comes with prom-client's default metrics.
      expect(sample(body, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    }
  });

  it('counts webhook requests by outcome and messages received by type', async () => {
    const before = await scrape(t.url);
    const count = (text: string, outcome: string) => sample(text, 'wadesk_webhook_requests_total', { outcome }) ?? 0;
    const user = '2348011112201';
    expect((await postEvent(t.url, messagesFrom(user, 'Ada', userMessage(user, text('hello')), userMessage(user, { type: 'location', location: { latitude: 6.5, longitude: 3.3 } })))).status).toBe(200);
    expect((await postWebhook(t.url, '{"object":"whatsapp_business_account"}', { signature: null })).status).toBe(401);
    expect((await postWebhook(t.url, '{not json')).status).toBe(400);
    await t.settle();

    const after = await scrape(t.url);
    expect(count(after, 'ok') - count(before, 'ok')).toBe(1);
    expect(count(after, 'invalid_signature') - count(before, 'invalid_signature')).toBe(1);
    expect(count(after, 'bad_request') - count(before, 'bad_request')).toBe(1);
    expect(count(after, 'error')).toBe(0);
    expect(sample(after, 'wadesk_messages_received_total', { type: 'text' })).toBe(1);
    expect(sample(after, 'wadesk_messages_received_total', { type: 'location' })).toBe(1);
  });

  it('times sends, counts messages sent by type and failures by WhatsApp error code', async () => {
    const before = await scrape(t.url);
    const sends = (text: string) => sample(text, 'wadesk_send_duration_seconds_count') ?? 0;
    t.fake.simulator.injectFaults([{ httpStatus: 429, code: 130429 }]);
    // Through the fake's phone, so that the fake knows the user wrote (the 24-hour window is open).
    await t.fake.simulator.sendUserMessage({ from: '2348011112202', name: 'Bola', text: 'hi' });
    await t.settle();

    const after = await scrape(t.url);
    expect(sample(after, 'wadesk_send_failures_total', { code: '130429', class: 'rate_limited' })).toBe(1);
    // The greeting went out after the retry, plus the read receipt: three Graph API calls at least.
    expect(sends(after) - sends(before)).toBeGreaterThanOrEqual(3);
    const sentTexts = (text: string) => sample(text, 'wadesk_messages_sent_total', { type: 'text' }) ?? 0;
    expect(sentTexts(after) - sentTexts(before)).toBeGreaterThanOrEqual(1);
  });

  it('reports the outbox backlog and the age of its oldest row, read from the database on each scrape', async () => {
    await t.app.wadesk.dispatcher.stop();
    try {
      const user = '2348011112203';
      await postEvent(t.url, messagesFrom(user, 'Chidi', userMessage(user, text('hello'))));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const stalled = await scrape(t.url);
      // The read receipt and the greeting wait.
      expect(sample(stalled, 'wadesk_outbox_backlog')).toBeGreaterThanOrEqual(2);
      expect(sample(stalled, 'wadesk_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(1);
    } finally {
      t.app.wadesk.dispatcher.start();
    }
    await t.settle();
    const drained = await scrape(t.url);
    expect(sample(drained, 'wadesk_outbox_backlog')).toBe(0);
    expect(sample(drained, 'wadesk_outbox_oldest_pending_age_seconds')).toBe(0);
  });

  it('counts open live-event streams, and forgets them when they close', async () => {
    expect(sample(await scrape(t.url), 'wadesk_sse_clients')).toBe(0);
    const refused = await fetch(`${t.url}/api/admin/events`);
    expect(refused.status).toBe(401);
    const controller = new AbortController();
    const stream = await fetch(`${t.url}/api/admin/events`, { headers: bearer(TEST_SECRETS.adminToken), signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(sample(await scrape(t.url), 'wadesk_sse_clients')).toBe(1);
    controller.abort();
    await waitFor('the stream to be counted as closed', async () => sample(await scrape(t.url), 'wadesk_sse_clients') === 0);
  });
});

describe('METRICS_TOKEN', () => {
  it('is read from the environment and must be at least 16 characters', () => {
    expect(loadConfig({ METRICS_TOKEN }).metricsToken).toBe(METRICS_TOKEN);
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
  });
});
