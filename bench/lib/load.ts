/**
 * The load: autocannon, driven from the parent process (closed loop: each connection sends its next
 * request when the answer came), or, for a rate, an open-loop generator of our own (`runPaced`).
 */
import autocannon from 'autocannon';
import { Pool } from 'undici';
import type { SignedBody } from './fixtures.js';
import { percentiles } from './stats.js';

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
  /** Requests per second, open loop, arriving as independent users' messages do (`runPaced`); unset: as fast as answers come. */
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
  if (spec.rate) return runPaced(spec, spec.rate);
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

/**
 * Open loop at `rate` requests/s with Poisson arrivals (exponential gaps from a seeded generator: the same
 * sequence every run): many users writing independently, which is how a number's webhooks come. Each
 * request goes at its time whether or not the earlier ones were answered; latency is from that moment.
 *
 * Not autocannon's `overallRate`: it gives each of `rate` connections one request per second from timers
 * started together, so the whole second's requests left in one burst (26 texts at once, every second) and
 * the reply lag measured the burst's queue, not the rate (p50 90 ms against 12 ms for one message alone).
 */
async function runPaced(spec: LoadSpec, rate: number): Promise<LoadResult> {
  const pool = new Pool(spec.url, { connections: spec.connections, pipelining: 1 });
  const random = mulberry32(0x5eed);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const end = started + spec.seconds * 1000;
  let due = started;
  for (;;) {
    due += (-Math.log(1 - random()) / rate) * 1000;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const path = spec.nextPath ? spec.nextPath() : spec.path;
    const signed = spec.nextBody ? spec.nextBody() : spec.staticBody;
    const headers: Record<string, string> = { ...spec.headers };
    if (signed) Object.assign(headers, { 'content-type': 'application/json', 'x-hub-signature-256': signed.signature });
    const t0 = performance.now();
    const sent: Promise<void> = pool.request({ method: spec.method, path, headers, body: signed?.body, headersTimeout: 30_000, bodyTimeout: 30_000 })
      .then(async (response) => {
        await response.body.dump();
        latencies.push(performance.now() - t0);
        statusCodes[response.statusCode] = (statusCodes[response.statusCode] ?? 0) + 1;
      }, () => void (errors += 1))
      .finally(() => void inFlight.delete(sent));
    inFlight.add(sent);
  }
  await Promise.all(inFlight);
  await pool.close();
  const answered = latencies.length;
  const non2xx = Object.entries(statusCodes).filter(([code]) => !code.startsWith('2')).reduce((n, [, count]) => n + count, 0);
  const p = percentiles(latencies);
  return { rps: answered / spec.seconds, p50: p.p50, p99: p.p99, requests: answered, non2xx, errors, timeouts: 0, statusCodes };
}

/** A small seeded generator (uniform in [0, 1)): the same arrivals in every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
