/**
 * Where the time went in a V8 CPU profile written by `BENCH_CPU_PROF=1 npm run bench` (bench/profiles/):
 * self time grouped by package (or src/ folder) and the hottest functions.
 *
 *   npx tsx bench/profile-summary.ts bench/profiles/pglite-…/CPU….cpuprofile [top] ["PGlite inbound texts"]
 *
 * The largest file of a folder is the main thread's; the small one is tsx's module-loader thread. The
 * optional third argument keeps only the samples of that measured run (from phases.json in the folder).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const [file, topText, phaseName] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx bench/profile-summary.ts FILE.cpuprofile [top] [measured run, e.g. "PGlite inbound texts"]');
  process.exit(2);
}
const top = Number(topText ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

// Optionally only the samples of one measured run (phases.json is written beside the profiles by run.ts).
let window: { fromUs: number; toUs: number } | null = null;
if (phaseName) {
  const phasesFile = path.join(path.dirname(file), 'phases.json');
  const phases = existsSync(phasesFile) ? (JSON.parse(readFileSync(phasesFile, 'utf8')) as Array<{ name: string; fromUs: number; toUs: number }>) : [];
  const wanted = phaseName.toLowerCase();
  const phase = phases.find((p) => p.name.toLowerCase() === wanted) ?? phases.find((p) => p.name.toLowerCase().includes(wanted));
  if (!phase) {
    console.error(`no measured run matching "${phaseName}" in ${phasesFile}; there are: ${phases.map((p) => p.name).join(', ') || 'none'}`);
    process.exit(2);
  }
  window = phase;
  console.log(`only the samples of "${phase.name}" (${((phase.toUs - phase.fromUs) / 1e6).toFixed(1)} s)`);
}

const self = new Map<number, number>();
let at = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (window && (at < window.fromUs || at > window.toUs)) continue;
  self.set(id, (self.get(id) ?? 0) + delta);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function group(url: string, name: string): string {
  if (name === '(idle)') return '(idle)';
  if (name === '(garbage collector)') return '(garbage collector)';
  if (name === '(program)') return '(program: native, outside JS)';
  if (!url) return `(native) ${name}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    return pkg;
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return `src/${url.slice(src + 5).split('/')[0]}`;
  if (url.includes('wasm')) return '(wasm)';
  return url.replace(/^file:\/\//, '');
}

const groups = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, time] of self) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  const g = group(url, functionName);
  groups.set(g, (groups.get(g) ?? 0) + time);
  const key = `${functionName || '(anonymous)'}  ${g}${url && !url.startsWith('node:') ? `:${lineNumber + 1}` : ''}`;
  functions.set(key, (functions.get(key) ?? 0) + time);
}

const busy = total - (groups.get('(idle)') ?? 0);
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    if (name.startsWith('(idle)')) continue;
    console.log(`${((100 * time) / busy).toFixed(1).padStart(6)}%  ${(time / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle (percentages are of that)`);
show('self time by package / src folder', groups);
show('self time by function', functions);
