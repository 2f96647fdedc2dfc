import { expect } from 'vitest';
import { TEST_SECRETS, type TestApp } from '../helpers/app.js';

/** Helpers shared by the admin API tests (not a test file itself). */

export const BOOTSTRAP = { authorization: `Bearer ${TEST_SECRETS.adminToken}` };
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** ISO 8601 with milliseconds and Z, as every timestamp of the admin API is written. */
export const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export interface Answer {
  status: number;
  json: any;
  headers: Record<string, unknown>;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One admin API call through `app.inject` (bootstrap token unless `headers` say otherwise). */
export async function call(t: TestApp, method: Method, url: string, body?: unknown, headers: Record<string, string> = BOOTSTRAP): Promise<Answer> {
  const response = await t.app.inject({
    method,
    url,
    headers,
    ...(body === undefined ? {} : { payload: body as object }),
  });
  return { status: response.statusCode, json: response.body ? response.json() : null, headers: response.headers };
}

/** The error shape, and nothing that looks like a stack trace. */
export function expectError(answer: Answer, status: number, code: string | RegExp): void {
  expect({ status: answer.status, body: answer.json }).toEqual({
    status,
    body: { status: 'error', error: { code: typeof code === 'string' ? code : expect.stringMatching(code), message: expect.any(String) } },
  });
  expect(Object.keys(answer.json)).toEqual(['status', 'error']);
  expect(Object.keys(answer.json.error).sort()).toEqual(['code', 'message']);
  expect(answer.json.error.message).not.toMatch(/\n\s+at /);
}

let counter = 0;
/**
 * A valid Nigerian mobile number for one simulated user: `waId` (digits, what WhatsApp sends) and
 * `phone` (E.164). `base` keeps the numbers of different files apart in logs.
 */
export function newUser(base = '80312'): { waId: string; phone: string } {
  counter += 1;
  const waId = `234${base}${String(counter).padStart(5, '0')}`;
  return { waId, phone: `+${waId}` };
}

/** `/api/admin/conversations/{phone}` with the number URL-encoded (`%2B…`). */
export const conv = (phone: string, rest = '') => `/api/admin/conversations/${encodeURIComponent(phone)}${rest}`;

/** The simulated user writes (or taps, reacts, sends a file…), and everything that follows is delivered. */
export async function say(t: TestApp, waId: string, name: string, input: Omit<Parameters<TestApp['fake']['simulator']['sendUserMessage']>[0], 'from' | 'name'>): Promise<void> {
  const result = await t.fake.simulator.sendUserMessage({ from: waId, name, ...input });
  expect(result).toMatchObject({ status: 'success', data: { webhookStatus: 200 } });
  await t.settle();
}

/** The user types "chat support": a support chat starts. */
export async function startSupportChat(t: TestApp, waId: string, name: string): Promise<void> {
  await say(t, waId, name, { text: 'chat support' });
}

/** The user says hello and gives their name: REGISTERED, with the main menu shown. */
export async function register(t: TestApp, waId: string, name: string): Promise<void> {
  await say(t, waId, name, { text: 'Hello' });
  await say(t, waId, name, { text: name });
}

type GraphBody = { to?: string; type: string; text?: { body: string }; interactive?: { body: { text: string }; action: { buttons?: unknown[] } } };

/** Message bodies that reached the Graph API for `waId`. */
export const accepted = (t: TestApp, waId: string) => t.fake.simulator.accepted(waId) as GraphBody[];

/** What the user reads in a Graph API body. */
export const shown = (body: GraphBody | undefined) => body?.text?.body ?? body?.interactive?.body.text;

/** Creates an agent (bootstrap token) and returns it. */
export async function createAgent(
  t: TestApp,
  input: { name: string; email: string; password?: string; role?: 'admin' | 'agent' },
): Promise<{ id: string; name: string; email: string; role: string }> {
  const created = await call(t, 'POST', '/api/admin/agents', input);
  expect(created.status).toBe(201);
  return created.json.data.agent;
}

/** Creates an API token for an agent (bootstrap token unless `headers`); returns its id and the token. */
export async function createToken(t: TestApp, agentId: string, name = 'integration', headers = BOOTSTRAP): Promise<{ id: string; token: string }> {
  const created = await call(t, 'POST', `/api/admin/agents/${agentId}/tokens`, { name }, headers);
  expect(created.status).toBe(201);
  return { id: created.json.data.id, token: created.json.data.token };
}

/** Polls a condition with a deadline (the core tests' helper, under the name these tests use). */
export { waitFor as until } from '../helpers/webhooks.js';
