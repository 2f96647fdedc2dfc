import { isUniqueViolation } from '../db/connection-errors.js';
import { DomainError } from '../domain-error.js';
import { conversationLabelsChanged } from '../events/payloads.js';
import { conversationLabelNames, deleteLabel, insertLabel, labelsNamed, replaceConversationLabels, updateLabel, type LabelRow } from '../store/labels.js';
import { withConversation, type AgentRef, type UseCaseDeps } from './deps.js';

/** Colours a label gets when the admin picks none: distinct, readable as a dot or a chip's border. */
const PALETTE = ['#1e88e5', '#43a047', '#fb8c00', '#8e24aa', '#e53935', '#00897b', '#6d4c41', '#3949ab', '#c0ca33', '#d81b60'];

export function defaultColor(name: string): string {
  let hash = 0;
  for (const char of name.toLowerCase()) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

export async function createLabel(deps: UseCaseDeps, request: { name: string; color?: string }): Promise<LabelRow> {
  const name = request.name.trim();
  const created = await insertLabel(deps.db, { name, color: (request.color ?? defaultColor(name)).toLowerCase() });
  if (!created) throw new DomainError('LABEL_EXISTS', `There is a label "${name}" already.`);
  return created;
}

export async function changeLabel(deps: UseCaseDeps, id: string, change: { name?: string; color?: string }): Promise<LabelRow> {
  try {
    const row = await updateLabel(deps.db, id, { ...(change.name ? { name: change.name.trim() } : {}), ...(change.color ? { color: change.color.toLowerCase() } : {}) });
    if (!row) throw new DomainError('LABEL_NOT_FOUND', 'There is no such label.');
    return row;
  } catch (err) {
    // 23505: the new name is another label's (the unique index on lower(name)).
    if (isUniqueViolation(err)) throw new DomainError('LABEL_EXISTS', `There is a label "${change.name}" already.`);
    throw err;
  }
}

export async function removeLabel(deps: UseCaseDeps, id: string): Promise<void> {
  if (!(await deleteLabel(deps.db, id))) throw new DomainError('LABEL_NOT_FOUND', 'There is no such label.');
}

/**
 * An agent sets the labels of a conversation (all of them, by name; any case). Names must be labels an
 * admin created: agents apply labels, they do not invent them.
 */
export async function setConversationLabels(deps: UseCaseDeps, contact: string, names: string[], agent: AgentRef = { id: null }): Promise<string[]> {
  const wanted = [...new Set(names.map((name) => name.trim().toLowerCase()))];
  return withConversation(deps, contact, async (tx, conversation, events) => {
    const found = await labelsNamed(tx, wanted);
    const missing = wanted.filter((name) => !found.some((label) => label.name.toLowerCase() === name));
    if (missing.length > 0) throw new DomainError('LABEL_NOT_FOUND', `There is no label ${missing.map((name) => `"${name}"`).join(', ')} (an admin creates labels).`);
    const before = await conversationLabelNames(tx, conversation.id);
    await replaceConversationLabels(tx, conversation.id, found.map((label) => label.id));
    const after = await conversationLabelNames(tx, conversation.id);
    if (before.join('\u0000') !== after.join('\u0000')) events.add(conversationLabelsChanged(conversation, after, agent));
    return after;
  });
}

