import { extname } from 'node:path';

/** What a line typed in `npm run chat` asks for. */
export type ChatCommand =
  | { kind: 'quit' }
  | { kind: 'text'; text: string }
  | { kind: 'tap'; number: number }
  | { kind: 'file'; path: string; caption?: string; voice: boolean }
  | { kind: 'location'; latitude: number; longitude: number; name?: string }
  | { kind: 'contact'; phone: string; name: string }
  | { kind: 'react'; back: number; emoji: string }
  | { kind: 'reply'; back: number; text: string }
  | { kind: 'invalid'; message: string };

export const CHAT_COMMANDS_HELP = `In the chat:
  a line of text          sends it
  /1, /2…                 taps a button or list row of the latest menu
  /photo PATH [caption]   sends a photo, video or file (/file is the same)
  /voice PATH             sends an audio file as a voice note
  /location LAT,LNG [name]  shares a place, e.g. /location 6.4281,3.4219 Lekki Office
  /contact PHONE NAME     shares a contact card, e.g. /contact +2348023456789 Ada Obi
  /react N 👍             reacts to the Nth latest business message (1 = the latest); /react N alone removes it
  /reply N TEXT           answers the Nth latest business message, quoting it
  /quit                   leaves`;

export function parseChatLine(line: string): ChatCommand | null {
  if (line === '') return null;
  if (line === '/quit') return { kind: 'quit' };
  if (/^\/\d+$/.test(line)) return { kind: 'tap', number: Number(line.slice(1)) };
  if (!line.startsWith('/')) return { kind: 'text', text: line };
  const [command, first, ...rest] = line.split(/\s+/);
  const tail = rest.join(' ') || undefined;
  switch (command) {
    case '/photo':
    case '/file':
    case '/voice':
      if (first === undefined) return { kind: 'invalid', message: `${command} needs a file path` };
      return { kind: 'file', path: first, ...(tail === undefined || command === '/voice' ? {} : { caption: tail }), voice: command === '/voice' };
    case '/location': {
      const [latitude, longitude] = (first ?? '').split(',').map(Number);
      if (!isCoordinate(latitude, 90) || !isCoordinate(longitude, 180)) return { kind: 'invalid', message: '/location needs LAT,LNG, e.g. /location 6.4281,3.4219 Lekki Office' };
      return { kind: 'location', latitude, longitude, ...(tail === undefined ? {} : { name: tail }) };
    }
    case '/contact':
      if (!/^\+?[0-9]{3,20}$/.test(first ?? '') || tail === undefined) return { kind: 'invalid', message: '/contact needs a phone number and a name, e.g. /contact +2348023456789 Ada Obi' };
      return { kind: 'contact', phone: first!, name: tail };
    case '/react':
      if (!/^\d+$/.test(first ?? '')) return { kind: 'invalid', message: '/react needs a message number, e.g. /react 1 👍' };
      return { kind: 'react', back: Number(first), emoji: tail ?? '' };
    case '/reply':
      if (!/^\d+$/.test(first ?? '') || tail === undefined) return { kind: 'invalid', message: '/reply needs a message number and a text, e.g. /reply 1 Yes please' };
      return { kind: 'reply', back: Number(first), text: tail };
    default:
      return { kind: 'invalid', message: `Unknown command ${command}. Type /help for the commands.` };
  }
}

function isCoordinate(value: number | undefined, limit: number): value is number {
  return value !== undefined && Number.isFinite(value) && Math.abs(value) <= limit;
}

const MIME_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp',
  '.mp4': 'video/mp4', '.3gp': 'video/3gpp',
  '.ogg': 'audio/ogg', '.opus': 'audio/ogg', '.mp3': 'audio/mpeg', '.m4a': 'audio/mp4', '.aac': 'audio/aac', '.amr': 'audio/amr',
  '.pdf': 'application/pdf', '.txt': 'text/plain',
  '.doc': 'application/msword', '.xls': 'application/vnd.ms-excel', '.ppt': 'application/vnd.ms-powerpoint',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** The MIME type a file is sent as, from its extension (the simulator then checks WhatsApp's limits). */
export function mimeTypeOf(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}
