import { Value } from 'typebox/value';
import type { MediaStore } from './media-store.js';
import { inboundMessagePayload, newWamid, type BusinessNumber, type InboundContent } from './payloads.js';
import type { EntryView } from './phone-view.js';
import type { ErrorBody } from '../contract/common.js';
import { UserMessageInput, type UserMessageResult } from '../contract/simulator.js';
import type { StatusWebhooks } from './status-webhooks.js';
import type { SimulatorStore, StoredUser } from './store.js';
import { shownMessage, userContent, type UserInputProblem } from './user-content.js';
import type { WebhookSender } from './webhook-sender.js';

/** A simulated user writes, taps, sends a file, a place or a contact, or reacts: the app receives it as Meta's signed webhook. */
export class UserMessages {
  constructor(
    private readonly deps: {
      business: BusinessNumber;
      store: SimulatorStore;
      statuses: StatusWebhooks;
      sender: WebhookSender;
      media: MediaStore;
      now: () => Date;
    },
  ) {}

  async send(input: UserMessageInput): Promise<UserMessageResult> {
    const problem = inputProblem(input);
    if (problem !== null) return failure('VALIDATION_ERROR', problem);
    const { store, statuses, sender, business, media, now } = this.deps;
    const known = store.user(input.from);
    const tap = this.tap(known, input.buttonId);
    if (tap !== null && 'status' in tap) return tap;
    const sent = tap ?? userContent(input, { media, user: known, now: now() });
    if ('code' in sent) return failure(sent.code, sent.message);
    const quoted = input.replyTo === undefined ? undefined : shownMessage({ user: known, now: now() }, input.replyTo);
    if (input.replyTo !== undefined && quoted === undefined) return failure('UNKNOWN_MESSAGE', `No message ${input.replyTo} of the last 30 days is on this phone`);

    const user = store.ensureUser(input.from, input.name, input.username);
    // Replying means the chat is open on the phone: what was delivered is now read, before the reply arrives.
    statuses.readBy(user);
    const at = now();
    const wamid = newWamid(user.waId);
    const replyTo = quoted === undefined ? {} : { replyTo: quoted.wamid };
    store.append(user, { direction: 'in', wamid, at: at.toISOString(), ...sent.view, ...replyTo });
    this.recordInbound(user, at);
    const context = tap?.context ?? (quoted === undefined ? undefined : { from: quoted.direction === 'out' ? business.displayPhoneNumber : user.waId, id: quoted.wamid });
    const payload = inboundMessagePayload(business, { waId: user.waId, name: user.name, username: user.username, wamid, at, content: sent.content, context });
    const webhookStatus = await sender.send(payload);
    return { status: 'success', data: { wamid, webhookStatus } };
  }

  recordInbound(user: StoredUser, at: Date): void {
    user.lastInboundAt = at.toISOString();
    this.deps.store.changed();
  }

  /** The webhook content of a tap on `buttonId`, which must be among the latest choices offered. */
  private tap(user: StoredUser | undefined, buttonId: string | undefined) {
    if (buttonId === undefined) return null;
    const offered = user?.offered;
    const choice = offered?.choices.find((c) => c.id === buttonId);
    if (offered == null || choice === undefined) {
      return failure('UNKNOWN_BUTTON', `Button "${buttonId}" was not offered in the latest interactive message to this user`);
    }
    const content: InboundContent =
      offered.reply === 'quick_reply'
        ? { type: 'button', button: { payload: choice.id, text: choice.title } }
        : offered.reply === 'button_reply'
          ? { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: choice.id, title: choice.title } } }
          : { type: 'interactive', interactive: { type: 'list_reply', list_reply: choice } };
    const view: EntryView = { kind: 'text', text: choice.title };
    return { view, content, context: { from: this.deps.business.displayPhoneNumber, id: offered.wamid } };
  }
}

/** The schema's rules (for callers that bypass the HTTP route) plus the one a schema states badly. */
function inputProblem(input: UserMessageInput): string | null {
  const error = Value.Errors(UserMessageInput, input)[0];
  if (error !== undefined) return `${error.instancePath || 'body'} ${error.message}`;
  const given = SENDABLE.filter((key) => input[key] !== undefined);
  if (given.length !== 1) return `give exactly one of ${SENDABLE.join(', ')}`;
  if (input.replyTo !== undefined && (given[0] === 'buttonId' || given[0] === 'reaction')) return 'a tap or a reaction cannot quote a message';
  return null;
}

const SENDABLE = ['text', 'buttonId', 'media', 'location', 'contacts', 'reaction'] as const;

function failure(code: UserInputProblem['code'] | 'UNKNOWN_BUTTON', message: string): ErrorBody {
  return { status: 'error', error: { code, message } };
}
