/** The database the benchmark starts from; shared by the wadesk child and bench/explain.ts. */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../src/db/client.js';
import { ALL_CONTACTS, LOAD_CONTACTS, OUTBOUND_PER_CONTACT, nameOf, seededWamid, waIdOf } from './fixtures.js';

const INBOUND_PER_CONTACT = 5;

/**
 * A database after some use, written in three statements: every contact registered, and per load contact
 * OUTBOUND_PER_CONTACT outbound messages already accepted by WhatsApp (the status webhooks of the status
 * run move them on) with some inbound ones between them; every message has its (sent) outbox row, as the
 * app leaves them. The wamids come from fixtures.ts, the one place the parent also builds them from.
 */
export async function seedDatabase(db: Db, options: { analyze?: boolean } = {}) {
  const started = performance.now();
  const keys: string[] = [];
  const names: string[] = [];
  for (let c = 0; c < ALL_CONTACTS; c++) {
    keys.push(waIdOf(c));
    names.push(nameOf(c));
  }
  await db.execute(sql`
    insert into conversations (contact_key, wa_id, phone_number, profile_name, registered_name, state, last_inbound_at, last_message_at)
    select key, key, '+' || key, name, name, 'REGISTERED', now() - k.ord * interval '30 seconds', now() - k.ord * interval '30 seconds'
    from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) with ordinality as k(key, ord)
    join jsonb_array_elements_text(${JSON.stringify(names)}::jsonb) with ordinality as n(name, ord2) on n.ord2 = k.ord`);

  const contactKeys: string[] = [];
  const wamids: string[] = [];
  const inbound: boolean[] = [];
  for (let c = 0; c < ALL_CONTACTS; c++) {
    const outbound = c < LOAD_CONTACTS ? OUTBOUND_PER_CONTACT : 2;
    const every = Math.max(1, Math.floor(outbound / INBOUND_PER_CONTACT));
    for (let k = 0; k < outbound; k++) {
      if (k % every === 0) {
        contactKeys.push(waIdOf(c));
        wamids.push(`wamid.seed.in.${c}.${k}`);
        inbound.push(true);
      }
      contactKeys.push(waIdOf(c));
      wamids.push(c < LOAD_CONTACTS ? seededWamid(c, k) : `wamid.seed.out.${c}.${k}`);
      inbound.push(false);
    }
  }
  await db.execute(sql`
    insert into messages (conversation_id, direction, sender, type, text, payload, wamid, status, sent_at, status_at, created_at)
    select c.id,
      case when t.inbound then 'inbound' else 'outbound' end,
      case when t.inbound then 'user' else 'bot' end,
      'text',
      case when t.inbound then 'Hello, where is my order?' else 'Thanks for your message! Choose an option from the menu below.' end,
      case when t.inbound then jsonb_build_object('from', c.wa_id, 'id', t.wamid, 'type', 'text', 'text', jsonb_build_object('body', 'Hello, where is my order?'))
        else '{"kind":"text","body":"Thanks for your message! Choose an option from the menu below."}'::jsonb end,
      t.wamid,
      case when t.inbound then 'received' else 'accepted' end,
      case when t.inbound then now() - interval '1 hour' end,
      case when t.inbound then null else now() - interval '1 hour' end,
      now() - interval '1 hour'
    from (
      select k.key, w.wamid, i.inbound::boolean as inbound, k.ord
      from jsonb_array_elements_text(${JSON.stringify(contactKeys)}::jsonb) with ordinality as k(key, ord)
      join jsonb_array_elements_text(${JSON.stringify(wamids)}::jsonb) with ordinality as w(wamid, ord) using (ord)
      join jsonb_array_elements_text(${JSON.stringify(inbound)}::jsonb) with ordinality as i(inbound, ord) using (ord)
    ) t
    join conversations c on c.contact_key = t.key
    order by t.ord`);
  await db.execute(sql`
    insert into outbox (conversation_id, message_id, kind, status, attempts, created_at, sent_at)
    select conversation_id, id, case when direction = 'inbound' then 'read' else 'message' end, 'sent', 1,
      now() - interval '1 hour', now() - interval '1 hour'
    from messages order by id`);
  if (options.analyze ?? true) await db.execute(sql`analyze`);
  const [counts] = rowsOf<{ conversations: number; messages: number; outbox: number }>(await db.execute(sql`
    select (select count(*)::int from conversations) as conversations, (select count(*)::int from messages) as messages,
      (select count(*)::int from outbox) as outbox`));
  return { ...counts!, seconds: (performance.now() - started) / 1000 };
}

