import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_IN_FLIGHT } from '../../src/outbox/dispatcher.js';
import { seedDataDir } from '../helpers/server-process.js';
import { burstRig, everyoneAnswered, repeatedReplies, type BurstRig } from './server-burst.js';

const USERS = Array.from({ length: 60 }, (_, i) => `23480300071${String(i).padStart(2, '0')}`);

/**
 * The server process dies in the middle of a burst of webhooks (kill -9: a crash, the OOM killer) or is
 * stopped (SIGTERM: a deploy), then starts again on the same data folder. Nothing acknowledged is lost;
 * a kill -9 may repeat at most the sends that were in flight.
 */
describe('the server process stopped mid-burst', { timeout: 120_000 }, () => {
  let dataDir: string;
  let rig: BurstRig;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wadesk-death-'));
    await seedDataDir(dataDir);
    rig = await burstRig(dataDir);
  });
  afterEach(async () => {
    await rig.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function stopMidBurst(signal: 'SIGKILL' | 'SIGTERM') {
    const first = await rig.start();
    const burst = rig.burst(USERS, 6);
    // Mid-burst: some replies already out, many messages still coming in and being answered.
    await everyoneAnswered(rig, USERS.slice(0, 5), 60_000);
    const stopped = await first.stop(signal);
    const acknowledged = await burst;
    return { stopped, acknowledged };
  }

  it('kill -9: after the restart every acknowledged message is answered within 10 s, at most the sends in flight repeated', async () => {
    const { stopped, acknowledged } = await stopMidBurst('SIGKILL');
    expect(stopped.signal).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThan(5);
    const unansweredAtKill = [...acknowledged].filter((u) => rig.replies(u).length === 0);

    await rig.start();
    await everyoneAnswered(rig, acknowledged, 10_000);

    const repeated = repeatedReplies(rig, USERS);
    const total = [...repeated.values()].reduce((a, b) => a + b, 0);
    // One message in flight per recipient, one claimed batch at most.
    for (const count of repeated.values()) expect(count).toBeLessThanOrEqual(1);
    expect(total).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    console.info(`kill -9 mid-burst: ${acknowledged.size} acknowledged, ${unansweredAtKill.length} unanswered at the kill, all answered after the restart; ${total} replies repeated`);
  });

  it('SIGTERM under load: every acknowledged message is answered after the restart, nothing sent twice', async () => {
    const { stopped, acknowledged } = await stopMidBurst('SIGTERM');
    expect(stopped.code).toBe(0);

    await rig.start();
    await everyoneAnswered(rig, acknowledged, 10_000);
    expect(repeatedReplies(rig, USERS)).toEqual(new Map());
  });
});
