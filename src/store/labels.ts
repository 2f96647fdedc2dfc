import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { conversationLabels, labels } from '../db/schema.js';

export type LabelRow = typeof labels.$inferSelect;

/** Every label with how many conversations carry it, alphabetical. */
export async function listLabels(db: Executor): Promise<Array<LabelRow & { conversations: number }>> {
  return db
    .select({
      id: labels.id, name: labels.name, color: labels.color, createdAt: labels.createdAt,
      conversations: sql<number>`(select count(*)::int from conversation_labels cl where cl.label_id = ${labels.id})`,
    })
    .from(labels)
    .orderBy(asc(sql`lower(${labels.name})`));
}

/** The labels with these names (any case). */
export async function labelsNamed(db: Executor, names: string[]): Promise<LabelRow[]> {
  if (names.length === 0) return [];
  return db.select().from(labels).where(inArray(sql`lower(${labels.name})`, names.map((name) => name.toLowerCase())));
}

/** Inserts a label; null when one of that name (any case) exists. */
export async function insertLabel(db: Executor, label: { name: string; color: string }): Promise<LabelRow | null> {
  const [row] = await db.insert(labels).values(label).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateLabel(db: Executor, id: string, change: { name?: string; color?: string }): Promise<LabelRow | null> {
  const [row] = await db.update(labels).set(change).where(eq(labels.id, id)).returning();
  return row ?? null;
}

export async function deleteLabel(db: Executor, id: string): Promise<boolean> {
  return (await db.delete(labels).where(eq(labels.id, id)).returning({ id: labels.id })).length > 0;
}

/** Makes the conversation carry exactly these labels. */
export async function replaceConversationLabels(db: Executor, conversationId: string, labelIds: string[]): Promise<void> {
  await db.delete(conversationLabels).where(eq(conversationLabels.conversationId, conversationId));
  if (labelIds.length > 0) await db.insert(conversationLabels).values(labelIds.map((labelId) => ({ conversationId, labelId })));
}

/** The names of the conversation's labels, alphabetical. */
export async function conversationLabelNames(db: Executor, conversationId: string): Promise<string[]> {
  const rows = await db
    .select({ name: labels.name })
    .from(conversationLabels)
    .innerJoin(labels, eq(labels.id, conversationLabels.labelId))
    .where(eq(conversationLabels.conversationId, conversationId))
    .orderBy(asc(sql`lower(${labels.name})`));
  return rows.map((row) => row.name);
}
