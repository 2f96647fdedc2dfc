/**
 * What the command palette (Ctrl/⌘-K) offers. The palette lists `inboxCommands(…)` in this order, then
 * the conversations that match what was typed. To offer something new — Settings, a label, snooze… —
 * add an entry to the array below (and what it needs to `CommandContext`); nothing else changes.
 */
export interface Command {
  /** Stable, unique: the option's id in the list. */
  id: string;
  title: string;
  /** Its own key, shown beside it ("r"). */
  keys?: string;
  /** Other words it is found by. */
  keywords?: string;
  run(): void;
}

export interface CommandContext {
  /** The open conversation's contact, if one is open. */
  openName: string | null;
  canReply: boolean;
  canEnd: boolean;
  canTake: boolean;
  /** Chats waiting for me (besides the open one). */
  othersWaiting: number;
  focusReply(): void;
  endChat(): void;
  assignToMe(): void;
  nextWaiting(): void;
  previousWaiting(): void;
  goToList(): void;
  focusSearch(): void;
  showShortcuts(): void;
  signOut(): void;
}

export function inboxCommands(c: CommandContext): Command[] {
  const commands: Array<Command | false> = [
    c.canReply && { id: 'reply', title: `Reply to ${c.openName}`, keys: 'r', keywords: 'focus write answer type message', run: c.focusReply },
    c.canTake && { id: 'assign-to-me', title: 'Assign the chat to me', keys: 'a', keywords: 'take claim mine', run: c.assignToMe },
    c.canEnd && { id: 'end-chat', title: `End the chat with ${c.openName}`, keys: 'e', keywords: 'close finish resolve stop', run: c.endChat },
    c.othersWaiting > 0 && { id: 'next-waiting', title: 'Next waiting chat', keywords: 'queue unanswered open', run: c.nextWaiting },
    c.othersWaiting > 0 && { id: 'previous-waiting', title: 'Previous waiting chat', keywords: 'queue unanswered open', run: c.previousWaiting },
    { id: 'list', title: 'Go to the conversation list', keys: c.openName ? 'Esc' : undefined, keywords: 'back close inbox', run: c.goToList },
    { id: 'search', title: 'Search conversations', keys: '/', keywords: 'find filter', run: c.focusSearch },
    { id: 'shortcuts', title: 'Keyboard shortcuts', keys: '?', keywords: 'help keys', run: c.showShortcuts },
    { id: 'sign-out', title: 'Sign out', keywords: 'log out logout leave', run: c.signOut },
  ];
  return commands.filter((command): command is Command => command !== false);
}

/** Every word typed is in the command's title or keywords. */
export function matches(command: Command, query: string): boolean {
  const haystack = `${command.title} ${command.keywords ?? ''}`.toLowerCase();
  return query.toLowerCase().split(/\s+/).every((word) => haystack.includes(word));
}
