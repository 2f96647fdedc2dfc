import { asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { messages, statusEvents } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { changeValue, contact, envelope, postEvent, shownText, status, text, uniqueWamid, userMessage } from '../helpers/webhooks.js';

const ANA = '4917000000001';
const BEN = '4917000000002';
const CAL = '4917000000003';

/** Meta may batch: one POST can carry several entries, each with several changes, each with several messages and statuses. */
describe('a POST carrying several entries, changes, messages and statuses', () => {
  const t = useTestApp({}, 'each');
  beforeEach(() => {
    for (const user of [ANA, BEN, CAL]) t.fake.simulator.recordInbound(user, new Date());
  });

  it('handles every one of them, in the order they appear', async () => {
    const anaHello = userMessage(ANA, text('Hello'));
    const anaName = userMessage(ANA, text('Ana'));
    const benHello = userMessage(BEN, text('Hi there'));
    const calSupport = userMessage(CAL, text('chat support'));
    const calProblem = userMessage(CAL, text('My order never arrived'));
    const elsewhere = userMessage(BEN, text('to another number'));
    const early = [uniqueWamid('status'), uniqueWamid('status')];

    const payload = envelope(
      [
        changeValue({ contacts: [contact(ANA, 'Ana')], messages: [anaHello, anaName] }),
        changeValue({ contacts: [contact(BEN, 'Ben')], messages: [benHello], statuses: [status(early[0]!, 'sent', BEN)] }),
      ],
      [
        changeValue({ contacts: [contact(CAL, 'Cal')], messages: [calSupport, calProblem] }),
        changeValue({ contacts: [contact(BEN, 'Ben')], messages: [elsewhere], phoneNumberId: '999999999999999' }),
        changeValue({ statuses: [status(early[1]!, 'delivered', CAL)] }),
      ],
    );
    const answer = await postEvent(t.url, payload);
    expect(answer).toEqual({ status: 200, json: { status: 'success', data: { processed: 5, duplicates: 0, ignored: 1, statuses: 0, deadLettered: 0 } } });
    await t.settle();

    const inbound = await t.database.db.select().from(messages).where(eq(messages.direction, 'inbound')).orderBy(asc(messages.id));
    expect(inbound.map((m) => m.wamid)).toEqual([anaHello.id, anaName.id, benHello.id, calSupport.id, calProblem.id]);
    const events = await t.database.db.select().from(statusEvents).orderBy(asc(statusEvents.id));
    expect(events.filter((e) => early.includes(e.wamid)).map((e) => [e.wamid, e.status])).toEqual([
      [early[0], 'sent'],
      [early[1], 'delivered'],
    ]);

    // Each contact's messages were handled in order: Ana was greeted, then registered under her name…
    expect(t.fake.simulator.accepted(ANA).map(shownText)).toEqual([
      defaultContent.registration.greeting,
      "Thanks, Ana! ✅ You're registered.",
      'What would you like to do, Ana?',
    ]);
    expect(t.fake.simulator.accepted(BEN).map(shownText)).toEqual([defaultContent.registration.greeting]);
    // …and Cal's problem reached the chat that his first message opened, and was acknowledged.
    expect(t.fake.simulator.accepted(CAL).map(shownText)).toEqual([
      expect.stringContaining('You are now connected to our support team'),
      defaultContent.chat.acknowledgement,
    ]);
    const [problem] = inbound.filter((m) => m.wamid === calProblem.id);
    expect(problem!.chatSessionId).not.toBeNull();
  });
});
