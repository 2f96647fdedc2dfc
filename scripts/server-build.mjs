// The compiled server (src/ → dist/) and its PGlite template: whether they are older than what they are
// made from, and how they are made. Used by ensure-server-build.mjs (npm start, npm run build) and
// bin/wadesk.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const compiledServer = path.join(dist, 'server.js');
const templateStamp = path.join(dist, 'pglite-template', 'wadesk-template.json');

function newest(entry) {
  const info = statSync(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = 0;
  for (const child of readdirSync(entry)) latest = Math.max(latest, newest(path.join(entry, child)));
  return latest;
}

const olderThan = (target, sources) => !existsSync(target) || statSync(target).mtimeMs < Math.max(...sources.map((s) => newest(path.join(root, s))));

/** dist/ is missing or older than src/, the compiler's settings or the bundler's. */
export const serverBuildIsStale = () => olderThan(compiledServer, ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/bundle-server.mjs']);

/** The template is missing or older than the migrations (its contents are checked again at start). */
export const templateIsStale = () => olderThan(templateStamp, ['migrations', 'package-lock.json']);

const run = (args) => {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${path.basename(args[0])} failed (exit ${result.status})`);
};

/**
 * Compiles src/ beside dist/ and swaps it in: a `wadesk` command running meanwhile finds either the old
 * build or the new one (or, for an instant, none, and then runs the sources), never half of one.
 */
export function buildServer() {
  const next = `${dist}.next-${process.pid}`;
  const old = `${dist}.old-${process.pid}`;
  try {
    run([createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', next]);
    run([path.join(root, 'scripts', 'bundle-server.mjs'), next]);
    const template = path.join(dist, 'pglite-template');
    if (existsSync(template)) renameSync(template, path.join(next, 'pglite-template'));
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(next, dist);
  } finally {
    rmSync(next, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

/** Makes the PGlite template a new DATA_DIR starts from (src/db/pglite-template.ts), unless it is current. */
export const buildTemplate = () => run([path.join(dist, 'db', 'template-cli.js')]);
