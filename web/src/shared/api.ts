/** The server's error answer: `{ status: 'error', error: { code, message } }`, with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Calls a JSON endpoint of this server and returns its `data`. The session cookie goes along
 * (same-origin), and the browser's Origin header with a change, which the server checks against CSRF;
 * bodies are always JSON, because the server refuses mutating requests without
 * `content-type: application/json`. `keepalive`: the request outlives the page (sent as it closes).
 */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, { keepalive = false } = {}): Promise<T> {
  // A DELETE carries no body (Fastify refuses an empty JSON one); POST, PUT and PATCH always send JSON.
  const sendsBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      keepalive,
      headers: sendsBody ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
      body: sendsBody ? JSON.stringify(body ?? {}) : undefined,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached. Check the connection and try again.');
  }
  const json = (await response.json().catch(() => null)) as { status?: string; data?: T; error?: { code?: string; message?: string } } | null;
  if (!response.ok || json?.status === 'error' || json === null) {
    const code = json?.error?.code ?? `HTTP_${response.status}`;
    throw new ApiError(response.status, code, json?.error?.message ?? `The server answered ${response.status}.`);
  }
  return json.data as T;
}

/** A path segment: phone numbers start with "+", which must not be read as a space. */
export const segment = (value: string) => encodeURIComponent(value);
