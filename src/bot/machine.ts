import type { TextualMessage, ReplyButton } from '../whatsapp/types.js';
import { defaultContent, type BotContent, type MenuItem } from './content.js';
import { phraseOpening } from './away.js';
import { answerRating, withoutQuestion } from './csat.js';
import { isEndChatText, isLanguageRequest, isMenuRequest, isSupportTrigger } from './intents.js';
import { clip, fillName, splitText, WHATSAPP_LIMITS as L } from './limits.js';
import { buildLanguageList, buildMainMenu, buildSubmenu, findMenuItem, LANGUAGE_ID_PREFIX } from './menu.js';
import { displayName, parseName } from './names.js';
import type { Opening } from './opening-hours.js';
import type { BotDecision, BotInput, ConversationSnapshot, StateData } from './types.js';

/** The button id that starts a chat even if an operator's menu no longer lists it. */
export const CHAT_SUPPORT_CHOICE = 'chat_support';

/**
 * What the bot reads from a message: the id of a tapped button/row, or the words of a typed text.
 * Captions, locations and reactions are not read as words: a photo captioned "done" is something for
 * the agent, not a request to end the chat, and it is not a name either.
 */
interface Reading {
  choiceId: string | null;
  typed: string | null;
  choiceTitle: string | null;
}

function read(input: BotInput): Reading {
  const choiceId = input.choice?.id ?? null;
  const typed = choiceId === null && input.type === 'text' ? (input.text ?? '') : null;
  return { choiceId, typed, choiceTitle: input.choice?.title ?? null };
}

/** What the bot is told about the moment: the team is away (outside business hours), and when it is back; the languages it speaks. */
export interface Moment {
  away?: { next: Opening | null };
  /** The content's languages, each with its texts (the user may switch to any of them). */
  languages?: ReadonlyArray<{ code: string; name: string; content: BotContent }>;
}

export function handleIncoming(
  conv: ConversationSnapshot,
  input: BotInput,
  content: BotContent = defaultContent,
  moment: Moment = {},
): BotDecision {
  // Reactions and system notices (a changed number…) are not things to answer: they join the history,
  // and the support chat when one is open, and change nothing else.
  if (input.type === 'reaction' || input.type === 'system') {
    return { state: conv.state, stateData: conv.stateData, replies: [], chat: conv.state === 'CHAT_SUPPORT_ACTIVE' ? 'message' : null };
  }
  const message = read(input);
  if (conv.state === 'CHAT_SUPPORT_ACTIVE') return inChat(conv, message, content, moment);
  const rated = answerRating(conv, message, content, (before, stateData) => afterRating(conv, stateData, before, content));
  if (rated) return rated;
  // Answered or not, a comment question closes with the next message; a rating question stays open.
  if (conv.stateData?.csat?.step === 'comment') conv = withoutQuestion(conv);
  const language = chosenLanguage(message, moment);
  if (language) return switchLanguage(conv, language);
  if (message.typed !== null && isLanguageRequest(message.typed, content.keywords)) return showLanguages(conv, content, moment);
  if (wantsSupport(message, content)) return startChat(conv, content, moment);
  if (conv.state === 'AWAITING_NAME') return awaitingName(conv, message, content);
  // A registered name counts even if the stored state says otherwise: never ask a known contact again.
  if (conv.state === 'REGISTERED' || conv.registeredName) return registered(conv, message, content, moment);
  return greet(conv, content);
}

/** An agent's message to the user; the user's next message gets the acknowledgement again. */
export function agentReply(
  conv: ConversationSnapshot,
  text: string,
  content: BotContent = defaultContent,
): { stateData: StateData; replies: TextualMessage[] } {
  const formatted = content.chat.agentPrefix + text;
  return {
    stateData: { ...stateDataOf(conv), ackPending: true, answered: true },
    replies: splitText(formatted, L.textBody).map((body) => ({ kind: 'text', body })),
  };
}

/** The agent ended the chat, optionally with their own closing words. */
export function endChat(
  conv: ConversationSnapshot,
  opts: { closingText?: string },
  content: BotContent = defaultContent,
): BotDecision {
  return finishChat(conv, opts.closingText?.trim() || content.chat.closing, content);
}

/** An agent opens the chat (the user wrote recently): the user gets the same welcome as if they had asked. */
export function startChatByAgent(conv: ConversationSnapshot, content: BotContent = defaultContent): BotDecision {
  return startChat(conv, content);
}

function inChat(conv: ConversationSnapshot, message: Reading, content: BotContent, moment: Moment): BotDecision {
  const ends =
    message.choiceId === content.chat.endChatButton.id ||
    (message.typed !== null && isEndChatText(message.typed, content.keywords));
  if (ends) return finishChat(conv, content.chat.closing, content);

  const stateData = stateDataOf(conv);
  // Outside business hours, before anyone has answered, "an admin will respond shortly" would not be true.
  const ack = moment.away && !stateData.answered && content.hours.acknowledgement
    ? content.hours.acknowledgement.replaceAll('{next}', phraseOpening(moment.away.next, content))
    : content.chat.acknowledgement;
  // WhatsApp throttles bursts to one recipient, so an unanswered streak of messages gets one ack.
  const replies = stateData.ackPending ? [withButton(ack, content.chat.endChatButton)] : [];
  return { state: 'CHAT_SUPPORT_ACTIVE', stateData: { ...stateData, ackPending: false }, replies, chat: 'message' };
}

function finishChat(conv: ConversationSnapshot, closingText: string, content: BotContent): BotDecision {
  const { ackPending: _cleared, ...stateData } = stateDataOf(conv);
  return {
    state: conv.registeredName ? 'REGISTERED' : 'IDLE',
    stateData,
    replies: [withButton(closingText, content.chat.mainMenuButton)],
    chat: 'end',
  };
}

function wantsSupport(message: Reading, content: BotContent): boolean {
  if (message.choiceId !== null) {
    return (
      message.choiceId === CHAT_SUPPORT_CHOICE ||
      findMenuItem(message.choiceId, content)?.action.type === 'support'
    );
  }
  return message.typed !== null && isSupportTrigger(message.typed, content.keywords);
}

function startChat(conv: ConversationSnapshot, content: BotContent, moment: Moment = {}): BotDecision {
  // Outside business hours the user is told when the team is back instead of being welcomed to a chat
  // nobody answers yet: one text, not the away text and the welcome.
  const text = moment.away ? content.hours.away.replaceAll('{next}', phraseOpening(moment.away.next, content)) : content.chat.welcome;
  const welcome = fillName(text, nameOf(conv, content), L.interactiveBody);
  // The last chat's rating question, if still open, is over: its answers would now be read as this chat's.
  const { csat: _previous, answered: _before, ...stateData } = stateDataOf(conv);
  return {
    state: 'CHAT_SUPPORT_ACTIVE',
    stateData: { ...stateData, ackPending: true },
    replies: [withButton(welcome, content.chat.endChatButton)],
    chat: 'start',
  };
}

function greet(conv: ConversationSnapshot, content: BotContent): BotDecision {
  const stateData = stateDataOf(conv);
  // The long welcome is for a first contact; someone already greeted is simply asked for the name.
  const prompt = stateData.greeted ? content.registration.askName : content.registration.greeting;
  return { state: 'AWAITING_NAME', stateData: { ...stateData, greeted: true }, replies: [text(prompt)], chat: null };
}

function awaitingName(conv: ConversationSnapshot, message: Reading, content: BotContent): BotDecision {
  const stay = (): BotDecision => ({
    state: 'AWAITING_NAME',
    stateData: stateDataOf(conv),
    replies: [text(content.registration.invalidName)],
    chat: null,
  });
  if (asksForMenu(message, content)) {
    // Someone changing their name may change their mind; a new contact must give a name first.
    return conv.registeredName ? showMenu(conv, content, []) : stay();
  }
  const name = message.typed === null ? null : parseName(message.typed);
  if (name === null) return stay();
  return {
    state: 'REGISTERED',
    stateData: stateDataOf(conv),
    registeredName: name,
    replies: [text(fillName(content.registration.confirmation, name, L.textBody)), buildMainMenu(name, content)],
    chat: null,
  };
}

function registered(conv: ConversationSnapshot, message: Reading, content: BotContent, moment: Moment): BotDecision {
  const item = message.choiceId === null ? undefined : findMenuItem(message.choiceId, content);
  if (item) return runMenuItem(conv, item, content, moment);
  const endPhrase = message.typed !== null && isEndChatText(message.typed, content.keywords);
  // Ending a chat leads to the menu, so a late "End Chat" tap or "done" after the chat closed shows it too.
  if (asksForMenu(message, content) || message.choiceId === content.chat.endChatButton.id || endPhrase) {
    return showMenu(conv, content, []);
  }
  return showMenu(conv, content, [text(content.help)]);
}

function runMenuItem(conv: ConversationSnapshot, item: MenuItem, content: BotContent, moment: Moment): BotDecision {
  switch (item.action?.type) {
    case 'rename':
      return { state: 'AWAITING_NAME', stateData: stateDataOf(conv), replies: [text(content.registration.askName)], chat: null };
    case 'reply':
      return showMenu(conv, content, [text(item.action.text)]);
    case 'support':
      return startChat(conv, content, moment);
    case 'submenu':
      return showMenu(conv, content, [], buildSubmenu(item as MenuItem & { action: { type: 'submenu' } }, nameOf(conv, content), content));
    case 'language':
      return showLanguages(conv, content, moment);
  }
  // Content loaded from a file may carry an action this version does not know.
  return showMenu(conv, content, [text(content.help)]);
}

function asksForMenu(message: Reading, content: BotContent): boolean {
  if (message.choiceId !== null) return message.choiceId === content.chat.mainMenuButton.id;
  return message.typed !== null && isMenuRequest(message.typed, content.keywords);
}

function showMenu(conv: ConversationSnapshot, content: BotContent, before: TextualMessage[], menu = buildMainMenu(nameOf(conv, content), content)): BotDecision {
  return {
    state: 'REGISTERED',
    stateData: stateDataOf(conv),
    replies: [...before, menu],
    chat: null,
  };
}

/** The language a tapped row of the language list names, if it is one of the content's. */
function chosenLanguage(message: Reading, moment: Moment): { code: string; content: BotContent } | null {
  if (message.choiceId === null || !message.choiceId.startsWith(LANGUAGE_ID_PREFIX)) return null;
  const code = message.choiceId.slice(LANGUAGE_ID_PREFIX.length);
  return moment.languages?.find((language) => language.code === code) ?? null;
}

function showLanguages(conv: ConversationSnapshot, content: BotContent, moment: Moment): BotDecision {
  const languages = moment.languages ?? [];
  return { state: conv.state, stateData: stateDataOf(conv), replies: [buildLanguageList(languages, content)], chat: null };
}

/** From now on in the chosen language: said in it, then the menu (or the name question for a new contact) in it. */
function switchLanguage(conv: ConversationSnapshot, language: { code: string; content: BotContent }): BotDecision {
  const { content } = language;
  const changed = text(content.languages.changed);
  if (conv.state === 'REGISTERED' || conv.registeredName) return { ...showMenu(conv, content, [changed]), language: language.code };
  const greeted = stateDataOf(conv).greeted || conv.state === 'AWAITING_NAME';
  return {
    state: 'AWAITING_NAME',
    stateData: { ...stateDataOf(conv), greeted: true },
    replies: [changed, text(greeted ? content.registration.askName : content.registration.greeting)],
    chat: null,
    language: language.code,
  };
}

/** After the rating's comment: the thanks, then the menu for a registered contact (a new contact is asked their name next time). */
function afterRating(conv: ConversationSnapshot, stateData: StateData, before: TextualMessage[], content: BotContent): BotDecision {
  if (conv.state === 'REGISTERED' || conv.registeredName) return showMenu({ ...conv, stateData }, content, before);
  return { state: conv.state, stateData, replies: before, chat: null };
}

function nameOf(conv: ConversationSnapshot, content: BotContent): string {
  return displayName(conv, content.fallbackName);
}

// Stored JSON may come back as null from an old row; the bot must not throw on it.
function stateDataOf(conv: ConversationSnapshot): StateData {
  return conv.stateData ?? {};
}

function text(body: string): TextualMessage {
  return { kind: 'text', body: clip(body, L.textBody) };
}

function withButton(body: string, button: ReplyButton): TextualMessage {
  return { kind: 'buttons', body: clip(body, L.interactiveBody), buttons: [{ id: button.id, title: clip(button.title, L.buttonTitle) }] };
}
