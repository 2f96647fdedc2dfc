import { describe, expect, it } from 'vitest';
import { advance, deliveryBody } from '../../src/webhooks/fan-out.js';
import type { LoggedEvent } from '../../src/events/log.js';

/** How the fan-out moves through the event log: its position, and ids that had not committed yet. */

const event = (id: number): LoggedEvent => ({ id, name: 'chat.started', payload: {} as LoggedEvent['payload'], createdAt: new Date(0) });
const NOW = 1_000_000;
const MINUTE = 60_000;

describe('advance', () => {
  it('moves to the last id read when the ids follow on', () => {
    expect(advance(4, [], [5, 6, 7].map(event), NOW)).toEqual({ position: 7, gaps: [], expired: [] });
  });

  it('stays put when nothing is new', () => {
    expect(advance(4, [], [], NOW)).toEqual({ position: 4, gaps: [], expired: [] });
  });

  it('remembers ids skipped over (their transactions have not committed yet) and moves past them', () => {
    expect(advance(4, [], [5, 8].map(event), NOW)).toEqual({ position: 8, gaps: [{ id: 6, since: NOW }, { id: 7, since: NOW }], expired: [] });
  });

  it('forgets a remembered id once it shows up, and keeps the others with when they were first missed', () => {
    const gaps = [{ id: 6, since: NOW - MINUTE }, { id: 7, since: NOW - MINUTE }];
    expect(advance(8, gaps, [7, 9].map(event), NOW)).toEqual({ position: 9, gaps: [{ id: 6, since: NOW - MINUTE }], expired: [] });
  });

  it('gives up on an id missing for ten minutes (a rolled-back transaction)', () => {
    const gaps = [{ id: 6, since: NOW - 10 * MINUTE }, { id: 7, since: NOW - 9 * MINUTE }];
    expect(advance(8, gaps, [], NOW)).toEqual({ position: 8, gaps: [{ id: 7, since: NOW - 9 * MINUTE }], expired: [6] });
  });

  it('does not track a jump of more than a thousand ids one by one (a sequence that skipped ahead)', () => {
    expect(advance(4, [], [5000].map(event), NOW)).toEqual({ position: 5000, gaps: [], expired: [] });
  });
});

describe('deliveryBody', () => {
  it('carries a stable id, the event, when it happened, and its payload', () => {
    const body = deliveryBody({ id: 42, name: 'chat.ended', payload: { conversation_id: 'c1' } as never, createdAt: new Date('2026-11-30T10:00:00.000Z') });
    expect(body).toBe('{"id":"evt_42","event":"chat.ended","created_at":"2026-11-30T10:00:00.000Z","data":{"conversation_id":"c1"}}');
  });
});
