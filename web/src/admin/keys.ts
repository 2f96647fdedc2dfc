/** The inbox's keys, as the `?` overlay lists them and the hints show them. useShortcuts.ts does what they say. */

/** ⌘ on a Mac, Ctrl elsewhere: what opens the command palette with K. */
export const MOD_KEY = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent) ? '⌘' : 'Ctrl';

export interface KeyHelp {
  keys: string[];
  does: string;
}

export const KEY_GROUPS: ReadonlyArray<{ title: string; keys: KeyHelp[] }> = [
  {
    title: 'Anywhere',
    keys: [
      { keys: [`${MOD_KEY} K`], does: 'Command palette: every action, and any conversation by name, number or words' },
      { keys: ['?'], does: 'This list' },
      { keys: ['/'], does: 'Search conversations' },
      { keys: ['Esc'], does: 'Leave the text field; then close the dialog or the conversation' },
    ],
  },
  {
    title: 'Conversation list',
    keys: [
      { keys: ['j', '↓'], does: 'Next conversation' },
      { keys: ['k', '↑'], does: 'Previous conversation' },
      { keys: ['Enter'], does: 'Open it (the reply box stays closed until you press r)' },
    ],
  },
  {
    title: 'Open conversation',
    keys: [
      { keys: ['r'], does: 'Reply: into the reply box' },
      { keys: ['a'], does: 'Assign the chat to me' },
      { keys: ['e'], does: 'End the chat (asks first)' },
      { keys: ['Enter'], does: 'In the reply box: send' },
      { keys: ['Shift Enter'], does: 'In the reply box: new line' },
      { keys: ['/'], does: 'At the start of the reply box: canned replies (↑ ↓ choose, Enter inserts, Esc closes)' },
      { keys: ['Tab', '←', '→'], does: 'From the reply box to its Reply | Note switch under it, and between the two' },
      { keys: ['@'], does: 'In a note: mention a colleague' },
    ],
  },
  {
    title: 'Messages (Esc from the reply box)',
    keys: [
      { keys: ['↑', '↓'], does: 'Previous / next message' },
      { keys: ['Home', 'End'], does: 'First / last message' },
      { keys: ['r'], does: 'Reply quoting the message' },
      { keys: ['Enter'], does: "Show a bot message in full, or fold it again" },
      { keys: ['Tab'], does: "The message's Reply and React buttons" },
    ],
  },
];

/** Single letters never type into a text field: they act only when focus is elsewhere. */
export const LETTERS_NOTE = 'Letter keys work only when the cursor is not in a text field; Esc leaves the field.';
