import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Agent, request } from 'undici';
import { GraphApiError, graphApiErrorFromNetwork, graphApiErrorFromResponse } from './errors.js';
import { field } from './json-fields.js';
import { validateGraphPayload } from './payload-rules.js';

/** What `GET /{media-id}` says about a file WhatsApp holds; `url` works for about 5 minutes. */
export interface MediaInfo {
  url: string;
  mimeType: string | null;
  /** As Meta gives it (hex or base64 of the SHA-256). */
  sha256: string | null;
  fileSize: number | null;
}

/** A file downloaded to disk: its size and hex SHA-256, computed while it streamed. */
export interface Downloaded {
  size: number;
  sha256: string;
  contentType: string | null;
}

/** A message template as `GET /{waba-id}/message_templates` lists it (Meta's upper-case enums). */
export interface ListedTemplate {
  name: string;
  language: string;
  status: string;
  category: string;
  components: Array<{ type: string; format?: string; text?: string; [key: string]: unknown }>;
}

/** The download stopped because the file is larger than WhatsApp allows for its type. */
export class MediaTooLargeError extends Error {
  override readonly name = 'MediaTooLargeError';
}

export interface GraphClientOptions {
  /** Base URL including the version (`https://graph.facebook.com/v23.0`); a function because in simulator mode it is this server's own address, known after listen. */
  apiUrl: () => string;
  phoneNumberId: string;
  accessToken: string;
  timeoutMs?: number;
  /** For media downloads (files up to 100 MB); default 5 minutes. */
  downloadTimeoutMs?: number;
}

/** The calls wadesk makes to the Cloud API: send a message, mark an inbound message read, fetch media. */
export class GraphClient {
  constructor(private readonly options: GraphClientOptions) {}

  /** Sends a message body built by `toGraphPayload`; resolves with the wamid WhatsApp assigned. */
  async sendMessage(body: object): Promise<string> {
    const answer = await this.post(body);
    const wamid = (answer as { messages?: Array<{ id?: unknown }> }).messages?.[0]?.id;
    if (typeof wamid !== 'string') throw graphApiErrorFromResponse(502, { error: { message: 'The Graph API answered without a message id', code: 1 } });
    return wamid;
  }

  async markRead(body: object): Promise<void> {
    await this.post(body);
  }

  /** Uploads a file for sending (`POST /{phone-number-id}/media`); resolves with the media id to send it by. */
  async uploadMedia(file: { bytes: Buffer; mimeType: string; filename: string }): Promise<string> {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', file.mimeType);
    form.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
    const answer = await this.request('POST', `${this.options.apiUrl()}/${this.options.phoneNumberId}/media`, form);
    const id = field(answer, 'id');
    if (typeof id !== 'string' || id === '') throw graphApiErrorFromResponse(502, { error: { message: 'The Graph API answered without a media id', code: 1 } });
    return id;
  }

  /**
   * Every message template of the WhatsApp Business Account, page after page (`paging.cursors.after`
   * until a page has no `next`). Entries without a name or language are skipped.
   */
  async listTemplates(businessAccountId: string, pageSize = 100): Promise<ListedTemplate[]> {
    const listed: ListedTemplate[] = [];
    let after: string | null = null;
    for (let page = 0; page < MAX_TEMPLATE_PAGES; page++) {
      const query = new URLSearchParams({ fields: 'name,language,status,category,components', limit: String(pageSize), ...(after === null ? {} : { after }) });
      const answer = await this.request('GET', `${this.options.apiUrl()}/${encodeURIComponent(businessAccountId)}/message_templates?${query}`);
      const data = field(answer, 'data');
      for (const entry of Array.isArray(data) ? data : []) {
        const template = listedTemplate(entry);
        if (template) listed.push(template);
      }
      const paging = field(answer, 'paging');
      const next = field(field(paging, 'cursors'), 'after');
      if (field(paging, 'next') === undefined || typeof next !== 'string' || next === '' || !Array.isArray(data) || data.length === 0) break;
      after = next;
    }
    return listed;
  }

  /** Where to download a file WhatsApp holds: a fresh URL on every call (each one expires in minutes). */
  async mediaInfo(mediaId: string): Promise<MediaInfo> {
    const answer = await this.request('GET', `${this.options.apiUrl()}/${encodeURIComponent(mediaId)}`);
    const url = field(answer, 'url');
    if (typeof url !== 'string' || url === '') throw graphApiErrorFromResponse(502, { error: { message: 'The Graph API answered without a media URL', code: 1 } });
    const text = (key: string) => {
      const value = field(answer, key);
      return typeof value === 'string' && value !== '' ? value : null;
    };
    const size = Number(field(answer, 'file_size'));
    return { url, mimeType: text('mime_type'), sha256: text('sha256'), fileSize: Number.isFinite(size) && size >= 0 ? size : null };
  }

  /**
   * Downloads a media URL (it needs the token too) into `file`, hashing as it streams, and stops at
   * `maxBytes`. The URL must be https, or on the Graph API's own host (the simulator): the token is sent
   * with it, so it must not go wherever an answer points.
   */
  async downloadMedia(url: string, file: string, maxBytes: number): Promise<Downloaded> {
    if (!this.mayCarryToken(url)) throw new GraphApiError('The media URL is not https', { code: null, httpStatus: 400, details: url.slice(0, 100) });
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${this.options.accessToken}` },
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.downloadTimeoutMs ?? 5 * 60_000),
      });
    } catch (cause) {
      throw graphApiErrorFromNetwork(cause);
    }
    if (!response.ok || !response.body) throw graphApiErrorFromResponse(response.status, await response.text().catch(() => ''));
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new MediaTooLargeError(`the file is ${declared} bytes; the limit for its type is ${maxBytes}`);
    }
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new MediaTooLargeError(`the file is over ${maxBytes} bytes, the limit for its type`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream), meter, createWriteStream(file));
    } catch (err) {
      if (err instanceof MediaTooLargeError) throw err;
      throw graphApiErrorFromNetwork(err);
    }
    return { size, sha256: hash.digest('hex'), contentType: response.headers.get('content-type') };
  }

  private mayCarryToken(url: string): boolean {
    try {
      const target = new URL(url);
      return target.protocol === 'https:' || target.origin === new URL(this.options.apiUrl()).origin;
    } catch {
      return false;
    }
  }

  private async post(body: object): Promise<unknown> {
    // Caught here, before WhatsApp refuses it: a problem in our own payload is not worth a round trip.
    const problems = validateGraphPayload(body);
    if (problems.length > 0) {
      throw graphApiErrorFromResponse(400, { error: { message: '(#100) Invalid parameter', code: 100, error_data: { details: problems.join('; ') } } });
    }
    return this.request('POST', `${this.options.apiUrl()}/${this.options.phoneNumberId}/messages`, body);
  }

  private async request(method: 'GET' | 'POST', url: string, body?: object | FormData): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.accessToken}` };
    let status: number;
    let text: string;
    if (body instanceof FormData) {
      // An upload (rare, up to 100 MB): fetch encodes the multipart body.
      try {
        const response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.options.downloadTimeoutMs ?? 5 * 60_000) });
        status = response.status;
        text = await response.text().catch(() => '');
      } catch (cause) {
        throw graphApiErrorFromNetwork(cause);
      }
    } else {
      // Messages and lookups, the hot path: undici's own request over kept-alive connections, not fetch,
      // whose web streams (a request body tee'd for a possible redirect, a ReadableStream per answer) cost
      // 8-9 % of the server's CPU at Meta's default rate (docs/benchmarks.md "The Graph API's client").
      if (body !== undefined) headers['content-type'] = 'application/json';
      try {
        const response = await request(url, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          dispatcher: graphAgent,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
        });
        status = response.statusCode;
        text = await response.body.text().catch(() => '');
      } catch (cause) {
        throw graphApiErrorFromNetwork(cause);
      }
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    if (status < 200 || status > 299) throw graphApiErrorFromResponse(status, json);
    return json ?? {};
  }
}

/**
 * Connections to the Graph API, shared by every client in the process and kept open between sends (Meta
 * keeps them alive; a new TLS handshake per message would cost more than the message). Idle ones do not
 * keep the process alive.
 */
const graphAgent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 });

/** A guard against a cursor that never ends: 100 pages of 100 is far more templates than an account has. */
const MAX_TEMPLATE_PAGES = 100;

function listedTemplate(entry: unknown): ListedTemplate | null {
  const text = (key: string) => {
    const value = field(entry, key);
    return typeof value === 'string' ? value : '';
  };
  const components = field(entry, 'components');
  if (text('name') === '' || text('language') === '') return null;
  return {
    name: text('name'), language: text('language'), status: text('status'), category: text('category'),
    components: Array.isArray(components) ? components.filter((c): c is ListedTemplate['components'][number] => typeof field(c, 'type') === 'string') : [],
  };
}

export { GraphApiError };
