import { asc, desc } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { domainEvents } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { bearer, BOOTSTRAP, call, conv, createAgent, createToken, expectError, newUser, say, startSupportChat, until } from './support.js';

/** The inbox's live feed over a real connection: `GET /api/admin/events` (Server-Sent Events). */

interface SseEvent {
  id: number | null;
  event: string;
  data: any;
}

/** A real SSE connection read frame by frame. */
class SseStream {
  readonly events: SseEvent[] = [];
  retry: number | null = null;
  ended = false;
  private buffer = '';

  private constructor(readonly response: Response, private readonly controller: AbortController) {}

  static async open(url: string, headers: Record<string, string>): Promise<SseStream> {
    const controller = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
    const stream = new SseStream(response, controller);
    if (response.ok) void stream.pump();
    return stream;
  }

  private async pump(): Promise<void> {
    const reader = this.response.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          this.frame(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    } finally {
      this.ended = true;
    }
  }

  private frame(block: string): void {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // comment (ping)
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      fields[name] = name in fields ? `${fields[name]}\n${value}` : value;
    }
    if (fields.retry !== undefined) this.retry = Number(fields.retry);
    if (fields.event === undefined && fields.data === undefined) return;
    this.events.push({ id: fields.id === undefined ? null : Number(fields.id), event: fields.event ?? 'message', data: JSON.parse(fields.data ?? 'null') });
  }

  get lastId(): number | null {
    return this.events.at(-1)?.id ?? null;
  }

  /** Waits until an event with this id (or a later one) has arrived. */
  async reach(id: number): Promise<void> {
    await until(`the stream to reach event ${id}`, () => (this.lastId ?? -1) >= id);
  }

  close(): void {
    this.controller.abort();
  }
}

describe('GET /api/admin/events (Server-Sent Events)', () => {
  const t = useTestApp();
  const open: SseStream[] = [];
  const connect = async (headers: Record<string, string> = BOOTSTRAP) => {
    const stream = await SseStream.open(`${t.url}/api/admin/events`, headers);
    open.push(stream);
    return stream;
  };
  /** Every event in the log, in id order, as the stream should show it. */
  const logged = async () =>
    (await t.database.db.select().from(domainEvents).orderBy(asc(domainEvents.id))).map((r) => ({ id: r.id, event: r.name, data: r.payload }));
  const latestId = async () => (await t.database.db.select({ id: domainEvents.id }).from(domainEvents).orderBy(desc(domainEvents.id)).limit(1))[0]?.id ?? 0;

  afterEach(() => {
    for (const stream of open.splice(0)) stream.close();
  });

  it('sends `ready` first, then chat.started, message.created, message.status and chat.ended live, with increasing ids', async () => {
    const agent = await createAgent(t, { name: 'Live Agent', email: 'live.agent@example.com' });
    const { token } = await createToken(t, agent.id);
    const stream = await connect();
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('cache-control')).toContain('no-cache');
    await until('the ready event', () => stream.events.length > 0);
    const startedAt = await latestId();
    expect(stream.events[0]).toEqual({ id: startedAt, event: 'ready', data: {} });
    expect(stream.retry).toBeGreaterThan(0);

    const { waId, phone } = newUser('80577');
    await startSupportChat(t, waId, 'Streamer');
    await say(t, waId, 'Streamer', { text: 'is this live?' });
    const sent = await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'Yes, live.' }, bearer(token));
    expect(sent.status).toBe(200);
    await t.settle();
    expect((await call(t, 'POST', conv(phone, '/chat-support/end'), {}, bearer(token))).status).toBe(200);
    await t.settle();
    const last = await latestId();
    await stream.reach(last);

    const live = stream.events.slice(1);
    // Exactly the event log after `ready`, each once, in id order.
    expect(live).toEqual((await logged()).filter((e) => e.id > startedAt));
    const ids = live.map((e) => e.id!);
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]!);
    expect(ids[0]).toBeGreaterThan(startedAt);

    const names = live.map((e) => e.event);
    expect(names[0]).toBe('chat.started');
    expect(new Set(names)).toEqual(new Set(['chat.started', 'message.created', 'message.status', 'chat.assigned', 'chat.ended', 'conversation.status_changed']));

    const started = live.find((e) => e.event === 'chat.started')!;
    expect(started.data).toEqual({ conversation_id: expect.any(String), phone_number: phone, chat_session_id: expect.any(String), started_by: 'user' });
    const agentMessage = live.find((e) => e.event === 'message.created' && e.data.message.sender === 'agent')!;
    expect(agentMessage.data).toMatchObject({ phone_number: phone, message: { text: 'Yes, live.', agent_id: agent.id, direction: 'outbound', timestamp: sent.json.data.timestamp } });
    const statuses = live.filter((e) => e.event === 'message.status' && e.data.message_id === agentMessage.data.message.id).map((e) => e.data.status);
    expect(statuses[0]).toBe('accepted');
    expect(statuses).toContain('delivered');
    expect(live.find((e) => e.event === 'chat.assigned')!.data).toMatchObject({ phone_number: phone, agent_id: agent.id, agent_name: 'Live Agent', chat_session_id: started.data.chat_session_id });
    expect(live.find((e) => e.event === 'chat.ended')!.data).toEqual({
      conversation_id: started.data.conversation_id, phone_number: phone, chat_session_id: started.data.chat_session_id, ended_by: 'agent',
    });
  });

  it('replays exactly the missed events to a client that reconnects with Last-Event-ID, then goes on live', async () => {
    const reference = await connect();
    const dropped = await connect();
    await until('both ready', () => reference.events.length > 0 && dropped.events.length > 0);

    const { waId, phone } = newUser('80577');
    await startSupportChat(t, waId, 'Reconnect');
    await reference.reach(await latestId());
    await dropped.reach(await latestId());
    const resumeFrom = dropped.lastId!;
    dropped.close();
    await until('the dropped stream to end', () => dropped.ended);

    // Missed while disconnected: a user message, an agent reply and their delivery statuses.
    await say(t, waId, 'Reconnect', { text: 'hello from the phone' });
    await call(t, 'POST', conv(phone, '/chat-support/send'), { message: 'an answer you missed' });
    await t.settle();
    const missedUpTo = await latestId();
    await reference.reach(missedUpTo);
    const missed = reference.events.filter((e) => e.id! > resumeFrom);
    expect(missed.length).toBeGreaterThan(0);

    const resumed = await connect({ ...BOOTSTRAP, 'last-event-id': String(resumeFrom) });
    await resumed.reach(missedUpTo);
    // No `ready`: exactly what was missed, in order, nothing twice.
    expect(resumed.events).toEqual(missed);
    expect(resumed.events.map((e) => e.event)).toContain('message.status');

    // And then live again.
    await call(t, 'POST', conv(phone, '/chat-support/end'));
    await t.settle();
    const end = await latestId();
    await resumed.reach(end);
    await reference.reach(end);
    expect(resumed.events).toEqual(reference.events.filter((e) => e.id! > resumeFrom));
    expect(resumed.events.filter((e) => e.event === 'chat.ended')).toHaveLength(1);

    // Resuming from the newest id replays nothing.
    const upToDate = await connect({ ...BOOTSTRAP, 'last-event-id': String(end) });
    await say(t, waId, 'Reconnect', { text: 'one more' });
    await upToDate.reach(await latestId());
    expect(upToDate.events).toEqual((await logged()).filter((e) => e.id > end));
    expect(upToDate.events.map((e) => e.event)).toContain('message.created');
  });

  it('needs credentials; a session cookie works without an Origin (reading is not a change)', async () => {
    const refused = await fetch(`${t.url}/api/admin/events`);
    expectError({ status: refused.status, json: await refused.json(), headers: {} }, 401, 'UNAUTHORIZED');

    await createAgent(t, { name: 'Cookie Reader', email: 'cookie.reader@example.com', password: 'cookie reader password' });
    const login = await fetch(`${t.url}/api/admin/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'cookie.reader@example.com', password: 'cookie reader password' }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const stream = await connect({ cookie });
    expect(stream.response.status).toBe(200);
    await until('the ready event', () => stream.events.length > 0);
    expect(stream.events[0]!.event).toBe('ready');
  });
});
