import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ReplyButton } from '../whatsapp/types.js';
import type { SimulatedUser, SimulatorLogger, TranscriptEntry } from './types.js';

/** The buttons or list rows of the latest interactive message to a user: the only ones they can tap. */
export interface OfferedChoices {
  /** The wamid of the message that offered them (the `context.id` of a tap). */
  wamid: string;
  /** quick_reply: a template's quick-reply buttons (the tap is a `button` message). */
  reply: 'button_reply' | 'list_reply' | 'quick_reply';
  choices: Array<ReplyButton & { description?: string }>;
}

export interface StoredUser extends SimulatedUser {
  offered: OfferedChoices | null;
  /** Meta's conversation (for the `conversation` of status webhooks): one per 24 h. */
  conversation: { id: string; startedAt: string } | null;
  transcript: TranscriptEntry[];
}

interface StoredState {
  lastSeq: number;
  users: Record<string, StoredUser>;
}

const DEFAULT_NAME = 'Simulated User';
const SAVE_DELAY_MS = 50;

/** The simulator's state, written to `dataFile` (when given) shortly after each change. */
export class SimulatorStore {
  private readonly state: StoredState;
  private saveTimer: NodeJS.Timeout | null = null;
  private readonly followers = new Set<(waId: string, entry: TranscriptEntry) => void>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataFile: string | undefined,
    private readonly logger: SimulatorLogger,
  ) {
    this.state = this.load();
  }

  user(waId: string): StoredUser | undefined {
    return this.state.users[waId];
  }

  users(): StoredUser[] {
    return Object.values(this.state.users);
  }

  /** The user, created on first sight; a given name replaces the remembered one. */
  ensureUser(waId: string, name?: string, username?: string): StoredUser {
    const existing = this.state.users[waId];
    const user = existing ?? { waId, name: DEFAULT_NAME, lastInboundAt: null, offered: null, conversation: null, transcript: [] };
    if (name !== undefined) user.name = name;
    if (username !== undefined) user.username = username;
    this.state.users[waId] = user;
    this.changed();
    return user;
  }

  append(user: StoredUser, entry: Omit<TranscriptEntry, 'seq'>): TranscriptEntry {
    const stored = { seq: ++this.state.lastSeq, ...entry };
    user.transcript.push(stored);
    this.changed();
    for (const follower of this.followers) follower(user.waId, stored);
    return stored;
  }

  /** Calls `follower` with every entry appended from now on (the phones' live streams); returns the unsubscribe. */
  follow(follower: (waId: string, entry: TranscriptEntry) => void): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  /** Call after changing a user or entry in place. */
  changed(): void {
    if (this.dataFile === undefined || this.saveTimer !== null) return;
    this.saveTimer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  /** Writes now (to a temporary file renamed over the old one, so a crash never leaves half a file). */
  async flush(): Promise<void> {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const file = this.dataFile;
    if (file === undefined) return;
    const json = JSON.stringify(this.state);
    // Writes are chained so that an older snapshot can never be renamed over a newer one.
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(dirname(file), { recursive: true });
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, json);
        await rename(temp, file);
      } catch (err) {
        this.logger.error({ err, file }, 'simulator: could not save its data file');
      }
    });
    return this.writing;
  }

  private load(): StoredState {
    const empty: StoredState = { lastSeq: 0, users: {} };
    if (this.dataFile === undefined) return empty;
    try {
      return JSON.parse(readFileSync(this.dataFile, 'utf8')) as StoredState;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn({ err, file: this.dataFile }, 'simulator: unreadable data file, starting empty');
      }
      return empty;
    }
  }
}
