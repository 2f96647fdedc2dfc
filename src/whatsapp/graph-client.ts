import { GraphApiError, graphApiErrorFromNetwork, graphApiErrorFromResponse } from './errors.js';
import { validateGraphPayload } from './payload-rules.js';

export interface GraphClientOptions {
  /** Base URL including the version (`https://graph.facebook.com/v23.0`); a function because in simulator mode it is this server's own address, known after listen. */
  apiUrl: () => string;
  phoneNumberId: string;
  accessToken: string;
  timeoutMs?: number;
}

/** The two calls wadesk makes to the Cloud API: send a message, mark an inbound message read. */
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

  private async post(body: object): Promise<unknown> {
    // Caught here, before WhatsApp refuses it: a problem in our own payload is not worth a round trip.
    const problems = validateGraphPayload(body);
    if (problems.length > 0) {
      throw graphApiErrorFromResponse(400, { error: { message: '(#100) Invalid parameter', code: 100, error_data: { details: problems.join('; ') } } });
    }
    const url = `${this.options.apiUrl()}/${this.options.phoneNumberId}/messages`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (cause) {
      throw graphApiErrorFromNetwork(cause);
    }
    const text = await response.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    if (!response.ok) throw graphApiErrorFromResponse(response.status, json);
    return json ?? {};
  }
}

export { GraphApiError };
