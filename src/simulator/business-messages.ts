import type { GraphMarkReadBody, GraphMessageBody } from '../whatsapp/graph-payloads.js';
import { validateGraphPayload } from '../whatsapp/payload-rules.js';
import { authorizationProblem, INVALID_TOKEN, invalidParameter, unknownObject } from './graph-errors.js';
import { metaError, newWamid, type BusinessNumber } from './payloads.js';
import type { MediaStore } from './media-store.js';
import { mediaOf, offeredChoices, phoneView, type EntryView } from './phone-view.js';
import type { StatusWebhooks } from './status-webhooks.js';
import type { SimulatorStore } from './store.js';
import { renderTemplate } from './templates.js';
import type { GraphAnswer, GraphRequest, GraphRequestRecord, MetaFault } from './types.js';
import { shownMessage } from './user-content.js';

const WINDOW_MS = 24 * 60 * 60 * 1000;

const FAULT_MESSAGES: Record<number, string> = {
  1: 'An unknown error occurred',
  2: 'Service temporarily unavailable',
  4: '(#4) Application request limit reached',
  190: INVALID_TOKEN,
  80007: '(#80007) Rate limit issues',
  130429: '(#130429) Rate limit hit',
  131000: 'Something went wrong',
  131016: 'Service unavailable',
  131026: 'Message undeliverable',
  131056: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
  131057: '(#131057) Account in maintenance mode',
};

type AcceptedBody = GraphMessageBody | GraphMarkReadBody;

const TYPING_MS = 25_000;

/** The fake `POST /{phone-number-id}/messages`: checks a request as Meta does and answers as Meta would. */
export class BusinessMessages {
  readonly requests: GraphRequestRecord[] = [];
  private readonly faults: MetaFault[] = [];

  constructor(
    private readonly deps: {
      accessToken: string;
      business: BusinessNumber;
      store: SimulatorStore;
      media: MediaStore;
      statuses: StatusWebhooks;
      now: () => Date;
    },
  ) {}

  injectFaults(faults: MetaFault[]): void {
    this.faults.push(...faults);
  }

  handle(request: GraphRequest): GraphAnswer {
    const answer = this.answer(request);
    this.requests.push({ body: request.body, accepted: answer.status === 200, status: answer.status, wamid: answer.wamid, at: this.deps.now() });
    return { status: answer.status, body: answer.body };
  }

  /** Whether "typing…" shows: the latest entry on the phone is the indicator, at most 25 s old. */
  isTyping(waId: string): boolean {
    const last = this.deps.store.user(waId)?.transcript.filter((e) => e.kind !== 'read').at(-1);
    return last?.kind === 'typing' && this.deps.now().getTime() - Date.parse(last.at) < TYPING_MS;
  }

  private answer({ authorization, phoneNumberId, body }: GraphRequest): GraphAnswer & { wamid?: string } {
    const fault = this.faults.shift();
    if (fault !== undefined) {
      return { status: fault.httpStatus, body: metaError(fault.code, fault.message ?? FAULT_MESSAGES[fault.code] ?? 'Something went wrong', 'injected by the simulator') };
    }
    const unauthorized = authorizationProblem(authorization, this.deps.accessToken);
    if (unauthorized !== null) return unauthorized;
    if (phoneNumberId !== this.deps.business.phoneNumberId) return unknownObject(phoneNumberId, 'post');
    const problems = validateGraphPayload(body);
    if (problems.length > 0) return invalidParameter(problems.join('; '));
    const valid = body as AcceptedBody;
    if ('status' in valid) {
      this.businessRead(valid.message_id, valid.typing_indicator !== undefined);
      return { status: 200, body: { success: true } };
    }
    const to = (valid.to ?? valid.recipient)!; // validateGraphPayload insists on one of them
    const found: Parameters<typeof phoneView>[1] = {};
    if (valid.type === 'template') {
      // Templates may be sent outside the 24 h window, and do not reopen it.
      const rendered = renderTemplate(valid.template, valid.to === undefined);
      if ('refusal' in rendered) return rendered.refusal;
      found.template = rendered;
    } else if (!this.windowOpen(to)) {
      const details = 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.';
      return { status: 400, body: metaError(131047, '(#131047) Re-engagement message', details) };
    }
    const mediaId = mediaOf(valid)?.id ?? found.template?.headerMedia?.id;
    if (mediaId !== undefined) {
      found.media = this.deps.media.get(mediaId);
      if (found.media === undefined) {
        return { status: 400, body: metaError(131053, '(#131053) Media upload error', `media id ${mediaId} was not found: upload the file first (POST /{phone-number-id}/media)`) };
      }
    }
    return { status: 200, ...this.accept(to, valid, phoneView(valid, found)) };
  }

  private windowOpen(to: string): boolean {
    const last = this.deps.store.user(to)?.lastInboundAt;
    return last != null && this.deps.now().getTime() - Date.parse(last) <= WINDOW_MS;
  }

  private accept(to: string, body: GraphMessageBody, view: EntryView) {
    const { store, now, statuses } = this.deps;
    const user = store.ensureUser(to);
    const wamid = newWamid(to);
    const contact = body.to !== undefined ? { input: to, wa_id: to } : { input: to, user_id: to };
    const answer = { wamid, body: { messaging_product: 'whatsapp', contacts: [contact], messages: [{ id: wamid }] } };
    if (view.kind === 'reaction' && shownMessage({ user, now: now() }, view.reaction!.messageId) === undefined) {
      // Meta accepts the request, then reports that the reaction could not be delivered.
      const details = 'the message reacted to is unknown, older than 30 days, deleted, or itself a reaction';
      statuses.failed(user, wamid, { code: 131009, title: 'Parameter value is not valid', details });
      return answer;
    }
    const quoted = body.context === undefined ? undefined : shownMessage({ user, now: now() }, body.context.message_id);
    const replyTo = quoted === undefined ? {} : { replyTo: quoted.wamid };
    store.append(user, { direction: 'out', wamid, at: now().toISOString(), ...view, ...replyTo });
    user.offered = offeredChoices(body, wamid, view) ?? user.offered;
    statuses.accepted(user, wamid, { sentOnly: view.kind === 'reaction' });
    return answer;
  }

  /** The business read a user's message: it and everything the user wrote before it turn blue; maybe "typing…" follows. */
  private businessRead(wamid: string, typing: boolean): void {
    const { store, now } = this.deps;
    const user = store.users().find((u) => u.transcript.some((e) => e.direction === 'in' && e.wamid === wamid));
    if (user === undefined) return;
    const upTo = user.transcript.findIndex((e) => e.direction === 'in' && e.wamid === wamid);
    const unread = user.transcript.slice(0, upTo + 1).filter((e) => e.direction === 'in' && e.status !== 'read');
    for (const entry of unread) entry.status = 'read';
    if (unread.length > 0) store.append(user, { direction: 'out', wamid, at: now().toISOString(), kind: 'read', text: '' });
    if (typing) store.append(user, { direction: 'out', wamid, at: now().toISOString(), kind: 'typing', text: '' });
  }
}
