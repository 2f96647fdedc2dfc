/** A colleague a note can mention (from `GET /team`, which every agent may read). */
export interface Mentionable {
  id: string;
  name: string;
  /** What to type after `@`: the server's handle for them (their first name, or the whole name when shared). */
  mention: string;
}

/** What a mention of this agent is typed as. */
export const mentionToken = (agent: Mentionable) => agent.mention;

/** The `@word` being typed right before the caret, if any: where it starts (at the @) and the word so far. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([\p{L}\p{N}._-]*)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}

/** The `/word` typed at the very start of the box (a canned reply's shortcut or title, being looked for). */
export function cannedQuery(text: string, caret: number): string | null {
  const match = /^\/([^\s/]*)$/.exec(text.slice(0, caret));
  return match ? match[1]! : null;
}

/** A canned reply's body with `{name}`, `{agent}` and `{phone}` filled in (unknown braces stay as written). */
export function fillVariables(body: string, values: { name: string; agent: string; phone: string }): string {
  return body.replace(/\{(name|agent|phone)\}/g, (_all, key: 'name' | 'agent' | 'phone') => values[key]);
}
