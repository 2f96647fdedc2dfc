import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { CannedResponseItem } from '../contract/team.js';
import type { Executor } from '../db/client.js';
import { isUniqueViolation } from '../db/connection-errors.js';
import { cannedResponses } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import type { Actor, UseCaseDeps } from './deps.js';

type CannedRow = typeof cannedResponses.$inferSelect;

export const cannedItem = (row: CannedRow): CannedResponseItem => ({
  id: row.id, shortcut: row.shortcut, title: row.title, body: row.body, shared: row.shared, owner_agent_id: row.ownerAgentId,
  created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString(),
});

const normalShortcut = (shortcut: string) => shortcut.replace(/^\//, '');

/** What an agent sees: the shared replies and their own, by shortcut. */
export async function listCannedResponses(db: Executor, actor: Actor): Promise<CannedRow[]> {
  const visible = actor.id === null ? eq(cannedResponses.shared, true) : or(eq(cannedResponses.shared, true), eq(cannedResponses.ownerAgentId, actor.id));
  return db.select().from(cannedResponses).where(visible).orderBy(asc(sql`lower(${cannedResponses.shortcut})`), asc(cannedResponses.shared));
}

/** Shared replies are the admins'; one's own are one's own (the bootstrap token, no agent, has only shared ones). */
function mayChange(actor: Actor, row: { shared: boolean; ownerAgentId: string | null }): boolean {
  return row.shared ? actor.role === 'admin' : actor.id !== null && row.ownerAgentId === actor.id;
}

/** Another visible reply has this shortcut: an agent's own may not shadow a shared one, nor the other way round. */
async function shortcutTaken(db: Executor, shortcut: string, owner: string | null, except?: string): Promise<boolean> {
  const rows = await db
    .select({ id: cannedResponses.id, shared: cannedResponses.shared, ownerAgentId: cannedResponses.ownerAgentId })
    .from(cannedResponses)
    .where(eq(sql`lower(${cannedResponses.shortcut})`, shortcut.toLowerCase()));
  // A shared shortcut clashes with anyone's; an own one with the shared ones and the owner's.
  return rows.some((row) => row.id !== except && (owner === null || row.shared || row.ownerAgentId === owner));
}

export async function createCannedResponse(
  deps: Pick<UseCaseDeps, 'db'>,
  request: { shortcut: string; title: string; body: string; shared?: boolean },
  actor: Actor,
): Promise<CannedRow> {
  const shared = request.shared ?? false;
  if (shared && actor.role !== 'admin') throw new DomainError('NOT_ALLOWED', 'Shared replies are managed by admins; save it as your own.');
  if (!shared && actor.id === null) throw new DomainError('NOT_ALLOWED', 'The bootstrap token is no agent: it can only save shared replies.');
  const shortcut = normalShortcut(request.shortcut);
  const owner = shared ? null : actor.id;
  if (await shortcutTaken(deps.db, shortcut, owner)) throw new DomainError('CANNED_EXISTS', `The shortcut /${shortcut} is taken.`);
  try {
    const [row] = await deps.db
      .insert(cannedResponses)
      .values({ shortcut, title: request.title.trim(), body: request.body, shared, ownerAgentId: owner })
      .returning();
    return row!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('CANNED_EXISTS', `The shortcut /${shortcut} is taken.`);
    throw err;
  }
}

export async function changeCannedResponse(
  deps: Pick<UseCaseDeps, 'db'>,
  id: string,
  change: { shortcut?: string; title?: string; body?: string; shared?: boolean },
  actor: Actor,
): Promise<CannedRow> {
  const [row] = await deps.db.select().from(cannedResponses).where(eq(cannedResponses.id, id));
  if (!row || (!row.shared && row.ownerAgentId !== actor.id)) throw new DomainError('CANNED_NOT_FOUND', 'There is no such saved reply.');
  if (!mayChange(actor, row)) throw new DomainError('NOT_ALLOWED', 'Shared replies are managed by admins.');
  const shared = change.shared ?? row.shared;
  if (shared !== row.shared && actor.role !== 'admin') throw new DomainError('NOT_ALLOWED', 'Only admins share replies with the team, or take them back.');
  const owner = shared ? null : (row.ownerAgentId ?? actor.id);
  if (!shared && owner === null) throw new DomainError('NOT_ALLOWED', 'The bootstrap token is no agent: a reply it unshares would belong to nobody.');
  const shortcut = change.shortcut === undefined ? row.shortcut : normalShortcut(change.shortcut);
  if (await shortcutTaken(deps.db, shortcut, owner, row.id)) throw new DomainError('CANNED_EXISTS', `The shortcut /${shortcut} is taken.`);
  try {
    const [updated] = await deps.db
      .update(cannedResponses)
      .set({
        shortcut, shared, ownerAgentId: owner, updatedAt: sql`now()`,
        ...(change.title === undefined ? {} : { title: change.title.trim() }),
        ...(change.body === undefined ? {} : { body: change.body }),
      })
      .where(and(eq(cannedResponses.id, id)))
      .returning();
    return updated!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('CANNED_EXISTS', `The shortcut /${shortcut} is taken.`);
    throw err;
  }
}

export async function deleteCannedResponse(deps: Pick<UseCaseDeps, 'db'>, id: string, actor: Actor): Promise<void> {
  const [row] = await deps.db.select().from(cannedResponses).where(eq(cannedResponses.id, id));
  if (!row || (!row.shared && row.ownerAgentId !== actor.id)) throw new DomainError('CANNED_NOT_FOUND', 'There is no such saved reply.');
  if (!mayChange(actor, row)) throw new DomainError('NOT_ALLOWED', 'Shared replies are managed by admins.');
  await deps.db.delete(cannedResponses).where(eq(cannedResponses.id, id));
}
