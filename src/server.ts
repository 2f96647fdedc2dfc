import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { reportStartupError } from './startup-errors.js';

/** Starts and stops the process; everything else is built by `buildApp`. */
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

// A stop asked for while the server starts is carried out once it has started (closing the database
// cleanly) rather than killing the process halfway; a second one exits at once. The handlers come before
// anything else: until they exist, SIGTERM's default action ends the process on the spot (a stop sent just
// after the server said it listens used to, now and then).
let stop: ((signal: NodeJS.Signals) => void) | null = null;
let stopAsked: NodeJS.Signals | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stop) stop(signal);
    else if (stopAsked) process.exit(1);
    else {
      stopAsked = signal;
      console.error(`wadesk: ${signal} while starting; stopping as soon as the start is complete (again to exit now)`);
    }
  });
}

// SIGHUP reads the content file again. Its default action ends the process, so the handler comes first
// too: one that arrives during the start (it did, in the suite, right after "Server listening") is
// carried out once started.
let reload: (() => void) | null = null;
let reloadAsked = false;
process.on('SIGHUP', () => {
  if (reload) reload();
  else reloadAsked = true;
});

let app: FastifyInstance | undefined;
let buildApp: typeof import('./app.js').buildApp;
let listen: typeof import('./app.js').listen;
let logContentReload: typeof import('./app.js').logContentReload;
let database: Database | undefined;
let firstAdmin;
try {
  // The database opens (PGlite reads its files and compiles its WASM, partly off this thread) while the
  // app's modules load: a restart waits for the longer of the two, not for both.
  const opening = openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  opening.catch(() => undefined); // awaited below; not an unhandled rejection while the modules load
  ({ buildApp, listen, logContentReload } = await import('./app.js'));
  database = await opening;
  app = await buildApp({ config, database, ownsDatabase: true, prettyLogs: !config.production && process.stdout.isTTY });
  await listen(app, { port: config.port, host: config.host });
  firstAdmin = await app.wadesk.auth.ensureFirstAdmin(config);
} catch (err) {
  // Closing releases what was taken (the data folder's lock, database connections) before exiting.
  if (app) await app.close().catch(() => undefined);
  else await database?.close().catch(() => undefined);
  process.exit(reportStartupError(err, config, config.logLevel));
}
const server = app;
printBanner(server, firstAdmin);
// SIGHUP reads the content file again (it is also reloaded when it changes).
reload = () => void server.wadesk.content.reload().then((outcome) => logContentReload(server.log, server.wadesk.content, outcome));
if (reloadAsked) reload();

let closing = false;
stop = (signal) => {
  if (closing) return;
  closing = true;
  server.log.info({ signal }, 'shutting down: no new connections; finishing in-flight work');
  // Fastify stops accepting, waits for requests under way, then the dispatcher and database close (onClose).
  const force = setTimeout(() => {
    server.log.error('shutdown took longer than 25 s; exiting');
    process.exit(1);
  }, 25_000);
  force.unref();
  server.close().then(() => {
    server.log.info('stopped');
    process.exit(0);
  }, (err: unknown) => {
    server.log.error({ err }, 'shutdown failed');
    process.exit(1);
  });
};
if (stopAsked) stop(stopAsked);

function printBanner(app: FastifyInstance, firstAdmin: Awaited<ReturnType<FastifyInstance['wadesk']['auth']['ensureFirstAdmin']>>): void {
  const url = app.wadesk.selfUrl();
  const { whatsapp, databaseUrl, dataDir } = app.wadesk.config;
  const lines = [
    '',
    `  wadesk is running at ${url}`,
    `  database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${dataDir}`}`,
    whatsapp.mode === 'simulator'
      ? `  WhatsApp: built-in simulator — open ${url}/simulator to chat as a user, or run: npm run chat`
      : `  WhatsApp: Cloud API at ${whatsapp.apiUrl}, webhook ${url}/webhooks/whatsapp`,
  ];
  const content = app.wadesk.content;
  const languages = content.set.languages.map((l) => l.code).join(', ');
  const relative = content.file ? path.relative(process.cwd(), content.file) : null;
  const shown = relative && !relative.startsWith('..') ? relative : content.file;
  lines.push(`  bot's words: ${shown ? `${shown} (${languages}; edit it, the bot follows)` : `built in (${languages})`}`);
  lines.push(`  inbox: ${url}/admin    API docs: ${url}/docs`);
  if (firstAdmin) lines.push(`  first inbox login (saved in ${firstAdmin.file}): ${firstAdmin.email} / ${firstAdmin.password}`);
  const auth = app.wadesk.auth;
  if (auth.generatedToken) lines.push(`  admin API token (generated, saved in ${auth.tokenFile}): ${auth.generatedToken}`);
  else if (auth.tokenFile) lines.push(`  admin API token: in ${auth.tokenFile}`);
  console.log(lines.join('\n') + '\n');
}
