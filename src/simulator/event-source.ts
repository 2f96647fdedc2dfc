/**
 * A minimal EventSource for Node 20 (which has none): reads a text/event-stream over fetch, reconnects
 * after `retry` ms (or the server's `retry:`) with `Last-Event-ID`, so that nothing is missed or repeated.
 */
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

export interface EventSourceHandlers {
  message(message: SseMessage): void;
  /** The stream is open (again). */
  open?(): void;
  /** The stream broke or could not be opened; it is retried. */
  error?(reason: string): void;
}

export function followEventStream(url: string, handlers: EventSourceHandlers, options: { retryMs?: number } = {}): { close(): void } {
  const controller = new AbortController();
  let lastEventId: string | null = null;
  let retryMs = options.retryMs ?? 1000;

  const connect = async (): Promise<void> => {
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...(lastEventId !== null ? { 'last-event-id': lastEventId } : {}) },
      signal: controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`${url} answered HTTP ${response.status}`);
    handlers.open?.();
    const decoder = new TextDecoder();
    let buffer = '';
    let fields: SseMessage = { id: null, event: 'message', data: '' };
    let hasData = false;
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r?\n/)) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
        if (line === '') {
          if (fields.id !== null) lastEventId = fields.id;
          if (hasData) handlers.message({ ...fields, data: fields.data.replace(/\n$/, '') });
          fields = { id: null, event: 'message', data: '' };
          hasData = false;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const name = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'data') {
          fields.data += `${value}\n`;
          hasData = true;
        } else if (name === 'event') fields.event = value;
        else if (name === 'id') fields.id = value;
        else if (name === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
      }
    }
    throw new Error('the server closed the stream');
  };

  void (async () => {
    while (!controller.signal.aborted) {
      try {
        await connect();
      } catch (err) {
        if (controller.signal.aborted) return;
        handlers.error?.(err instanceof Error ? err.message : String(err));
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  })();
  return { close: () => controller.abort() };
}
