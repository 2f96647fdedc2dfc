import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useResource } from './resource.js';

/** One request as an integration's server received it. */
export interface ReceivedDelivery {
  at: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body, exactly as it came. */
  raw: string;
  /** What the receiver answered. */
  answered: number;
}

/**
 * An integration's server: a real HTTP server on 127.0.0.1 that records every request and answers with
 * the status `answer` picks (200 unless told otherwise). It checks nothing itself: the tests verify the
 * signature with `verifySignature`, written here apart from the server's code.
 */
export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** From now on each answer is decided by `answer`, from the request and what came before it. */
  respond(answer: Answer): void;
  /** Forgets what it received and answers 200 again. */
  reset(): void;
  close(): Promise<void>;
}

type Answer = (request: ReceivedDelivery, before: readonly ReceivedDelivery[]) => number;

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  let answer: Answer = () => 200;
  const receiver: WebhookReceiver = {
    url: '',
    received,
    respond: (next) => {
      answer = next;
    },
    reset: () => {
      received.length = 0;
      answer = () => 200;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const delivery: ReceivedDelivery = {
        at: Date.now(), method: request.method ?? '', path: request.url ?? '', headers: request.headers,
        raw: Buffer.concat(chunks).toString('utf8'), answered: 0,
      };
      delivery.answered = answer(delivery, received);
      received.push(delivery);
      response.writeHead(delivery.answered, { 'content-type': 'text/plain' }).end(delivery.answered < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

/** A receiver for the tests of a describe block. */
export function useWebhookReceiver(): WebhookReceiver {
  return useResource('the webhook receiver', startWebhookReceiver, (receiver) => receiver.close());
}

/**
 * What a receiver does with `X-Wadesk-Signature: t=…,v1=…`: HMAC-SHA256 of "<t>.<raw body>" with the
 * secret, compared in constant time, and a timestamp no older than `toleranceS`.
 */
export function verifySignature(raw: string, header: string | string[] | undefined, secret: string, toleranceS = 300): boolean {
  if (typeof header !== 'string') return false;
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceS || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${raw}`).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1!, 'hex'));
}
