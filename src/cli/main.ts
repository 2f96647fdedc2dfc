/**
 * `wadesk`: the operator's command. Each subcommand parses its own arguments (node's parseArgs) and has
 * --help. Data commands go through the admin API: the running server's when one holds DATA_DIR, or the
 * same routes in this process on a database opened directly (a free PGlite folder, or PostgreSQL).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import type { AdminApi } from './api-answer.js';
import { agentCommands, tokenCommands } from './agent-commands.js';
import { backupCommand, restoreCommand } from './backup-commands.js';
import { CliError } from './command.js';
import type { Command, CommandGroup } from './command-group.js';
import { loadConfigOrExit } from './config.js';
import { deadLetterCommands } from './dead-letter-commands.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** This CLI runs compiled (dist/, from bin/wadesk.mjs when the build is current) or through tsx (src/). */
const COMPILED = import.meta.url.endsWith('.js');
/** An entry point of the same kind as this CLI, named from src/ without its extension ("db/migrate-cli"). */
const sibling = (module: string) => (COMPILED ? `dist/${module}.js` : `src/${module}.ts`);

/** Commands that hand the process over to another entry point, with their own arguments. */
const handOver = (summary: string, usage: string, help: string, entry: string, before: string[] = []): Command => ({
  summary,
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(`Usage: ${usage}\n\n${help}\n`);
      return;
    }
    for (const script of before) {
      // A script of its own (it exits when done), run as npm's pre-script would run it.
      const result = spawnSync(process.execPath, [path.join(ROOT, script)], { stdio: 'inherit' });
      if (result.status !== 0) throw new CliError(`${script} failed`, result.status ?? 1);
    }
    // The entry point reads process.argv itself, as when npm runs it.
    process.argv = [process.argv[0]!, path.join(ROOT, entry), ...argv];
    await import(pathToFileURL(path.join(ROOT, entry)).href);
  },
});

const COMMANDS: Record<string, Command | CommandGroup> = {
  start: handOver('run the server (what npm start runs)', 'wadesk start',
    'Starts wadesk with the configuration in the environment (PORT, HOST, DATABASE_URL, DATA_DIR, WHATSAPP_*,\nADMIN_API_TOKEN, METRICS_TOKEN…). Migrations run at start. Stop with Ctrl-C or SIGTERM.',
    // What npm start runs: the compiled server, built first when missing or older than src/.
    'dist/server.js', ['scripts/ensure-web-build.mjs', 'scripts/ensure-server-build.mjs']),
  migrate: handOver('apply the database migrations and exit (what npm run migrate runs)', 'wadesk migrate',
    'Applies pending migrations to DATABASE_URL, or to the PGlite database in DATA_DIR (not while a server holds it).', sibling('db/migrate-cli')),
  agent: agentCommands,
  token: tokenCommands,
  backup: backupCommand,
  restore: restoreCommand,
  'dead-letters': deadLetterCommands,
  chat: handOver('chat as a WhatsApp user with a server in simulator mode (what npm run chat runs)',
    'wadesk chat [--url <server>] [--phone <wa_id>] [--name <name>]',
    'Plays one WhatsApp user from the terminal against a running wadesk in simulator mode: a line is sent\nas text; /1, /2… taps a button or list row; /quit leaves. --url defaults to WADESK_URL or the server\nat PORT/HOST.',
    sibling('simulator/terminal-chat')),
};

function usage(): string {
  const lines = ['Usage: wadesk <command> [options]   (wadesk <command> --help for each)', '', 'Commands:'];
  for (const [name, entry] of Object.entries(COMMANDS)) {
    if ('commands' in entry) {
      for (const [sub, command] of Object.entries(entry.commands)) lines.push(`  ${`${name} ${sub}`.padEnd(22)} ${command.summary}`);
    } else {
      lines.push(`  ${name.padEnd(22)} ${entry.summary}`);
    }
  }
  lines.push('', 'Configuration comes from the same environment variables as the server (DATA_DIR, DATABASE_URL, ADMIN_API_TOKEN…).');
  return lines.join('\n');
}

function groupUsage(name: string, group: CommandGroup): string {
  const lines = [`Usage: wadesk ${name} <${Object.keys(group.commands).join('|')}> [options]`, '', `${group.summary}.`, ''];
  for (const [sub, command] of Object.entries(group.commands)) lines.push(`  ${sub.padEnd(10)} ${command.summary}`);
  return lines.join('\n');
}

function resolve(argv: string[]): { command: Command; rest: string[] } {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    process.exit(name === undefined ? 2 : 0);
  }
  const entry = COMMANDS[name];
  if (!entry) throw new CliError(`unknown command "${name}"\n\n${usage()}`, 2);
  if (!('commands' in entry)) return { command: entry, rest };
  const [sub, ...subRest] = rest;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    console.log(groupUsage(name, entry));
    process.exit(sub === undefined ? 2 : 0);
  }
  const command = entry.commands[sub];
  if (!command) throw new CliError(`unknown command "${name} ${sub}"\n\n${groupUsage(name, entry)}`, 2);
  return { command, rest: subRest };
}

async function main(): Promise<void> {
  const { command, rest } = resolve(process.argv.slice(2));
  let api: AdminApi | null = null;
  // The admin API (and with it the database libraries) is loaded only by commands that use it.
  const connect = async () => (api ??= await (await import('./admin-api.js')).connectAdminApi(loadConfigOrExit()));
  try {
    await command.run(rest, connect);
  } finally {
    await (api as AdminApi | null)?.close();
  }
}

try {
  await main();
} catch (err) {
  if (err instanceof CliError) {
    console.error(`wadesk: ${err.message}`);
    process.exit(err.exitCode);
  }
  if (err instanceof DataDirLockedError) {
    console.error(`wadesk: ${err.message}; stop it first`);
    process.exit(1);
  }
  if (process.env.LOG_LEVEL === 'debug') console.error(err);
  console.error(`wadesk: ${err instanceof Error ? err.message : String(err)} (LOG_LEVEL=debug shows the details)`);
  process.exit(1);
}
