import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** One Server-Sent Events message. */
export const sseFrame = (id: number | string, event: string, data: unknown) => `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export interface OpenStream {
  write(text: string): void;
  /** Runs once when the client goes away or the stream is ended. */
  onClose(cleanup: () => void): void;
}

/**
 * The open `text/event-stream` responses of one route family. A stream never ends by itself, so the
 * owner calls `endAll` before the server closes (or shutdown would wait for every open browser tab);
 * a comment line every `pingMs` keeps proxies and the server's idle timeout from closing a quiet stream.
 */
export class EventStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly options: { pingMs?: number; retryMs?: number } = {}) {}

  get size(): number {
    return this.open.size;
  }

  start(request: FastifyRequest, reply: FastifyReply): OpenStream {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(`retry: ${this.options.retryMs ?? 2000}\n\n`);
    this.open.add(response);
    const ping = setInterval(() => response.write(': ping\n\n'), this.options.pingMs ?? 15_000);
    const cleanups: Array<() => void> = [];
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      this.open.delete(response);
      for (const cleanup of cleanups) cleanup();
    };
    request.raw.on('close', close);
    response.on('close', close);
    return {
      write: (text) => {
        if (!closed) response.write(text);
      },
      onClose: (cleanup) => (closed ? cleanup() : void cleanups.push(cleanup)),
    };
  }

  endAll(): void {
    for (const response of this.open) response.end();
  }
}
