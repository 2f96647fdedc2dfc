import { readFile } from 'node:fs/promises';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { contentIssues } from '../bot/content-check.js';
import { defaultContent, type BotContent } from '../bot/content.js';
import { MAX_MENU_DEPTH } from '../bot/menu.js';

/**
 * The content file (`CONTENT_FILE`, YAML or JSON): every text, keyword and menu item the bot uses, in one
 * or more languages. Its shape per language is `BotContent` plus the language's `name`:
 *
 *   defaultLanguage: en
 *   countryLanguages: { FR: fr, CI: fr }   # numbers of these countries get this language until they choose
 *   languages:
 *     en: { name: English, fallbackName: there, chat: {…}, registration: {…}, menu: {…}, … }
 *     fr: { name: Français, … }
 *
 * Everything is checked before it is used: the shape (every text present, no unknown field — a typo would
 * otherwise be silently ignored), WhatsApp's limits, unique ids, known placeholders. A problem is reported
 * with its line; a file with problems is never used (at start wadesk refuses to run; on a reload it keeps
 * the content it had).
 */

export interface Language {
  code: string;
  name: string;
  content: BotContent;
}

export interface ContentSet {
  defaultLanguage: string;
  languages: Language[];
  /** ISO country code (`FR`) → language code. */
  countryLanguages: Record<string, string>;
}

/** One problem of the file: where (line, 1-based; null when the file as a whole) and what. */
export interface ContentFileProblem {
  line: number | null;
  message: string;
}

export class ContentFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ContentFileProblem[],
  ) {
    super(`${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  ${p.line === null ? '' : `line ${p.line}: `}${p.message}`).join('\n')}`);
    this.name = 'ContentFileError';
  }
}

/** The built-in English content as a set (what runs when no file is given, and in most tests). */
export function builtInSet(content: BotContent = defaultContent): ContentSet {
  return { defaultLanguage: 'en', languages: [{ code: 'en', name: 'English', content }], countryLanguages: {} };
}

export async function loadContentFile(file: string): Promise<ContentSet> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ContentFileError(file, [{ line: null, message: `cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }]);
  }
  return parseContent(text, file);
}

/** Parses and checks the text of a content file (`file` names it in the problems). */
export function parseContent(text: string, file: string): ContentSet {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ContentFileError(file, document.errors.map((e) => ({ line: e.linePos?.[0]?.line ?? null, message: firstLine(e.message) })));
  }
  const lineOf = (path: Array<string | number>): number | null => {
    // The deepest field that exists on the path (a missing one is reported at its parent), by its key's
    // line: a mapping's own range starts at its first field, a line below the key that names it.
    for (let n = path.length; n >= 1; n -= 1) {
      const parent = n === 1 ? document.contents : document.getIn(path.slice(0, n - 1), true);
      const key = path[n - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
        const node = isNode(pair?.key) ? pair.key : undefined;
        if (node?.range) return lineCounter.linePos(node.range[0]).line;
      } else if (isSeq(parent) && typeof key === 'number') {
        const node = parent.items[key];
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
    }
    const root = document.contents;
    return isNode(root) && root.range ? lineCounter.linePos(root.range[0]).line : null;
  };
  const problems: ContentFileProblem[] = [];
  const problem = (path: Array<string | number>, message: string) => problems.push({ line: lineOf(path), message });
  const set = readSet(document.toJS() as unknown, problem);
  if (problems.length > 0 || set === null) throw new ContentFileError(file, problems);
  return set;
}

type Report = (path: Array<string | number>, message: string) => void;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const where = (path: Array<string | number>) => path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('').slice(1);

function readSet(root: unknown, report: Report): ContentSet | null {
  if (!isObject(root)) {
    report([], 'the file must be a mapping with defaultLanguage, languages and (optionally) countryLanguages');
    return null;
  }
  unknownKeys(root, ['defaultLanguage', 'languages', 'countryLanguages'], [], report);
  const languages: Language[] = [];
  if (!isObject(root.languages) || Object.keys(root.languages).length === 0) {
    report(['languages'], 'languages must map each language code (en, fr…) to its texts');
  } else {
    for (const [code, value] of Object.entries(root.languages)) {
      const path = ['languages', code];
      if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/.test(code)) report(path, `"${code}" is not a language code such as en, fr or pt-BR`);
      const language = readLanguage(value, path, report);
      if (language) languages.push({ code, ...language });
    }
  }
  const codes = languages.map((language) => language.code);
  const defaultLanguage = typeof root.defaultLanguage === 'string' ? root.defaultLanguage : null;
  if (defaultLanguage === null) report(['defaultLanguage'], 'defaultLanguage is missing: the code of the language for users whose language is not known');
  else if (isObject(root.languages) && !(defaultLanguage in root.languages)) report(['defaultLanguage'], `defaultLanguage "${defaultLanguage}" is not one of the languages (${Object.keys(root.languages).join(', ')})`);
  const countryLanguages: Record<string, string> = {};
  if (root.countryLanguages !== undefined) {
    if (!isObject(root.countryLanguages)) report(['countryLanguages'], 'countryLanguages must map country codes (FR, CI…) to language codes');
    else {
      for (const [country, code] of Object.entries(root.countryLanguages)) {
        const path = ['countryLanguages', country];
        if (!/^[A-Z]{2}$/.test(country)) report(path, `"${country}" is not a two-letter country code such as FR or NG`);
        else if (typeof code !== 'string' || !(isObject(root.languages) && code in root.languages)) report(path, `countryLanguages.${country}: "${String(code)}" is not one of the languages`);
        else countryLanguages[country] = code;
      }
    }
  }
  if (defaultLanguage === null || !codes.includes(defaultLanguage)) return null;
  return { defaultLanguage, languages, countryLanguages };
}

/** Optional fields of BotContent (every other field of the built-in content is required in every language). */
const OPTIONAL = new Set(['menu.footer', 'hours.acknowledgement']);

function readLanguage(value: unknown, path: Array<string | number>, report: Report): { name: string; content: BotContent } | null {
  if (!isObject(value)) {
    report(path, `${where(path)} must be a mapping with the language's name and texts`);
    return null;
  }
  const before = problemsCounter(report);
  if (typeof value.name !== 'string' || value.name.trim() === '') report([...path, 'name'], `${where(path)}.name is missing: how the language list names it ("Français")`);
  const { name: _name, ...rest } = value;
  checkShape(rest, defaultContent as unknown as Record<string, unknown>, path, '', before.report);
  if (before.count() > 0) return null;
  const content = rest as unknown as BotContent;
  for (const issue of contentIssues(content)) before.report([...path, ...issue.path], `${where(path)}: ${issue.message}`);
  return before.count() > 0 ? null : { name: String(value.name), content };
}

/** Counts what is reported through it, so that a language with problems is not built. */
function problemsCounter(report: Report): { report: Report; count(): number } {
  let count = 0;
  return { report: (path, message) => { count += 1; report(path, message); }, count: () => count };
}

/** Walks `value` along the built-in content's shape: same kinds of values, nothing missing, nothing unknown. */
function checkShape(value: unknown, model: unknown, path: Array<string | number>, key: string, report: Report): void {
  const name = where(path);
  if (key === 'menu.items') return checkItems(value, path, 0, report);
  if (key === 'csat.ratings') return checkRatings(value, path, report);
  if (typeof model === 'string') {
    if (typeof value !== 'string' || value.trim() === '') report(path, `${name} must be a text`);
    return;
  }
  if (Array.isArray(model)) {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) report(path, `${name} must be a list of texts`);
    else if (['hours.weekdays', 'hours.months'].includes(key) && value.length !== model.length) report(path, `${name} must have ${model.length} entries (it has ${value.length})`);
    return;
  }
  if (isObject(model)) {
    if (!isObject(value)) {
      report(path, `${name} must be a mapping`);
      return;
    }
    unknownKeys(value, [...Object.keys(model), ...[...OPTIONAL].filter((o) => o.startsWith(`${key}.`)).map((o) => o.slice(key.length + 1))], path, report);
    for (const field of Object.keys(model)) {
      const childKey = key === '' ? field : `${key}.${field}`;
      if (value[field] === undefined) {
        if (!OPTIONAL.has(childKey)) report([...path, field], `${name ? `${name}.` : ''}${field} is missing`);
        continue;
      }
      checkShape(value[field], model[field], [...path, field], childKey, report);
    }
    for (const optional of OPTIONAL) {
      const [parent, field] = [optional.slice(0, optional.lastIndexOf('.')), optional.slice(optional.lastIndexOf('.') + 1)];
      if (parent === key && value[field] !== undefined && typeof value[field] !== 'string') report([...path, field], `${name}.${field} must be a text`);
    }
  }
}

function unknownKeys(value: Record<string, unknown>, known: string[], path: Array<string | number>, report: Report): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) report([...path, key], `${where([...path, key])} is not a field here (a typo?); known: ${known.join(', ')}`);
  }
}

const ACTIONS = ['support', 'reply', 'rename', 'submenu', 'language'] as const;

function checkItems(value: unknown, path: Array<string | number>, depth: number, report: Report): void {
  if (!Array.isArray(value)) {
    report(path, `${where(path)} must be a list of menu items`);
    return;
  }
  value.forEach((item: unknown, i) => {
    const here = [...path, i];
    if (!isObject(item)) {
      report(here, `${where(here)} must be a mapping with id, title and action`);
      return;
    }
    unknownKeys(item, ['id', 'title', 'description', 'action'], here, report);
    for (const field of ['id', 'title'] as const) {
      if (typeof item[field] !== 'string' || item[field].trim() === '') report([...here, field], `${where(here)}.${field} must be a text`);
    }
    if (item.description !== undefined && typeof item.description !== 'string') report([...here, 'description'], `${where(here)}.description must be a text`);
    if (typeof item.id === 'string' && !/^[A-Za-z0-9_.:-]{1,200}$/.test(item.id)) report([...here, 'id'], `${where(here)}.id may use letters, digits and _ . : - only (at most 200)`);
    const action = item.action;
    const type = isObject(action) ? action.type : undefined;
    if (!isObject(action) || !(ACTIONS as readonly unknown[]).includes(type)) {
      report([...here, 'action'], `${where(here)}.action must be a mapping whose type is one of ${ACTIONS.join(', ')}`);
      return;
    }
    const fields: Record<(typeof ACTIONS)[number], string[]> = { support: [], rename: [], language: [], reply: ['text'], submenu: ['body', 'items'] };
    unknownKeys(action, ['type', ...fields[type as (typeof ACTIONS)[number]]], [...here, 'action'], report);
    if (type === 'reply' && (typeof action.text !== 'string' || action.text.trim() === '')) report([...here, 'action', 'text'], `${where(here)}.action.text must be the answer's text`);
    if (type === 'submenu') {
      if (typeof action.body !== 'string' || action.body.trim() === '') report([...here, 'action', 'body'], `${where(here)}.action.body must be the sub-menu's text`);
      if (depth + 1 > MAX_MENU_DEPTH) report([...here, 'action'], `sub-menus nest at most ${MAX_MENU_DEPTH} deep`);
      else checkItems(action.items, [...here, 'action', 'items'], depth + 1, report);
    }
  });
}

function checkRatings(value: unknown, path: Array<string | number>, report: Report): void {
  if (!Array.isArray(value) || value.length !== 5) {
    report(path, `${where(path)} must list the five ratings (rating 1 to 5, each with a title)`);
    return;
  }
  value.forEach((rating: unknown, i) => {
    const here = [...path, i];
    if (!isObject(rating) || ![1, 2, 3, 4, 5].includes(rating.rating as number) || typeof rating.title !== 'string' || rating.title.trim() === '') {
      report(here, `${where(here)} must have a rating from 1 to 5 and a title`);
      return;
    }
    unknownKeys(rating, ['rating', 'title', 'description'], here, report);
  });
}

/** The parser's message without its excerpt and position (the line is reported apart). */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}
