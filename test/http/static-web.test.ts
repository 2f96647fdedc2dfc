import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../../src/http/error-handler.js';
import { HTML_SECURITY_HEADERS, staticWeb } from '../../src/http/static-web.js';

/** A server with only the web plugin, over a fake build (two pages and one hashed asset). */
async function serve(options: { simulator: boolean; distDir: string }): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandler(app);
  // Stand-ins for the simulator's API routes, which the page's catch-all must not shadow.
  app.get('/simulator/api/users', async () => ({ status: 'success', data: [] }));
  await app.register(staticWeb, options);
  return app;
}

describe('serving the web app', () => {
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'wadesk-web-'));
    for (const page of ['admin', 'simulator']) {
      await mkdir(path.join(dist, page), { recursive: true });
      await writeFile(path.join(dist, page, 'index.html'), `<!doctype html><title>${page}</title>`);
    }
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'assets', 'admin-abc123.js'), 'console.log(1)');
  });
  afterAll(async () => {
    await rm(dist, { recursive: true, force: true });
  });

  it('serves the inbox on /admin and its client routes, as revalidated HTML with strict security headers', async () => {
    const app = await serve({ simulator: false, distDir: dist });
    for (const url of ['/admin', '/admin/', '/admin/c/%2B2348012345678']) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<title>admin</title>');
      expect(response.headers).toMatchObject({ ...HTML_SECURITY_HEADERS, 'cache-control': 'no-cache', 'content-type': 'text/html; charset=utf-8' });
    }
    expect(HTML_SECURITY_HEADERS['content-security-policy']).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
    );
  });

  it('lets browsers keep hashed assets for a year', async () => {
    const app = await serve({ simulator: false, distDir: dist });
    const response = await app.inject('/assets/admin-abc123.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect((await app.inject('/assets/nope.js')).statusCode).toBe(404);
  });

  it('serves the simulator page only in simulator mode, without shadowing its API', async () => {
    const simulated = await serve({ simulator: true, distDir: dist });
    expect((await simulated.inject('/simulator')).body).toContain('<title>simulator</title>');
    expect((await simulated.inject('/simulator/users/2348012345678')).body).toContain('<title>simulator</title>');
    expect((await simulated.inject('/simulator/api/users')).json()).toEqual({ status: 'success', data: [] });
    const unknownApi = await simulated.inject('/simulator/api/nothing-here');
    expect(unknownApi.statusCode).toBe(404);
    expect(unknownApi.json()).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } });
    expect((await simulated.inject('/simulator/graph/v23.0/1/messages')).statusCode).toBe(404);

    const cloud = await serve({ simulator: false, distDir: dist });
    expect((await cloud.inject('/simulator')).statusCode).toBe(404);
    expect((await cloud.inject('/simulator/anything')).statusCode).toBe(404);
  });

  it('sends / to the simulator in simulator mode and to the inbox otherwise', async () => {
    expect((await (await serve({ simulator: true, distDir: dist })).inject('/')).headers.location).toBe('/simulator');
    expect((await (await serve({ simulator: false, distDir: dist })).inject('/')).headers.location).toBe('/admin');
  });

  it('answers 503 with what to run when the web app is not built', async () => {
    const app = await serve({ simulator: true, distDir: path.join(dist, 'missing') });
    for (const url of ['/admin', '/simulator']) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'error', error: { code: 'WEB_NOT_BUILT', message: expect.stringContaining('npm run build:web') } });
    }
  });
});
