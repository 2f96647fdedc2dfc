import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { messages } from '../../src/db/schema.js';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';
import { useScratchDatabase } from '../helpers/postgres.js';
import { missing } from '../helpers/requirements.js';
import { bearer, createAgent, createToken } from '../admin/support.js';
import { messagesFrom, postEvent, text, userMessage } from '../helpers/webhooks.js';

describe('GET /api/admin/backup on PGlite', () => {
  const t = useTestApp();

  it('is for admins only', async () => {
    const agent = await createAgent(t, { name: 'Grace', email: 'grace@backup.test', role: 'agent' });
    const { token } = await createToken(t, agent.id);
    const response = await fetch(`${t.url}/api/admin/backup`, { headers: bearer(token) });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ status: 'error', error: { code: 'FORBIDDEN' } });
  });

  it('downloads a gzip tarball of the live database that opens with everything committed in it', async () => {
    const user = '2348011113301';
    expect((await postEvent(t.url, messagesFrom(user, 'Ngozi', userMessage(user, text('hello before the backup'))))).status).toBe(200);
    const response = await fetch(`${t.url}/api/admin/backup`, { headers: bearer(TEST_SECRETS.adminToken) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="wadesk-backup-[\dT-]+Z\.tar\.gz"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);

    const copy = await openDatabase({ pglite: new PGlite({ loadDataDir: new Blob([bytes]) }) });
    try {
      const inbound = await copy.db.select({ text: messages.text }).from(messages).where(eq(messages.direction, 'inbound'));
      expect(inbound.map((row) => row.text)).toContain('hello before the backup');
    } finally {
      await copy.close();
    }
  });
});

describe.skipIf(missing('postgres'))('GET /api/admin/backup on PostgreSQL', () => {
  const scratch = useScratchDatabase();
  const t = useTestApp(async () => ({ database: await openDatabase({ databaseUrl: scratch.url }), closeDatabase: true }));

  it('answers 409 USE_PG_DUMP with the pg_dump command to use', async () => {
    const response = await fetch(`${t.url}/api/admin/backup`, { headers: bearer(TEST_SECRETS.adminToken) });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ status: 'error', error: { code: 'USE_PG_DUMP', message: expect.stringContaining('pg_dump --format=custom') } });
  });
});
