import { GraphClient, type GraphClientOptions } from '../whatsapp/graph-client.js';
import type { Metrics } from './metrics.js';

/**
 * The Graph API client with its calls timed and counted: every send the dispatcher makes goes through
 * here, so latency, failures by error code and messages sent by type need nothing from the dispatcher.
 */
export class MeteredGraphClient extends GraphClient {
  constructor(options: GraphClientOptions, private readonly metrics: Metrics) {
    super(options);
  }

  override sendMessage(body: object): Promise<string> {
    const type = (body as { type?: unknown }).type;
    return this.metrics.timeSend(() => super.sendMessage(body), typeof type === 'string' ? type : 'unknown');
  }

  override uploadMedia(file: { bytes: Buffer; mimeType: string; filename: string }): Promise<string> {
    // Timed and its failures counted like a send, but not counted as a message sent.
    return this.metrics.timeSend(() => super.uploadMedia(file), null);
  }

  override markRead(body: object): Promise<void> {
    return this.metrics.timeSend(() => super.markRead(body), null);
  }
}
