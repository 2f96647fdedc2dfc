import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrationState } from '../../src/db/migration-state.js';
import { buildPgliteTemplate, seedFromTemplate, templateIsCurrent } from '../../src/db/pglite-template.js';

/** A new DATA_DIR starts as a copy of the migrated template instead of running initdb and the migrations. */
describe('starting a new DATA_DIR from the PGlite template', { timeout: 60_000 }, () => {
  let work: string;
  let template: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'wadesk-template-'));
    template = path.join(work, 'template');
    await buildPgliteTemplate(template, new Blob([await readFile(inject('pgliteTemplate'))]));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('copies the template into an empty folder, and the database opens with every migration applied', async () => {
    const dataDir = path.join(work, 'fresh');
    expect(await seedFromTemplate(path.join(dataDir, 'pglite'), template)).toBe(true);
    const database = await openDatabase({ dataDir });
    try {
      expect(await migrationState(database.db)).toMatchObject({ pending: 0, unknown: 0 });
      // The smaller buffer pool (memory): PostgreSQL's default would be 128MB.
      expect((await database.pglite!.query<{ shared_buffers: string }>('show shared_buffers')).rows[0]!.shared_buffers).toBe('32MB');
    } finally {
      await database.close();
    }
  });

  it('leaves a folder that already holds a database alone, and removes what a start killed while copying left', async () => {
    const folder = path.join(work, 'used', 'pglite');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'PG_VERSION'), '17\n');
    const leftover = `${folder}.seeding-dead`;
    await mkdir(leftover);
    expect(await seedFromTemplate(folder, template)).toBe(false);
    expect(await readdir(folder)).toEqual(['PG_VERSION']);
    expect(existsSync(leftover)).toBe(false);
  });

  it('is not used when it was made from other migrations or another PGlite: the start runs initdb as before', async () => {
    const stale = path.join(work, 'stale');
    await buildPgliteTemplate(stale, new Blob([await readFile(inject('pgliteTemplate'))]));
    await writeFile(path.join(stale, 'wadesk-template.json'), JSON.stringify({ key: 'made from other migrations' }));
    expect(await templateIsCurrent(stale)).toBe(false);
    const folder = path.join(work, 'not-seeded', 'pglite');
    expect(await seedFromTemplate(folder, stale)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});
