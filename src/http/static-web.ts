import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { PROJECT_ROOT } from '../project-root.js';

export interface StaticWebOptions {
  /** Serve the phone simulator page (only when the simulator's API is mounted too). */
  simulator: boolean;
  /** The built web app; defaults to `web/dist` in the project. */
  distDir?: string;
}

/** The headers every HTML page carries: the pages load only their own scripts and talk only to this server. */
export const HTML_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/**
 * Serves the React app built by `npm run build:web`: `/admin/*` is the inbox, `/simulator/*` the phone
 * simulator (in simulator mode), `/assets/*` their hashed files. Client-side routes fall back to the page.
 * Without a build, the pages answer 503 saying what to run, and the API keeps working.
 */
export const staticWeb: FastifyPluginAsync<StaticWebOptions> = async (app, options) => {
  const distDir = options.distDir ?? path.join(PROJECT_ROOT, 'web', 'dist');
  if (!existsSync(distDir)) app.log.warn(`${distDir} is missing: run "npm run build:web" to serve /admin and /simulator`);

  // Names carry a content hash, so a file under /assets never changes: browsers may keep it for a year.
  await app.register(fastifyStatic, {
    root: path.join(distDir, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
    setHeaders: (response) => response.setHeader('x-content-type-options', 'nosniff'),
  });

  const sendPage = async (reply: FastifyReply, page: 'admin' | 'simulator') => {
    let html: string;
    try {
      // Read per request (a few hundred bytes): a rebuild while the server runs is picked up at once.
      html = await readFile(path.join(distDir, page, 'index.html'), 'utf8');
    } catch {
      return reply.code(503).send({
        status: 'error',
        error: { code: 'WEB_NOT_BUILT', message: 'The web app is not built: run "npm run build:web", then reload.' },
      });
    }
    // no-cache: the page names the current asset hashes, so it must be revalidated on every visit.
    return reply.headers({ ...HTML_SECURITY_HEADERS, 'cache-control': 'no-cache' }).type('text/html; charset=utf-8').send(html);
  };

  app.get('/', (_request, reply) => reply.redirect(options.simulator ? '/simulator' : '/admin'));
  app.get('/admin', (_request, reply) => sendPage(reply, 'admin'));
  app.get('/admin/*', (_request, reply) => sendPage(reply, 'admin'));

  if (!options.simulator) return;
  app.get('/simulator', (_request, reply) => sendPage(reply, 'simulator'));
  app.get('/simulator/*', (request, reply) => {
    // The simulator's API and fake Graph API have their own routes; an unknown path there is a 404, not the page.
    if (/^\/simulator\/(api|graph)(\/|$|\?)/.test(request.url)) return reply.callNotFound();
    return sendPage(reply, 'simulator');
  });
};
