import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Success, success } from '../contract/common.js';
import { MediaParams, RetriedMedia } from '../contract/media.js';
import type { Db } from '../db/client.js';
import type { EventBus } from '../events/bus.js';
import { mediaUrl } from '../events/message-view.js';
import { AppError } from '../errors.js';
import type { ByteRange, MediaStore } from '../media/store.js';
import { storedMedia } from '../store/media.js';
import { retryMediaDownload, storedMediaFile } from '../use-cases/media.js';

const tags = ['media'];

/** Types a browser may show in the page (no scripts can run in these); everything else is a download. */
const INLINE = /^(image\/(jpeg|png|gif|webp)|audio\/(aac|amr|mpeg|mp4|ogg|opus|wav|webm)|video\/(mp4|3gpp|webm))$/;
const SAFE_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * Attachments, for agents only: `GET /media/{id}` serves the bytes with the stored type, as a download
 * unless it is a picture, a sound or a video, never sniffed, never able to run a script, with Range
 * support for players; `POST /media/{id}/retry` fetches a failed one again.
 */
export const mediaRoutes: FastifyPluginAsyncTypebox<{ db: Db; bus: EventBus; store: MediaStore }> = async (app, { db, bus, store }) => {
  app.get('/media/:id', {
    schema: {
      tags, summary: 'An attachment\'s bytes (Range supported)', params: MediaParams,
      produces: ['application/octet-stream'],
      response: { 200: Type.Unknown({ description: 'the bytes, with the stored Content-Type' }), 206: Type.Unknown({ description: 'the requested range' }), ...errorResponses, 416: errorResponses[400] },
    },
  }, async (request, reply) => {
    const media = await storedMediaFile(db, request.params.id);
    const type = media.mimeType && SAFE_TYPE.test(media.mimeType.toLowerCase()) ? media.mimeType.toLowerCase() : 'application/octet-stream';
    const size = media.size ?? 0;
    const range = parseRange(request.headers.range, size);
    if (range === 'unsatisfiable') {
      reply.header('content-range', `bytes */${size}`);
      throw new AppError(416, 'RANGE_NOT_SATISFIABLE', `The file has ${size} bytes.`);
    }
    const body = await store.get(media.storageKey, range ?? undefined);
    reply
      .header('content-type', type)
      .header('content-disposition', disposition(INLINE.test(type) ? 'inline' : 'attachment', media.filename ?? `${media.kind}-${media.id}${extensionOf(type)}`))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; media-src 'self'; img-src 'self'; sandbox")
      .header('cache-control', 'private, max-age=3600')
      .header('accept-ranges', 'bytes');
    if (range) {
      reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1);
    } else {
      reply.header('content-length', size);
    }
    return reply.send(body);
  });

  app.post('/media/:id/retry', {
    schema: {
      tags, summary: 'Fetch a failed attachment from WhatsApp again', params: MediaParams,
      response: { 200: Success(RetriedMedia), ...errorResponses },
    },
  }, async (request) => {
    const media = await retryMediaDownload({ db, bus }, request.params.id);
    return success({ media: { ...storedMedia(media), url: mediaUrl(media.id) } });
  });
};

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; null for none (or a form we do not serve: the whole file). */
function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/** `attachment; filename="…"; filename*=UTF-8''…` with the name made safe for the header. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function extensionOf(type: string): string {
  const known: Record<string, string> = {
    'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp', 'application/pdf': '.pdf', 'audio/ogg': '.ogg',
    'audio/mpeg': '.mp3', 'video/mp4': '.mp4', 'text/plain': '.txt',
  };
  return known[type] ?? '';
}
