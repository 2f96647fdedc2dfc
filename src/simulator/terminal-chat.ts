/**
 * `npm run chat`: play one WhatsApp user against a running wadesk in simulator mode, from a terminal.
 *   npm run chat -- --phone 2348012345678 --name John
 * A plain line is sent as text; /1, /2… tap a button or list row of the latest menu; /photo, /voice,
 * /location, /react and /reply send the rest (CHAT_COMMANDS_HELP); /quit leaves.
 * The server's messages arrive live over the simulator's event stream (no polling).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { choicesOf, formatBusinessMessage } from './chat-display.js';
import { CHAT_COMMANDS_HELP, mimeTypeOf, parseChatLine, type ChatCommand } from './chat-commands.js';
import { PhoneClient } from './phone-client.js';
import type { TranscriptEntry } from './types.js';

const DEMO_PHONE = '2348012345678';

/** Where the server is: --url, else WADESK_URL, else the PORT and HOST the server itself reads. */
function defaultUrl(env: NodeJS.ProcessEnv): string {
  if (env.WADESK_URL?.trim()) return env.WADESK_URL.trim();
  const host = env.HOST?.trim() || '127.0.0.1';
  // A server listening on every interface is reached on this machine through loopback.
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${reachable}:${env.PORT?.trim() || '3000'}`;
}

const HELP = `Chat with a running wadesk (simulator mode) as one WhatsApp user.

Usage: npm run chat -- [--phone DIGITS] [--name NAME] [--url URL]

  --phone   the user's WhatsApp id, 8 to 15 digits (default ${DEMO_PHONE})
  --name    the user's WhatsApp profile name (default John)
  --url     the server, e.g. http://127.0.0.1:3000 (default: WADESK_URL, else
            http://HOST:PORT from the same PORT and HOST variables the server reads;
            now ${defaultUrl(process.env)})
  --help    this text

${CHAT_COMMANDS_HELP}`;

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: defaultUrl(process.env) },
    phone: { type: 'string', default: DEMO_PHONE },
    name: { type: 'string', default: 'John' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (!/^\d{8,15}$/.test(values.phone)) fail(`--phone must be 8 to 15 digits (a wa_id such as ${DEMO_PHONE})`);
const phone = new PhoneClient(values.url, values.phone, values.name);
await phone.check().catch(fail);

let lastSeq = 0;
/** The latest message with buttons or a list: what /N taps. */
let menu: TranscriptEntry | null = null;
/** Every message on the phone by wamid, and the business's shown messages in order (what /react N and /reply N count back in). */
const byWamid = new Map<string, TranscriptEntry>();
const businessMessages: TranscriptEntry[] = [];
const history = await phone.messagesAfter(0).catch(fail);
for (const entry of history) remember(entry);

const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
console.log(`Chatting as ${values.name} (+${values.phone}) with ${values.url}. Type a message; /1, /2… taps a button; /help lists the rest; /quit leaves.`);
if (menu !== null) console.log(formatBusinessMessage(menu));
rl.prompt();

rl.on('line', (line) => void handleLine(line.trim()));
rl.on('close', () => process.exit(0));

let offline = false;
phone.follow(lastSeq, {
  entry: (entry) => {
    if (entry.seq <= lastSeq) return;
    remember(entry);
    if (entry.direction === 'out' && entry.kind !== 'read') print(formatBusinessMessage(entry, (wamid) => byWamid.get(wamid)));
  },
  online: () => {
    if (offline) print('(connected again)');
    offline = false;
  },
  offline: () => {
    if (!offline) print(`! Lost the connection to ${values.url}. Retrying…`);
    offline = true;
  },
});

async function handleLine(line: string): Promise<void> {
  if (line === '/help') print(CHAT_COMMANDS_HELP);
  const command = line === '/help' ? null : parseChatLine(line);
  if (command?.kind === 'quit') return rl.close();
  try {
    if (command !== null) await run(command);
  } catch (err) {
    print(`! ${err instanceof Error ? err.message : String(err)}`);
  }
  rl.prompt();
}

async function run(command: Exclude<ChatCommand, { kind: 'quit' }>): Promise<void> {
  switch (command.kind) {
    case 'text':
      return phone.say(command.text);
    case 'tap':
      return tap(command.number);
    case 'file': {
      const bytes = await readFile(command.path);
      const id = await phone.upload({ bytes, mimeType: mimeTypeOf(command.path), filename: basename(command.path) });
      const caption = command.caption === undefined ? {} : { caption: command.caption };
      return phone.sendMessage({ media: { id, ...caption, ...(command.voice ? { voice: true } : {}) } });
    }
    case 'location':
      return phone.sendMessage({ location: { latitude: command.latitude, longitude: command.longitude, ...(command.name === undefined ? {} : { name: command.name }) } });
    case 'contact':
      return phone.sendMessage({ contacts: [{ name: command.name, phones: [command.phone] }] });
    case 'react':
      return phone.sendMessage({ reaction: { messageId: countBack(command.back).wamid, emoji: command.emoji } });
    case 'reply':
      return phone.sendMessage({ text: command.text, replyTo: countBack(command.back).wamid });
    case 'invalid':
      return print(`! ${command.message}`);
  }
}

/** The Nth latest business message (1 = the latest). */
function countBack(back: number): TranscriptEntry {
  const entry = businessMessages[businessMessages.length - back];
  if (back < 1 || entry === undefined) throw new Error(`There is no business message number ${back} (1 is the latest).`);
  return entry;
}

async function tap(number: number): Promise<void> {
  const choice = menu === null ? undefined : choicesOf(menu)[number - 1];
  if (choice === undefined) return print(`! There is no /${number} on the latest menu.`);
  print(`(tapped "${choice.title}")`);
  await phone.tap(choice.id);
}

function remember(entry: TranscriptEntry): void {
  lastSeq = Math.max(lastSeq, entry.seq);
  if (!['read', 'typing', 'reaction'].includes(entry.kind)) byWamid.set(entry.wamid, entry);
  if (entry.direction === 'out' && byWamid.get(entry.wamid) === entry) businessMessages.push(entry);
  if (entry.direction === 'out' && choicesOf(entry).length > 0) menu = entry;
}

/** Prints above the line being typed, then redraws it, so incoming messages do not garble the input. */
function print(text: string): void {
  process.stdout.write((process.stdout.isTTY ? '\r\x1b[K' : '') + text + '\n');
  rl.prompt(true);
}

function fail(err: unknown): never {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
