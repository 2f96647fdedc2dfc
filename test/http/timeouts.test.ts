import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_TIMEOUTS } from '../../src/app.js';
import { TEST_SECRETS, type TestApp, useTestApp } from '../helpers/app.js';

/**
 * Connections used to be held forever: a client that sent half its headers, or half a body, or nothing
 * after a request, kept its socket for minutes. The server now closes them (the times are shortened here
 * through buildApp's `timeouts`), while Server-Sent Events streams — long-lived responses — stay open.
 */
const TIMEOUTS = { headersMs: 300, requestMs: 600, idleMs: 3_000, keepAliveMs: 300, checkIntervalMs: 100 };
/** Well past every configured time, and far below node's defaults (60 s headers, 300 s request). */
const CLOSED_WITHIN_MS = 2_500;

function open(t: TestApp): Promise<Socket> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Resolves with what the server wrote once it closes the socket, or null if it is still open after `ms`. */
function closedWithin(socket: Socket, ms: number): Promise<string | null> {
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

describe('server timeouts', () => {
  const t = useTestApp({ timeouts: TIMEOUTS });
  const sockets: Socket[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
  });
  const stalled = async () => {
    const socket = await open(t);
    sockets.push(socket);
    return socket;
  };

  it('has production defaults that close slow clients long before node would', () => {
    expect(SERVER_TIMEOUTS.headersMs).toBeLessThan(60_000);
    expect(SERVER_TIMEOUTS.requestMs).toBeLessThan(300_000);
    expect(SERVER_TIMEOUTS.headersMs).toBeLessThanOrEqual(SERVER_TIMEOUTS.requestMs);
    // Longer than the usual proxy's 60 s upstream keep-alive, so the proxy, not wadesk, closes first.
    expect(SERVER_TIMEOUTS.keepAliveMs).toBeGreaterThan(60_000);
  });

  it('closes a socket that sends half the headers and stalls', async () => {
    const socket = await stalled();
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ');
    const answer = await closedWithin(socket, CLOSED_WITHIN_MS);
    expect(answer).not.toBeNull();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a socket that trickles its headers a byte at a time (never idle, never done)', async () => {
    const socket = await stalled();
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const drip = setInterval(() => socket.writable && socket.write('a'), 50);
    const answer = await closedWithin(socket, CLOSED_WITHIN_MS);
    clearInterval(drip);
    expect(answer).not.toBeNull();
  });

  it('closes a socket that sends the headers and half the body', async () => {
    const socket = await stalled();
    socket.write('POST /api/admin/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"email":');
    expect(await closedWithin(socket, CLOSED_WITHIN_MS)).not.toBeNull();
  });

  it('closes a connection that connects and sends nothing', async () => {
    const socket = await stalled();
    expect(await closedWithin(socket, CLOSED_WITHIN_MS)).not.toBeNull();
  });

  it('closes an idle keep-alive connection after its request was answered', async () => {
    const socket = await stalled();
    const closed = closedWithin(socket, CLOSED_WITHIN_MS);
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    const answer = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toMatch(/keep-alive/i);
  });

  it('keeps an SSE stream open well past the request and header timeouts, and it still delivers', async () => {
    const { port } = new URL(t.url);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/admin/events', headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}` } }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(response.statusCode).toBe(200);
    let text = '';
    let closed = false;
    response.on('data', (chunk) => (text += chunk.toString()));
    response.on('close', () => (closed = true));

    await new Promise((resolve) => setTimeout(resolve, 4 * TIMEOUTS.requestMs));
    expect(closed).toBe(false);
    const sent = await t.fake.simulator.sendUserMessage({ from: '2348031110000', name: 'Late', text: 'still there?' });
    expect(sent.status).toBe('success');
    const deadline = Date.now() + 5_000;
    while (!text.includes('event: message.created') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(text).toContain('event: message.created');
    expect(closed).toBe(false);
    response.destroy();
  });
});
