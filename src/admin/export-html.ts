import type { MessageItem } from '../contract/conversations.js';
import type { ExportedChat, ExportedContact } from '../contract/export.js';
import { TYPE_LABELS } from '../whatsapp/message-labels.js';

/**
 * A conversation as a printable page: one self-contained HTML document (inline CSS with print rules, no
 * scripts, nothing loaded from elsewhere) written in parts — the head with the contact and their chats,
 * the messages a page at a time, the foot. Everything that comes from users or agents is escaped.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const e = escapeHtml;

const STYLE = `
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:24px auto;max-width:860px;padding:0 16px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
h1{font-size:1.6em;margin:0 0 8px}h2{font-size:1.15em;margin:24px 0 8px;padding-bottom:4px;border-bottom:1px solid #d0d7de}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}.facts dt{color:#57606a}.facts dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:.93em}th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f6f8fa}
.transcript{display:flex;flex-direction:column;gap:6px}
.day{align-self:center;margin:12px 0 4px;padding:2px 10px;border-radius:10px;background:#e7ecf0;color:#57606a;font-size:.86em}
.msg{max-width:78%;padding:6px 10px;border-radius:8px;border:1px solid #d0d7de;break-inside:avoid}
.msg p{margin:2px 0}.in{align-self:flex-start;background:#fff}.out{align-self:flex-end;background:#dcf8c6;border-color:#b7dfa0}
.bot{background:#eef3ee;border-color:#cfdccf}.note{align-self:stretch;max-width:none;background:#fff4c2;border-color:#e6d27a}
.event{align-self:center;max-width:90%;border:0;color:#57606a;font-style:italic;font-size:.86em;text-align:center}
.meta{font-size:.86em;color:#57606a}.who{font-weight:600;color:#1f2328}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.quote{margin:2px 0 4px;padding:2px 8px;border-left:3px solid #8c959f;color:#57606a;white-space:pre-wrap;overflow-wrap:anywhere}
.attachment,.place,.cards,.choices,.reactions{font-size:.93em}.failed{color:#cf222e}
footer{margin-top:24px;padding-top:8px;border-top:1px solid #d0d7de;color:#57606a;font-size:.86em}
@page{margin:14mm}
@media print{body{margin:0;max-width:none;padding:0;font-size:11px}a{color:inherit;text-decoration:none}.msg{max-width:85%}h2{break-after:avoid}}
`;

const utc = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—');
const dayTitle = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

export function htmlHead(contact: ExportedContact, chats: ExportedChat[], exportedAt: Date): string {
  const name = contact.name ?? contact.phone_number ?? (contact.username ? `@${contact.username}` : 'Unnamed contact');
  const facts: Array<[string, string | null]> = [
    ['Name', contact.registered_name], ['WhatsApp profile', contact.profile_name], ['Phone', contact.phone_number],
    ['Username', contact.username ? `@${contact.username}` : null], ['Labels', contact.labels.join(', ') || null],
    ['Contact since', utc(contact.created_at)], ['Exported', utc(exportedAt.toISOString())],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conversation with ${e(name)}</title><style>${STYLE}</style></head>
<body><header><h1>Conversation with ${e(name)}</h1>
<dl class="facts">${facts.filter(([, value]) => value !== null).map(([label, value]) => `<dt>${label}</dt><dd>${e(value!)}</dd>`).join('')}</dl></header>
<h2>Support chats</h2>${chats.length === 0 ? '<p>No support chats.</p>' : chatTable(chats)}
<h2>Messages</h2><section class="transcript" aria-label="Messages">\n`;
}

function chatTable(chats: ExportedChat[]): string {
  const rating = (c: ExportedChat) =>
    c.csat_rating !== null ? `${'★'.repeat(c.csat_rating)}${'☆'.repeat(Math.max(0, 5 - c.csat_rating))} ${c.csat_rating}/5` : (c.csat_status ?? '—');
  const ended = (c: ExportedChat) => (c.ended_at ? `${utc(c.ended_at)} by ${c.ended_by_agent_name ?? c.ended_by ?? '—'}` : 'open');
  const rows = chats.map((c) => `<tr><td>${utc(c.started_at)} by ${e(c.started_by)}</td><td>${e(c.assigned_agent_name ?? '—')}</td><td>${utc(c.first_response_at)}</td>`
    + `<td>${e(ended(c))}</td><td>${e(rating(c))}</td><td>${e(c.csat_comment ?? '')}</td></tr>`);
  return `<table><thead><tr><th>Started</th><th>Agent</th><th>First answer</th><th>Ended</th><th>Rating</th><th>Comment</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Writes messages page by page, with a line for each new day (UTC); `count` is how many were written. */
export function htmlTranscript(contactName: string) {
  let lastDay = '';
  let count = 0;
  const write = (page: MessageItem[]) => page.map((m) => {
    count += 1;
    const day = m.timestamp.slice(0, 10);
    const heading = day === lastDay ? '' : `<p class="day">${e(dayTitle(m.timestamp))}</p>\n`;
    lastDay = day;
    return heading + messageHtml(m, contactName);
  }).join('');
  return { write, get count() { return count; } };
}

function sender(m: MessageItem, contactName: string): string {
  if (m.type === 'note') return `Note by ${m.agent?.name ?? 'an agent'}`;
  if (m.sender === 'user') return contactName;
  if (m.sender === 'agent') return m.agent?.name ?? 'Agent';
  return m.sender === 'bot' ? 'Bot' : 'System';
}

function messageHtml(m: MessageItem, contactName: string): string {
  const kind = m.type === 'note' ? 'note' : m.direction === 'internal' ? 'event' : m.direction === 'inbound' ? 'in' : m.sender === 'bot' ? 'out bot' : 'out';
  const time = `<time datetime="${e(m.timestamp)}">${utc(m.timestamp)}</time>`;
  // What happened in the chat ("Ada asked for support"): one line, no sender.
  if (kind === 'event') return `<article class="msg event"><p class="text">${e(m.text ?? m.type)} · ${time}</p></article>\n`;
  const parts: string[] = [
    `<p class="meta"><span class="who">${e(sender(m, contactName))}</span> · ${time}`
      + `${m.direction === 'outbound' ? ` · ${e(m.status)}` : ''}</p>`,
  ];
  if (m.reply_to) parts.push(`<p class="quote">${e(m.reply_to.text ?? `[${m.reply_to.type}]`)}</p>`);
  // A place's or a card's text repeats what its own line shows.
  if (m.text && !(m.location && m.type === 'location') && !(m.contacts?.length && m.type === 'contacts')) parts.push(`<p class="text">${e(m.text)}</p>`);
  if (m.media) {
    const label = TYPE_LABELS[m.media.kind] ?? m.media.kind;
    const details = [m.media.filename, m.media.mime_type, m.media.size === null ? null : `${m.media.size} bytes`].filter(Boolean).join(' · ');
    const where = m.media.status === 'stored' ? ` <a href="${e(m.media.url)}">${e(m.media.url)}</a>` : ` (${e(m.media.status)}${m.media.error ? `: ${e(m.media.error)}` : ''})`;
    parts.push(`<p class="attachment">${e(label)}${details ? ` · ${e(details)}` : ''}${where}</p>`);
  }
  if (m.location) {
    // Numbers in the schema; written through String and escaped all the same, as a stored row is not checked again.
    const [lat, lon] = [e(String(m.location.latitude)), e(String(m.location.longitude))];
    const place = [m.location.name, m.location.address].filter(Boolean).join(', ');
    const map = `https://www.openstreetmap.org/?mlat=${lat}&amp;mlon=${lon}#map=16/${lat}/${lon}`;
    parts.push(`<p class="place">📍 ${place ? `${e(place)} ` : ''}<a href="${map}">${lat}, ${lon}</a></p>`);
  }
  if (m.contacts?.length) parts.push(`<p class="cards">${m.contacts.map((card) => `👤 ${e(card.name)}: ${e(card.phones.join(', '))}`).join('<br>')}</p>`);
  if (m.choices?.items.length) parts.push(`<p class="choices">Offered: ${m.choices.items.map((item) => `[${e(item.title)}]`).join(' ')}</p>`);
  if (m.reactions.length > 0) parts.push(`<p class="reactions">${m.reactions.map((r) => `${e(r.emoji)} ${r.sender === 'user' ? e(contactName) : 'agent'}`).join(' · ')}</p>`);
  if (m.status === 'failed' || m.error) {
    const why = m.error ? [m.error.title, m.error.detail].filter(Boolean).join(': ') + (m.error.code === null ? '' : ` (code ${m.error.code})`) : 'not delivered';
    parts.push(`<p class="failed">⚠ ${e(why)}</p>`);
  }
  return `<article class="msg ${kind}">${parts.join('')}</article>\n`;
}

export const htmlFoot = (count: number): string =>
  `</section>\n<footer>${count} message${count === 1 ? '' : 's'} · times in UTC · exported from wadesk</footer></body></html>\n`;
