/**
 * `npm run chat`: play one WhatsApp user against a running wadesk in simulator mode, from a terminal.
 *   npm run chat -- --url http://127.0.0.1:3000 --phone 2348012345678 --name John
 * A plain line is sent as text; /1, /2… tap a button or list row of the latest menu; /quit leaves.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { choicesOf, formatBusinessMessage } from './chat-display.js';
import { PhoneClient } from './phone-client.js';
import type { TranscriptEntry } from './types.js';

const DEMO_PHONE = '2348012345678';
const POLL_MS = 500;

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.WADESK_URL ?? 'http://127.0.0.1:3000' },
    phone: { type: 'string', default: DEMO_PHONE },
    name: { type: 'string', default: 'John' },
  },
});

if (!/^\d{8,15}$/.test(values.phone)) fail(`--phone must be 8 to 15 digits (a wa_id such as ${DEMO_PHONE})`);
const phone = new PhoneClient(values.url, values.phone, values.name);
await phone.check().catch(fail);

let lastSeq = 0;
/** The latest message with buttons or a list: what /N taps. */
let menu: TranscriptEntry | null = null;
const history = await phone.messagesAfter(0).catch(fail);
for (const entry of history) remember(entry);

const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
console.log(`Chatting as ${values.name} (+${values.phone}) with ${values.url}. Type a message; /1, /2… taps a button; /quit leaves.`);
if (menu !== null) console.log(formatBusinessMessage(menu));
rl.prompt();

rl.on('line', (line) => void handleLine(line.trim()));
rl.on('close', () => process.exit(0));

let polling = false;
let offline = false;
setInterval(() => void poll(), POLL_MS);

async function handleLine(line: string): Promise<void> {
  if (line === '/quit') return rl.close();
  try {
    if (/^\/\d+$/.test(line)) await tap(Number(line.slice(1)));
    else if (line !== '') await phone.say(line);
  } catch (err) {
    print(`! ${err instanceof Error ? err.message : String(err)}`);
  }
  rl.prompt();
}

async function tap(number: number): Promise<void> {
  const choice = menu === null ? undefined : choicesOf(menu)[number - 1];
  if (choice === undefined) return print(`! There is no /${number} on the latest menu.`);
  print(`(tapped "${choice.title}")`);
  await phone.tap(choice.id);
}

async function poll(): Promise<void> {
  if (polling) return;
  polling = true;
  try {
    for (const entry of await phone.messagesAfter(lastSeq)) {
      remember(entry);
      if (entry.direction === 'out' && entry.kind !== 'read') print(formatBusinessMessage(entry));
    }
    if (offline) print('(connected again)');
    offline = false;
  } catch (err) {
    if (!offline) print(`! ${err instanceof Error ? err.message : String(err)} Retrying…`);
    offline = true;
  } finally {
    polling = false;
  }
}

function remember(entry: TranscriptEntry): void {
  lastSeq = Math.max(lastSeq, entry.seq);
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
