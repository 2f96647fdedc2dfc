import { TEST_SECRETS } from '../helpers/app.js';

/** Reads /metrics over real HTTP, as Prometheus does. */
export async function scrape(appUrl: string, token = TEST_SECRETS.adminToken): Promise<string> {
  const response = await fetch(`${appUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}: ${await response.text()}`);
  return response.text();
}

/** The value of one sample in Prometheus' text format (`undefined` when absent); labels must match exactly. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
    if (got === wanted) return Number(match[3]);
  }
  return undefined;
}
