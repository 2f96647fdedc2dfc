import type { ReplyButton } from '../whatsapp/types.js';

/**
 * Everything the bot says and listens for. Operators change wording here (or pass their own `BotContent`)
 * without touching the state machine. `{name}` (in the welcome, the registration confirmation and the
 * menu body) is replaced by the contact's name. Check a custom content with `contentProblems`
 * (content-check.ts) at start-up.
 */

/** What a main-menu item does when chosen. */
export type MenuAction =
  | { type: 'support' }
  /** A static answer (opening hours, about us…), followed by the menu again. */
  | { type: 'reply'; text: string }
  /** Asks for the contact's name again. */
  | { type: 'rename' }
  /** A sub-menu (FAQ topics…): its own text and items, shown like the main menu. */
  | { type: 'submenu'; body: string; items: MenuItem[] }
  /** The list of the content's languages; the user's choice is remembered. */
  | { type: 'language' };

export interface MenuItem {
  /** The button/row id WhatsApp sends back when the item is chosen. */
  id: string;
  /** ≤ 20 characters when the menu is shown as buttons (≤ 3 items), ≤ 24 as a list. */
  title: string;
  /** Shown only when the menu is a list; ≤ 72 characters. */
  description?: string;
  action: MenuAction;
}

export interface BotContent {
  /** Used for `{name}` when the contact has neither a registered nor a profile name. */
  fallbackName: string;
  chat: {
    welcome: string;
    acknowledgement: string;
    /** Put before an agent's message when it is sent to the user. */
    agentPrefix: string;
    /** Sent when a chat ends, unless the agent gives their own closing text. */
    closing: string;
    /** Told to the user when automatic assignment gives their chat to an agent (if switched on): `{agent}`, `{name}`. */
    agentJoined: string;
    endChatButton: ReplyButton;
    mainMenuButton: ReplyButton;
  };
  registration: {
    /** First message to a new contact. */
    greeting: string;
    /** Asking for the name again (returning unregistered contact, or "Change name"). */
    askName: string;
    confirmation: string;
    invalidName: string;
  };
  menu: {
    body: string;
    footer?: string;
    /** Label of the button that opens the list (menus of more than 3 items). */
    listButton: string;
    sectionTitle: string;
    items: MenuItem[];
  };
  /**
   * Outside business hours (`PUT /api/admin/settings/business-hours`) a user who asks for a person gets
   * `away` instead of the welcome, and the chat waits in the queue. `{next}` is the next opening, phrased
   * by the texts below (`{weekday}`, `{date}` like "4 January", `{time}` like "8:00"); `{name}` as elsewhere.
   */
  hours: {
    away: string;
    /**
     * The acknowledgement of a user's message in a chat that started outside business hours, while no
     * agent has answered: `{next}` as in `away`. Optional in a content file (`chat.acknowledgement` then).
     */
    acknowledgement?: string;
    today: string;
    tomorrow: string;
    /** Within the coming week. */
    thisWeek: string;
    later: string;
    /** No opening is configured in the coming year. */
    unknown: string;
    /** Monday first. */
    weekdays: [string, string, string, string, string, string, string];
    months: [string, string, string, string, string, string, string, string, string, string, string, string];
  };
  /**
   * The rating asked when a chat ends (if CSAT is switched on: `PUT /api/admin/settings/csat`): a list of
   * five ratings, then an optional comment.
   */
  csat: {
    question: string;
    /** Label of the button that opens the list of ratings. */
    listButton: string;
    sectionTitle: string;
    /** The five choices, from 5 (best) down to 1; each title ≤ 24 characters, description ≤ 72. */
    ratings: { rating: 1 | 2 | 3 | 4 | 5; title: string; description?: string }[];
    /** Asked after a rating; the user may type a comment or tap `skipButton`. */
    commentPrompt: string;
    skipButton: ReplyButton;
    /** After the comment (or the skip); the main menu follows it for a registered user. */
    thanks: string;
  };
  /** The language list (a menu item with the `language` action, or the `language` keywords). */
  languages: {
    body: string;
    listButton: string;
    sectionTitle: string;
    /** Sent in the chosen language once it is chosen; the menu follows. */
    changed: string;
  };
  /** Answer to input the bot does not understand; the main menu follows it. */
  help: string;
  /** Matched after normalisation (see intents.ts), so case and punctuation do not matter. */
  keywords: {
    /** Whole message equals one of these. */
    supportExact: string[];
    /** Appear anywhere in the message as whole words. */
    support: string[];
    /** Whole message equals one of these (inside a chat). */
    endChat: string[];
    /** Whole message equals one of these. */
    menu: string[];
    /** Whole message equals one of these: the language list. */
    language: string[];
  };
}

export const defaultContent: BotContent = {
  fallbackName: 'there',
  chat: {
    welcome:
      'Hi {name}! 💬\n📞 Live Chat Support\n\nYou are now connected to our support team! 🎯\n\n' +
      'Please describe your issue and an admin will respond to you shortly.\n\n' +
      "You can continue chatting until you select 'End Chat' to return to the main menu.",
    acknowledgement:
      '✓ Your message has been sent to support.\n\n' +
      "An admin will respond shortly. You can continue typing or select 'End Chat' to exit.",
    agentPrefix: '🎧 Support Team: ',
    closing: 'Thank you for contacting support!',
    agentJoined: '👋 {agent} from our support team has joined the chat.',
    endChatButton: { id: 'end_chat', title: '❌ End Chat' },
    mainMenuButton: { id: 'main_menu', title: '📝 Main Menu' },
  },
  registration: {
    greeting:
      "Hi! 👋 Welcome.\n\nWhat's your name? Just type it below.\n\n" +
      'Need a person? Type "chat support" anytime.',
    askName: 'What name should we call you? Just type it below.',
    confirmation: "Thanks, {name}! ✅ You're registered.",
    invalidName:
      "Sorry, that doesn't look like a name. Please type your name (2 to 60 characters), " +
      'or type "chat support" to talk to a person.',
  },
  menu: {
    body: 'What would you like to do, {name}?',
    listButton: 'Open menu',
    sectionTitle: 'Main menu',
    items: [
      { id: 'chat_support', title: '💬 Chat Support', description: 'Talk to our support team', action: { type: 'support' } },
      {
        id: 'about',
        title: 'ℹ️ About us',
        description: 'Who we are and how we help',
        action: { type: 'reply', text: 'We are here to help with your questions. Tap 💬 Chat Support to reach a person.' },
      },
      { id: 'change_name', title: '✏️ Change name', description: 'Update the name we use', action: { type: 'rename' } },
    ],
  },
  hours: {
    away:
      'Hi {name}! 🌙 Our support team is away right now and will be back {next}.\n\n' +
      "Your chat is in the queue: write your question below and an agent will answer as soon as they are back. You can select 'End Chat' at any time.",
    acknowledgement:
      '✓ Your message has been sent to support.\n\n' +
      "Our team is away right now and will be back {next}; an agent will answer then. You can continue typing or select 'End Chat' to exit.",
    today: 'today at {time}',
    tomorrow: 'tomorrow at {time}',
    thisWeek: 'on {weekday} at {time}',
    later: 'on {weekday} {date} at {time}',
    unknown: 'as soon as possible',
    weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  },
  csat: {
    question: 'How was your chat with our support team? Please rate it.',
    listButton: 'Rate the chat',
    sectionTitle: 'Your rating',
    ratings: [
      { rating: 5, title: '⭐⭐⭐⭐⭐ Excellent' },
      { rating: 4, title: '⭐⭐⭐⭐ Good' },
      { rating: 3, title: '⭐⭐⭐ Okay' },
      { rating: 2, title: '⭐⭐ Poor' },
      { rating: 1, title: '⭐ Very poor' },
    ],
    commentPrompt: 'Thank you! Anything you would like to tell us? Type it below, or tap Skip.',
    skipButton: { id: 'csat_skip', title: 'Skip' },
    thanks: 'Thank you for your feedback! 🙏',
  },
  languages: {
    body: 'Which language would you like me to use?',
    listButton: 'Languages',
    sectionTitle: 'Languages',
    changed: 'Done! I will write to you in English. ✅',
  },
  help: "Sorry, I didn't get that. 🤔\n\nTo talk to a person, tap 💬 Chat Support or type \"chat support\".",
  keywords: {
    supportExact: ['chat support'],
    support: ['support', 'chat', 'help me', 'agent', 'human', 'talk to someone'],
    endChat: ['end chat', 'close', 'done', 'quit chat', 'exit'],
    menu: ['menu', 'main menu', 'hi', 'hello', 'hey', 'start'],
    language: ['language', 'languages', 'change language', 'langue', 'français', 'francais', 'english'],
  },
};
