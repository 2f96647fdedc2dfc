import { Value } from 'typebox/value';
import { inboundMessagePayload, newWamid, type BusinessNumber, type InboundContent } from './payloads.js';
import type { ErrorBody } from '../contract/common.js';
import { UserMessageInput, type UserMessageResult } from '../contract/simulator.js';
import type { StatusWebhooks } from './status-webhooks.js';
import type { SimulatorStore, StoredUser } from './store.js';
import type { WebhookSender } from './webhook-sender.js';

/** A simulated user writes or taps: the app receives it as Meta's signed webhook. */
export class UserMessages {
  constructor(
    private readonly deps: {
      business: BusinessNumber;
      store: SimulatorStore;
      statuses: StatusWebhooks;
      sender: WebhookSender;
      now: () => Date;
    },
  ) {}

  async send(input: UserMessageInput): Promise<UserMessageResult> {
    const problem = inputProblem(input);
    if (problem !== null) return failure('VALIDATION_ERROR', problem);
    const { store, statuses, sender, business, now } = this.deps;
    const tap = this.tap(store.user(input.from), input.buttonId);
    if (tap !== null && 'status' in tap) return tap;

    const user = store.ensureUser(input.from, input.name);
    // Replying means the chat is open on the phone: what was delivered is now read, before the reply arrives.
    statuses.readBy(user);
    const at = now();
    const wamid = newWamid(user.waId);
    const text = input.text ?? tap?.title ?? '';
    store.append(user, { direction: 'in', wamid, at: at.toISOString(), kind: 'text', text });
    this.recordInbound(user, at);
    const content: InboundContent = tap?.content ?? { type: 'text', text: { body: text } };
    const payload = inboundMessagePayload(business, { waId: user.waId, name: user.name, wamid, at, content, context: tap?.context });
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
      offered.reply === 'button_reply'
        ? { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: choice.id, title: choice.title } } }
        : { type: 'interactive', interactive: { type: 'list_reply', list_reply: choice } };
    return { title: choice.title, content, context: { from: this.deps.business.displayPhoneNumber, id: offered.wamid } };
  }
}

/** The schema's rules (for callers that bypass the HTTP route) plus the one a schema states badly. */
function inputProblem(input: UserMessageInput): string | null {
  const error = Value.Errors(UserMessageInput, input)[0];
  if (error !== undefined) return `${error.instancePath || 'body'} ${error.message}`;
  if ((input.text === undefined) === (input.buttonId === undefined)) return 'give exactly one of text and buttonId';
  return null;
}

function failure(code: 'VALIDATION_ERROR' | 'UNKNOWN_BUTTON', message: string): ErrorBody {
  return { status: 'error', error: { code, message } };
}
