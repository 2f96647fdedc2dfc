import { SIMULATOR_CREDENTIALS } from '../config.js';
import { mediaUploadProblem } from '../whatsapp/payload-rules.js';
import { BusinessMessages } from './business-messages.js';
import { graphApiPlugin, type GraphHandlers } from './graph-api.js';
import { authorizationProblem, unknownObject } from './graph-errors.js';
import { GraphMedia } from './graph-media.js';
import { isAnimatedWebp, MEDIA_LIFETIME_MS, MediaStore } from './media-store.js';
import { PendingWork } from './pending-work.js';
import { StatusWebhooks } from './status-webhooks.js';
import { listTemplates } from './templates.js';
import { SimulatorStore } from './store.js';
import type { Simulator, SimulatorOptions } from './types.js';
import { userApiPlugin } from './user-api.js';
import { UserMessages } from './user-messages.js';
import { WebhookSender } from './webhook-sender.js';

const silent = { info() {}, warn() {}, error() {} };

/** A fake WhatsApp Cloud API: checks requests as Meta does and sends signed webhooks to the app. */
export function createSimulator(opts: SimulatorOptions): Simulator {
  const logger = opts.logger ?? silent;
  const now = opts.now ?? (() => new Date());
  const business = {
    businessAccountId: opts.businessAccountId ?? SIMULATOR_CREDENTIALS.businessAccountId,
    displayPhoneNumber: opts.displayPhoneNumber,
    phoneNumberId: opts.phoneNumberId,
  };
  const pending = new PendingWork();
  const media = new MediaStore({ urlTtlMs: opts.mediaUrlTtlMs ?? 5 * 60 * 1000, now });
  const graphMedia = new GraphMedia({ accessToken: opts.accessToken, phoneNumberId: opts.phoneNumberId, media });
  const store = new SimulatorStore(opts.dataFile, logger);
  const sender = new WebhookSender({
    url: opts.webhookUrl,
    appSecret: opts.appSecret,
    retryDelaysMs: opts.webhookRetryDelaysMs ?? [250, 1000, 3000],
    pending,
    logger,
  });
  const delaysMs = opts.statusDelaysMs ?? { sent: 30, delivered: 150 };
  const statuses = new StatusWebhooks({ business, store, sender, pending, now, delaysMs });
  const businessMessages = new BusinessMessages({ accessToken: opts.accessToken, business, store, media, statuses, now });
  const userMessages = new UserMessages({ business, store, statuses, sender, media, now });

  const templates: GraphHandlers['templates'] = ({ authorization, businessAccountId, query }) =>
    authorizationProblem(authorization, opts.accessToken) ??
    (businessAccountId === business.businessAccountId ? listTemplates(query) : unknownObject(businessAccountId, 'get'));
  const handleGraphRequest: Simulator['handleGraphRequest'] = (request) => businessMessages.handle(request);
  const sendUserMessage: Simulator['sendUserMessage'] = (input) => userMessages.send(input);
  const users: Simulator['users'] = () => store.users().map(({ waId, name, username, lastInboundAt }) => ({ waId, name, ...(username === undefined ? {} : { username }), lastInboundAt }));
  const transcript: Simulator['transcript'] = (waId, after = 0) =>
    (store.user(waId)?.transcript ?? []).filter((entry) => entry.seq > after).map((entry) => ({ ...entry }));
  const follow: Simulator['follow'] = (waId, listener) => store.follow((to, entry) => to === waId && listener({ ...entry }));

  const storeUserMedia: Simulator['storeUserMedia'] = (file) => {
    const problem = mediaUploadProblem({ mimeType: file.mimeType, size: file.bytes.length, animated: isAnimatedWebp(file.bytes) });
    if (problem !== null) return { status: 'error', error: { code: 'VALIDATION_ERROR', message: problem.message } };
    const stored = media.add(file, MEDIA_LIFETIME_MS.received);
    return { id: stored.id, mimeType: stored.mimeType, size: stored.size, ...(stored.filename === undefined ? {} : { filename: stored.filename }) };
  };
  const mediaFile: Simulator['mediaFile'] = (mediaId) => media.get(mediaId);

  return {
    graphApiPlugin: graphApiPlugin({ messages: handleGraphRequest, media: graphMedia, templates }),
    userApiPlugin: userApiPlugin({ sendUserMessage, users, transcript, follow, storeUserMedia, mediaFile }),
    storeUserMedia,
    mediaFile,
    handleGraphRequest,
    sendUserMessage,
    users,
    transcript,
    follow,
    injectFaults: (faults) => businessMessages.injectFaults(faults),
    failMedia: (mediaId, times) => media.failNext(mediaId, times),
    forgetMedia: (mediaId) => void media.delete(mediaId),
    requests: businessMessages.requests,
    accepted: (to) =>
      businessMessages.requests
        .filter((request) => request.accepted && request.wamid !== undefined)
        .map((request) => request.body as { to?: string; recipient?: string })
        .filter((body) => to === undefined || (body.to ?? body.recipient) === to),
    isTyping: (waId) => businessMessages.isTyping(waId),
    recordInbound: (waId, at) => userMessages.recordInbound(store.ensureUser(waId), at),
    markRead: (waId) => {
      const user = store.user(waId);
      if (user !== undefined) statuses.readBy(user);
    },
    idle: () => pending.idle(),
    close: async () => {
      statuses.close();
      await sender.close();
      await store.flush();
    },
  };
}
