import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { BotContent } from '../bot/content.js';
import type { Moment } from '../bot/machine.js';
import { builtInSet, ContentFileError, loadContentFile, type ContentSet, type Language } from './file.js';

/** What the content needs to know of a conversation to speak its language. */
export interface Speaker {
  language: string | null;
  phoneNumber: string | null;
}

/**
 * The bot's words in use, and the language each conversation gets: the one the user chose (kept on the
 * conversation), else the one of their number's country (`countryLanguages`), else the default. The set
 * is swapped whole on a reload, so a message is always answered from one version of the file.
 */
export class ContentLibrary {
  #set: ContentSet;
  #watcher: FSWatcher | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    set: ContentSet,
    /** The file it came from, when it came from one (reloads read it again). */
    readonly file: string | null = null,
  ) {
    this.#set = set;
  }

  /** The built-in English content (or `content`) alone. */
  static builtIn(content?: BotContent): ContentLibrary {
    return new ContentLibrary(builtInSet(content));
  }

  static async fromFile(file: string): Promise<ContentLibrary> {
    return new ContentLibrary(await loadContentFile(file), path.resolve(file));
  }

  get set(): ContentSet {
    return this.#set;
  }

  /** The language code this conversation is spoken to in. */
  languageOf(speaker: Speaker): string {
    const { languages, countryLanguages, defaultLanguage } = this.#set;
    if (speaker.language !== null && languages.some((l) => l.code === speaker.language)) return speaker.language;
    const country = speaker.phoneNumber === null ? undefined : parsePhoneNumberFromString(speaker.phoneNumber)?.country;
    const guessed = country === undefined ? undefined : countryLanguages[country];
    return guessed ?? defaultLanguage;
  }

  /** The texts for this conversation. */
  for(speaker: Speaker): BotContent {
    return this.#language(this.languageOf(speaker)).content;
  }

  /** The languages the user may switch to, for the bot's `Moment`. */
  languages(): NonNullable<Moment['languages']> {
    return this.#set.languages;
  }

  #language(code: string): Language {
    return this.#set.languages.find((l) => l.code === code) ?? this.#set.languages[0]!;
  }

  /**
   * Reads the file again. A file with problems changes nothing: the content in use stays, and the
   * problems are returned (with their lines) for the log.
   */
  async reload(): Promise<{ ok: true; languages: string[] } | { ok: false; error: ContentFileError }> {
    if (this.file === null) return { ok: true, languages: this.#set.languages.map((l) => l.code) };
    try {
      this.#set = await loadContentFile(this.file);
      return { ok: true, languages: this.#set.languages.map((l) => l.code) };
    } catch (err) {
      if (err instanceof ContentFileError) return { ok: false, error: err };
      throw err;
    }
  }

  /**
   * Reloads when the file changes. The folder is watched rather than the file: editors save by writing
   * a new file and renaming it over the old one, which ends a watch on the file itself. Changes within
   * `delayMs` are taken as one save.
   */
  watch(onReload: (outcome: Awaited<ReturnType<ContentLibrary['reload']>>) => void, delayMs = 200): void {
    if (this.file === null || this.#watcher !== null) return;
    const name = path.basename(this.file);
    this.#watcher = watch(path.dirname(this.file), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.reload().then(onReload, () => undefined), delayMs);
    });
    this.#watcher.on('error', () => undefined);
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#watcher = null;
  }
}
