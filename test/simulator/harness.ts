import Fastify from 'fastify';
import { toGraphPayload } from '../../src/whatsapp/graph-payloads.js';
import { verifySignature } from '../../src/whatsapp/signature.js';
import type { OutboundMessage } from '../../src/whatsapp/types.js';
import { startFakeGraphApi, type FakeGraphApi, type SimulatorOptions } from '../../src/simulator/index.js';

export const APP_SECRET = 'test-app-secret';
export const ACCESS_TOKEN = 'test-access-token';
export const PHONE_NUMBER_ID = '106540352242922';
export const DISPLAY_PHONE_NUMBER = '15550783881';
export const USER = '16505551234';

export interface ReceivedWebhook {
  raw: Buffer;
  json: any;
  signedCorrectly: boolean;
}

/** Our side of the wire: a real HTTP server that records every webhook it is sent, checking signatures on the raw bytes. */
export async function startWebhookTarget() {
  const received: ReceivedWebhook[] = [];
  /** Statuses to answer with, in order, before the default 200 (to see Meta-style retries). */
  const answers: number[] = [];
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, raw, done) => done(null, raw));
  app.post('/webhooks/whatsapp', async (request, reply) => {
    const raw = request.body as Buffer;
    const signedCorrectly = verifySignature(raw, request.headers['x-hub-signature-256'] as string | undefined, APP_SECRET);
    received.push({ raw, json: JSON.parse(raw.toString('utf8')), signedCorrectly });
    return reply.code(answers.shift() ?? 200).send();
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `${url}/webhooks/whatsapp`,
    received,
    answers,
    statuses: () => received.flatMap((w) => w.json.entry[0].changes[0].value.statuses ?? []),
    messages: () => received.flatMap((w) => w.json.entry[0].changes[0].value.messages ?? []),
    close: () => app.close(),
  };
}

export type WebhookTarget = Awaited<ReturnType<typeof startWebhookTarget>>;

/** A clock tests can move forward, to close the 24 h window without waiting a day. */
export function testClock(start = '2026-03-02T09:00:00Z') {
  let current = new Date(start);
  return {
    now: () => current,
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
  };
}

export interface Simulation {
  api: FakeGraphApi;
  target: WebhookTarget;
  clock: ReturnType<typeof testClock>;
  /** POSTs to the fake Graph API's /messages as our Graph client would. */
  post(body: unknown, options?: { token?: string | null; phoneNumberId?: string }): Promise<{ status: number; json: any }>;
  /** Uploads a file as our Graph client would: `POST /{phone-number-id}/media`, multipart. */
  upload(file: { bytes: Buffer; type: string; name?: string }, options?: { token?: string | null }): Promise<{ status: number; json: any }>;
  /** GETs a Graph API path (below the version) or a full URL, with the access token unless told otherwise. */
  graphGet(pathOrUrl: string, options?: { token?: string | null }): Promise<Response>;
  /** The simulated user picks a file (`POST /simulator/api/media`); resolves with its media id. */
  userUpload(file: { bytes: Buffer; type: string; name?: string }): Promise<{ status: number; json: any }>;
  /** POSTs to the simulated users' API. */
  userPost(path: string, body: unknown): Promise<{ status: number; json: any }>;
  userGet(path: string): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

export async function startSimulation(options: Partial<SimulatorOptions> = {}): Promise<Simulation> {
  const target = await startWebhookTarget();
  const clock = testClock();
  const api = await startFakeGraphApi({
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    phoneNumberId: PHONE_NUMBER_ID,
    displayPhoneNumber: DISPLAY_PHONE_NUMBER,
    webhookUrl: () => target.url,
    now: clock.now,
    statusDelaysMs: { sent: 5, delivered: 20 },
    webhookRetryDelaysMs: [10, 20],
    ...options,
  });
  return {
    api,
    target,
    clock,
    async post(body, { token = ACCESS_TOKEN, phoneNumberId = PHONE_NUMBER_ID } = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${api.url}/${phoneNumberId}/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: response.status, json: await response.json() };
    },
    async upload(file, { token = ACCESS_TOKEN } = {}) {
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', file.type);
      form.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name ?? 'file');
      const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
      const response = await fetch(`${api.url}/${PHONE_NUMBER_ID}/media`, { method: 'POST', headers, body: form });
      return { status: response.status, json: await response.json() };
    },
    graphGet(pathOrUrl, { token = ACCESS_TOKEN } = {}) {
      const url = /^https?:/.test(pathOrUrl) ? pathOrUrl : `${api.url}/${pathOrUrl}`;
      return fetch(url, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    },
    async userUpload(file) {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name ?? 'file');
      const response = await fetch(`${api.userApiUrl}/media`, { method: 'POST', body: form });
      return { status: response.status, json: await response.json() };
    },
    async userPost(path, body) {
      const response = await fetch(`${api.userApiUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    },
    async userGet(path) {
      const response = await fetch(`${api.userApiUrl}${path}`);
      return { status: response.status, json: await response.json() };
    },
    async close() {
      await api.close();
      await target.close();
    },
  };
}

/** The structure of a JSON value with leaves replaced by their type: two payloads "shaped alike" match here, key order included. */
export function shapeOf(value: unknown): string {
  const shape = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(shape) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v;
  return JSON.stringify(shape(value), null, 1);
}

/** What our Graph client sends for `msg` to `to`. */
export function graphBody(msg: OutboundMessage, to = USER) {
  return toGraphPayload({ waId: to, userId: null }, msg);
}
