import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { call, conv, newUser, startSupportChat } from './support.js';

/** The OpenAPI document at /docs/json and the interactive docs at /docs, built from the routes' TypeBox schemas. */

const ERROR_CODES = ['400', '401', '403', '404', '409', '429'];

describe('OpenAPI document and /docs', () => {
  const t = useTestApp();
  let doc: any;
  beforeAll(async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    doc = response.json();
  });

  const op = (path: string, method: string) => doc.paths[path]?.[method];
  const json200 = (path: string, method: string, status = '200') => op(path, method).responses[status].content['application/json'].schema;

  it('is an OpenAPI 3 document with bearer and cookie security', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: 'wadesk_session' },
    });
    expect(doc.security).toEqual([{ bearer: [] }, { session: [] }]);
    // Logging in needs no credentials, and says so.
    expect(op('/api/admin/auth/login', 'post').security).toEqual([]);
  });

  it('documents every admin route', () => {
    const routes = t.app.wadesk.routes.filter((r) => r.url.startsWith('/api/admin') && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const path = route.url.replace(/:([a-z_]+)/g, '{$1}');
      expect({ route: `${route.method} ${path}`, documented: op(path, route.method.toLowerCase()) !== undefined })
        .toEqual({ route: `${route.method} ${path}`, documented: true });
    }
  });

  it('lists the seed paths with their schemas', () => {
    // GET /api/admin/conversations?limit=20 — limit is optional with its default.
    const list = op('/api/admin/conversations', 'get');
    const params = Object.fromEntries(list.parameters.map((p: any) => [p.name, p]));
    expect(params.limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', default: 20, minimum: 1 } });
    expect(Object.keys(params).sort()).toEqual(['active', 'assignee', 'cursor', 'label', 'limit', 'q', 'state', 'status']);
    const item = json200('/api/admin/conversations', 'get').properties.data.properties.conversations.items;
    expect(item.required).toEqual(expect.arrayContaining(['phone_number', 'name', 'state', 'chat_support_active', 'last_message', 'unread_count']));
    expect(item.properties.last_message.required).toEqual(['text', 'timestamp', 'sender']);

    // GET …/messages — the seed view and the full history.
    const messages = op('/api/admin/conversations/{phone_number}/messages', 'get');
    expect(messages.parameters).toContainEqual(expect.objectContaining({ in: 'path', name: 'phone_number', required: true }));
    expect(messages.parameters).toContainEqual(expect.objectContaining({ in: 'query', name: 'before', required: false }));
    const view = json200('/api/admin/conversations/{phone_number}/messages', 'get').properties.data;
    expect(view.required).toEqual(['phone_number', 'state', 'chat_support_active', 'chat_last_message_time', 'chat_messages', 'messages', 'next_cursor']);
    expect(view.properties.chat_messages.items).toMatchObject({ type: 'object', required: ['text', 'timestamp', 'sender'] });

    // POST …/chat-support/send — {message} in, the seed's answer out.
    const send = op('/api/admin/conversations/{phone_number}/chat-support/send', 'post');
    expect(send.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', required: ['message'], properties: { message: { type: 'string' } } });
    const sent = json200('/api/admin/conversations/{phone_number}/chat-support/send', 'post');
    expect(sent.required).toEqual(['status', 'message', 'data']);
    expect(sent.properties.status).toMatchObject({ enum: ['success'] });
    expect(sent.properties.data.required).toEqual(['phone_number', 'message_sent', 'timestamp']);

    // POST …/chat-support/end — an optional closing message.
    const end = op('/api/admin/conversations/{phone_number}/chat-support/end', 'post');
    const endBody = end.requestBody.content['application/json'].schema;
    expect(endBody.properties.message).toMatchObject({ type: 'string' });
    expect(endBody.required ?? []).not.toContain('message');
    const ended = json200('/api/admin/conversations/{phone_number}/chat-support/end', 'post');
    expect(ended.required).toEqual(['status', 'message', 'data']);
    expect(ended.properties.data.required).toEqual(['phone_number', 'session_ended']);

    // Every seed endpoint documents the error shape for each error status.
    for (const [path, method] of [
      ['/api/admin/conversations', 'get'],
      ['/api/admin/conversations/{phone_number}/messages', 'get'],
      ['/api/admin/conversations/{phone_number}/chat-support/send', 'post'],
      ['/api/admin/conversations/{phone_number}/chat-support/end', 'post'],
    ] as const) {
      for (const status of ERROR_CODES) {
        const schema = json200(path, method, status);
        expect(schema).toMatchObject({ type: 'object', required: ['status', 'error'], properties: { status: { enum: ['error'] }, error: { required: ['code', 'message'] } } });
      }
    }
  });

  it('matches what the endpoints really answer', async () => {
    const { waId, phone } = newUser('80588');
    await startSupportChat(t, waId, 'Docs');
    const sent = await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'documented' });
    const documentedSend = json200('/api/admin/conversations/{phone_number}/chat-support/send', 'post');
    expect(Object.keys(sent.json)).toEqual(Object.keys(documentedSend.properties));
    expect(Object.keys(sent.json.data)).toEqual(Object.keys(documentedSend.properties.data.properties));

    const view = await call(t, 'GET', conv(phone, '/messages'));
    const documentedView = json200('/api/admin/conversations/{phone_number}/messages', 'get').properties.data;
    expect(Object.keys(view.json.data)).toEqual(Object.keys(documentedView.properties));
    expect(Object.keys(view.json.data.messages[0])).toEqual(Object.keys(documentedView.properties.messages.items.properties));

    await t.settle();
    const ended = await call(t, 'POST', conv(phone, '/chat-support/end'));
    const documentedEnd = json200('/api/admin/conversations/{phone_number}/chat-support/end', 'post');
    expect(Object.keys(ended.json.data)).toEqual(Object.keys(documentedEnd.properties.data.properties));

    const list = await call(t, 'GET', '/api/admin/conversations?limit=20');
    const documentedItem = json200('/api/admin/conversations', 'get').properties.data.properties.conversations.items;
    expect(Object.keys(list.json.data.conversations[0])).toEqual(Object.keys(documentedItem.properties));
    // Beyond the seed: start, the conversation with its open chat, read, and who is calling.
    const started = await call(t, 'POST', conv(phone, '/chat-support/start'));
    expect(started.status).toBe(200);
    const documentedStart = json200('/api/admin/conversations/{phone_number}/chat-support/start', 'post');
    expect(Object.keys(started.json)).toEqual(Object.keys(documentedStart.properties));
    expect(Object.keys(started.json.data)).toEqual(Object.keys(documentedStart.properties.data.properties));

    const detail = await call(t, 'GET', conv(phone, ''));
    const documentedDetail = json200('/api/admin/conversations/{phone_number}', 'get').properties.data;
    expect(Object.keys(detail.json.data)).toEqual(Object.keys(documentedDetail.properties));
    const chatSchema = documentedDetail.properties.chat;
    const documentedChat = [...(chatSchema.anyOf ?? chatSchema.oneOf ?? []), chatSchema].find((variant: any) => variant.properties);
    expect(Object.keys(detail.json.data.chat)).toEqual(Object.keys(documentedChat.properties));

    const read = await call(t, 'POST', conv(phone, '/read'));
    expect(Object.keys(read.json.data)).toEqual(Object.keys(json200('/api/admin/conversations/{phone_number}/read', 'post').properties.data.properties));

    const me = await call(t, 'GET', '/api/admin/auth/me');
    expect(me.json.data.agent).toEqual({ id: null, name: 'Admin', email: null, role: 'admin', disabled: false });
  });

  it('serves the interactive docs as HTML at /docs, without credentials', async () => {
    const page = await fetch(`${t.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toMatch(/swagger/i);
    const spec = await fetch(`${t.url}/docs/json`);
    expect(spec.status).toBe(200);
    expect((await spec.json()).paths).toHaveProperty(['/api/admin/conversations/{phone_number}/chat-support/send']);
  });
});
