/**
 * The ceiling: a bare Fastify 5 route that reads the raw body and checks its X-Hub-Signature-256
 * (HMAC-SHA256, constant-time compare), then answers 200. No logging, no parsing, no database.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import { serveParent } from '../lib/ipc.js';
import { SECRETS } from '../lib/fixtures.js';

const app = Fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.post('/webhooks/whatsapp', async (request, reply) => {
  const header = request.headers['x-hub-signature-256'];
  const raw = request.body as Buffer;
  const expected = createHmac('sha256', SECRETS.appSecret).update(raw).digest();
  const given = typeof header === 'string' && header.startsWith('sha256=') ? Buffer.from(header.slice(7), 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply.code(401).send({ status: 'error' });
  return { status: 'success' };
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });

serveParent({
  usage: () => ({ cpu: process.cpuUsage(), at: performance.now() }),
  stop: async () => {
    await app.close();
    process.exit(0);
  },
}, { url });
