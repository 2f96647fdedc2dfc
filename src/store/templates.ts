import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../db/client.js';
import { templates, type TemplateComponent, type TemplateRow } from '../db/schema.js';

export type NewTemplate = Omit<TemplateRow, 'id' | 'syncedAt'> & { components: TemplateComponent[] };

/** The cached templates: approved ones first (the ones that can be sent), then by name and language. */
export function listCachedTemplates(db: Executor): Promise<TemplateRow[]> {
  return db
    .select()
    .from(templates)
    .orderBy(sql`${templates.status} <> 'APPROVED'`, asc(templates.name), asc(templates.language));
}

export async function findTemplate(db: Executor, name: string, language: string): Promise<TemplateRow | null> {
  const [row] = await db.select().from(templates).where(and(eq(templates.name, name), eq(templates.language, language)));
  return row ?? null;
}

/** Replaces the whole cache with what WhatsApp listed (a template deleted there disappears here). */
export async function replaceTemplates(tx: Tx, listed: NewTemplate[], syncedAt: Date): Promise<void> {
  await tx.delete(templates);
  if (listed.length > 0) await tx.insert(templates).values(listed.map((template) => ({ ...template, syncedAt })));
}
