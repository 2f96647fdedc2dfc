import { followEventStream } from './event-source.js';
import type { TranscriptEntry, UserMediaUploaded, UserMessageInput } from './types.js';

export class PhoneClientError extends Error {}

/** One simulated WhatsApp user talking to a running wadesk through its user API (`/simulator/api`). */
export class PhoneClient {
  constructor(
    private readonly serverUrl: string,
    readonly phone: string,
    readonly name: string,
  ) {}

  /** Fails with a message a person can act on when the server is down or not in simulator mode. */
  async check(): Promise<void> {
    await this.call('GET', '/users');
  }

  say(text: string): Promise<void> {
    return this.send({ from: this.phone, name: this.name, text });
  }

  tap(buttonId: string): Promise<void> {
    return this.send({ from: this.phone, name: this.name, buttonId });
  }

  /** Sends anything else a user can: a file (after `upload`), a place, a contact, a reaction, a quoted reply. */
  sendMessage(input: Omit<UserMessageInput, 'from' | 'name'>): Promise<void> {
    return this.send({ from: this.phone, name: this.name, ...input });
  }

  /** Puts a file in the simulator's media store, as the phone does before sending it; resolves with its media id. */
  async upload(file: { bytes: Uint8Array; mimeType: string; filename: string }): Promise<string> {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
    return ((await this.call('POST', '/media', form)) as UserMediaUploaded).id;
  }

  /** The phone's transcript after `after` (a seq), oldest first. */
  async messagesAfter(after: number): Promise<TranscriptEntry[]> {
    return (await this.call('GET', `/users/${this.phone}/messages?after=${after}`)) as TranscriptEntry[];
  }

  /**
   * Every transcript entry after `after`, then each new one as it arrives, over the user API's event
   * stream (`GET /users/{waId}/events`); a broken connection is resumed where it stopped.
   */
  follow(after: number, handlers: { entry(entry: TranscriptEntry): void; online?(): void; offline?(reason: string): void }): { close(): void } {
    const url = `${this.base()}/users/${this.phone}/events?after=${after}`;
    return followEventStream(url, {
      message: (message) => message.event === 'entry' && handlers.entry(JSON.parse(message.data) as TranscriptEntry),
      open: handlers.online,
      error: handlers.offline,
    });
  }

  private base(): string {
    return `${this.serverUrl.replace(/\/+$/, '')}/simulator/api`;
  }

  private async send(input: UserMessageInput): Promise<void> {
    await this.call('POST', '/messages', input);
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const url = `${this.base()}${path}`;
    const json = body !== undefined && !(body instanceof FormData);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: json ? { 'content-type': 'application/json' } : {},
        body: body instanceof FormData ? body : json ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw new PhoneClientError(`Cannot reach wadesk at ${this.serverUrl}. Is it running (npm start)? Use --url, WADESK_URL, or the PORT and HOST it uses to point elsewhere.`);
    }
    const answer = (await response.json().catch(() => null)) as { status?: string; data?: unknown; error?: { message?: string } } | null;
    if (response.status === 404) {
      throw new PhoneClientError(`${this.serverUrl} answers, but has no simulator: wadesk runs it only when WHATSAPP_ACCESS_TOKEN is unset.`);
    }
    if (answer?.status !== 'success') {
      throw new PhoneClientError(answer?.error?.message ?? `${method} ${url} answered HTTP ${response.status}`);
    }
    return answer.data;
  }
}
