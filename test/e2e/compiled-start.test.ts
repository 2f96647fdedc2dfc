import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnWadesk, type ServerProcess } from '../helpers/server-process.js';
import { waitFor } from '../helpers/webhooks.js';

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
      if (round === 'first start') await converse(url, dataDir);
      expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      server = undefined;
    }
  });
});

/**
 * The bundled server (scripts/bundle-server.mjs) does what the sources do: a user writes from the
 * simulator and the bot answers through the outbox (validation, the bot, the SQL, the Graph API client),
 * the API answers with the token the start wrote, and the pages that read files beside their packages
 * (the API docs) are served.
 */
async function converse(url: string, dataDir: string): Promise<void> {
  const from = '2348030000077';
  const sent = await fetch(`${url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, name: 'Ada', text: 'Hello' }) });
  expect(sent.status).toBe(200);
  const invalid = await fetch(`${url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: 'x', text: 'Hello' }) });
  expect([invalid.status, ((await invalid.json()) as { status: string }).status]).toEqual([400, 'error']);
  const replies = await waitFor('the bot to answer', async () => {
    const response = await fetch(`${url}/simulator/api/users/${from}/messages`);
    const entries = ((await response.json()) as { data: Array<{ direction: string; kind?: string; text?: string }> }).data;
    return entries.some((entry) => entry.direction === 'out' && entry.kind !== 'read') ? entries : undefined;
  }, 20_000);
  expect(replies[0]).toMatchObject({ direction: 'in', text: 'Hello' });
  const token = (await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim();
  const list = await fetch(`${url}/api/admin/conversations`, { headers: { authorization: `Bearer ${token}` } });
  expect(list.status).toBe(200);
  expect(JSON.stringify(await list.json())).toContain(from);
  expect((await fetch(`${url}/api/admin/conversations`)).status).toBe(401);
  const docs = await fetch(`${url}/docs/static/index.html`);
  expect([docs.status, (await docs.text()).includes('swagger')]).toEqual([200, true]);
}
