/** autocannon, driven from the parent process: a warm-up, then the measured run. */
import autocannon from 'autocannon';
import type { SignedBody } from './fixtures.js';

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** The next signed webhook to POST; every connection takes from this one stream. */
  nextBody?: () => SignedBody;
  /** The next path to GET (e.g. the next conversation's history); `path` is used when unset. */
  nextPath?: () => string;
  /** One webhook POSTed again and again: autocannon then builds the request once (cheapest for the generator). */
  staticBody?: SignedBody;
  connections: number;
  seconds: number;
  /** Requests per second from all connections together (open loop); unset: as fast as answers come. */
  rate?: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const request: autocannon.Request = {
    method: spec.method,
    path: spec.path,
    headers: { ...spec.headers },
  };
  if (spec.staticBody) {
    request.body = spec.staticBody.body;
    request.headers = { ...request.headers, 'content-type': 'application/json', 'x-hub-signature-256': spec.staticBody.signature };
  }
  const next = spec.nextBody;
  const nextPath = spec.nextPath;
  if (next || nextPath) {
    request.setupRequest = (req) => {
      let out = nextPath ? { ...req, path: nextPath() } : req;
      if (next) {
        const { body, signature } = next();
        out = { ...out, body, headers: { ...out.headers, 'content-type': 'application/json', 'x-hub-signature-256': signature } };
      }
      return out;
    };
  }
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    pipelining: 1,
    timeout: 30,
    ...(spec.rate ? { overallRate: spec.rate } : {}),
    requests: [request],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}
