import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FastifyPluginAsync } from 'fastify';
import type { AdminAuth } from '../admin/auth.js';
import { errorResponses } from '../contract/common.js';
import type { Database } from '../db/client.js';
import { dumpPglite } from './backup.js';

/** `GET /api/admin/backup` (admins): the live PGlite database as a gzip'd tarball, for `wadesk backup`. */
export const backupRoutes: FastifyPluginAsync<{ auth: AdminAuth; database: Database }> = async (app, { auth, database }) => {
  app.get('/backup', {
    onRequest: [auth.authenticate, auth.requireAdmin],
    schema: {
      tags: ['operations'],
      summary: 'Download a consistent backup of the embedded database (PGlite only; on PostgreSQL use pg_dump)',
      response: { 200: { description: "A gzip'd tarball (application/gzip); `wadesk restore` reads it", type: 'string' }, ...errorResponses },
    },
  }, async (request, reply) => {
    const dump = await dumpPglite(database);
    request.log.info({ bytes: dump.size }, 'backup taken');
    const name = `wadesk-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
    reply.type('application/gzip').header('content-disposition', `attachment; filename="${name}"`).header('content-length', dump.size);
    return reply.send(Readable.fromWeb(dump.stream() as WebReadableStream));
  });
};
