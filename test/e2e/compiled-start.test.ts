import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnWadesk, type ServerProcess } from '../helpers/server-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What `npm start` runs: the compiled server (dist/server.js, plain JavaScript: the migrations, the web
 * pages and the PGlite template are found from there) on an empty DATA_DIR, then again on the same one.
 */
describe('the compiled server', { timeout: 120_000 }, () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  // What npm start's prestart does: compiles and makes the template when missing or out of date.
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/ensure-server-build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
  }, 300_000);
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-compiled-'));
  });
  afterEach(async () => {
    await server?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on an empty DATA_DIR, answers /health, stops on SIGTERM and starts again on the same folder', async () => {
    for (const round of ['first start', 'restart']) {
      server = spawnWadesk({ DATA_DIR: dataDir, PORT: '0' }, 'dist/server.js');
      const url = await server.url();
      const health = await fetch(`${url}/health`);
      expect([round, health.status, await health.json()]).toEqual([round, 200, { status: 'ok' }]);
      expect((await fetch(`${url}/admin/`)).status).toBe(200);
      expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      server = undefined;
    }
  });
});
