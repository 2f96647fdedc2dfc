import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../errors.js';
import { verifySignature } from '../whatsapp/signature.js';
import { parseWebhook, WebhookShapeError } from '../whatsapp/webhook-parser.js';
import { processWebhook, type InboundDeps } from './process.js';
import { parseStorableJson } from './storable-json.js';

export interface WebhookRoutesOptions {
  inbound: InboundDeps;
  appSecret: string;
  verifyToken: string;
}

/** Meta's payloads can be up to 3 MB. */
export const WEBHOOK_BODY_LIMIT = 3 * 1024 * 1024;

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * `GET /webhooks/whatsapp`: Meta's verification handshake. `POST /webhooks/whatsapp`: signed events; the
 * signature is checked on the raw bytes before anything is parsed, and 200 is answered only once what the
 * POST carries is committed.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRoutesOptions> = async (app, options) => {
  // Encapsulated: only this plugin's routes see the raw-bytes parser, and it takes every content type so
  // that no body ever reaches the handler unsigned.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (request, raw, done) => {
    const bytes = raw as Buffer;
    if (!verifySignature(bytes, request.headers['x-hub-signature-256'] as string | undefined, options.appSecret)) {
      done(new AppError(401, 'INVALID_SIGNATURE', 'X-Hub-Signature-256 is missing or does not match the body.'), undefined);
      return;
    }
    try {
      // Not plain JSON.parse: a U+0000 in a user's text would make the message unstorable (see storable-json.ts).
      done(null, parseStorableJson(bytes.toString('utf8')));
    } catch {
      done(new AppError(400, 'INVALID_JSON', 'The body is not valid JSON.'), undefined);
    }
  });

  app.get('/webhooks/whatsapp', { schema: { hide: true } }, async (request, reply) => {
    // A key given twice arrives as an array: that is not Meta's request, and is refused like a wrong token.
    const query = request.query as Record<string, unknown>;
    const [mode, token, challenge] = ['hub.mode', 'hub.verify_token', 'hub.challenge'].map((k) => (typeof query[k] === 'string' ? query[k] : undefined));
    if (mode === 'subscribe' && sameSecret(token ?? '', options.verifyToken) && challenge !== undefined) {
      // The challenge is echoed: never let a browser sniff it into HTML.
      return reply.type('text/plain').header('x-content-type-options', 'nosniff').send(challenge);
    }
    throw new AppError(403, 'VERIFICATION_FAILED', 'hub.mode must be "subscribe" and hub.verify_token must match WHATSAPP_VERIFY_TOKEN.');
  });

  app.post('/webhooks/whatsapp', { bodyLimit: WEBHOOK_BODY_LIMIT, schema: { hide: true } }, async (request) => {
    if (request.body === undefined) throw new AppError(401, 'INVALID_SIGNATURE', 'X-Hub-Signature-256 is missing or does not match the body.');
    let parsed;
    try {
      parsed = parseWebhook(request.body);
    } catch (err) {
      if (err instanceof WebhookShapeError) throw new AppError(400, 'INVALID_WEBHOOK', err.message);
      throw err;
    }
    const result = await processWebhook({ ...options.inbound, log: request.log }, parsed);
    request.server.wadesk.metrics.messagesReceived(parsed.messages);
    return { status: 'success', data: result };
  });
};
