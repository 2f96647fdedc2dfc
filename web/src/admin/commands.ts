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
  /** Listed only once something typed matches it (not in the palette's opening list). */
  searchOnly?: boolean;
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
  /** The analytics dashboard. */
  openAnalytics(): void;
  /** The settings pages this agent may open, in the menu's order. */
  settingsPages: ReadonlyArray<{ id: string; label: string; open(): void }>;
  /** The reply box in Note mode (only agents see it). */
  writeNote(): void;
  canResolve: boolean;
  canReopen: boolean;
  canSnooze: boolean;
  resolve(): void;
  reopen(): void;
  snoozeChoices: ReadonlyArray<{ choice: string; title: string; run(): void }>;
  /** The open conversation's exports (JSON, CSV, printable page); empty when none is open. */
  exportChoices: ReadonlyArray<{ format: string; title: string; run(): void }>;
  /** Shows a view of the list (status, assignee); `{}` shows everything. */
  showView(view: { status?: string; assignee?: string }): void;
}

export function inboxCommands(c: CommandContext): Command[] {
  const commands: Array<Command | false> = [
    c.canReply && { id: 'reply', title: `Reply to ${c.openName}`, keys: 'r', keywords: 'focus write answer type message', run: c.focusReply },
    c.openName !== null && { id: 'note', title: 'Write a note', keywords: 'internal private comment mention colleague team', run: c.writeNote },
    c.canTake && { id: 'assign-to-me', title: 'Assign the chat to me', keys: 'a', keywords: 'take claim mine', run: c.assignToMe },
    c.canEnd && { id: 'end-chat', title: `End the chat with ${c.openName}`, keys: 'e', keywords: 'close finish resolve stop', run: c.endChat },
    c.openName !== null && c.canResolve && { id: 'resolve', title: `Resolve the conversation with ${c.openName}`, keywords: 'done close finish status', run: c.resolve },
    c.openName !== null && c.canReopen && { id: 'reopen', title: `Reopen the conversation with ${c.openName}`, keywords: 'open again wake status', run: c.reopen },
    ...(c.openName !== null && c.canSnooze
      ? c.snoozeChoices.map((s) => ({ id: `snooze-${s.choice}`, title: `Snooze ${s.title.toLowerCase()}`, keywords: 'later aside status remind', run: s.run }))
      : []),
    ...c.exportChoices.map((e) => ({ id: `export-${e.format}`, title: e.title, keywords: 'export download save print transcript backup', run: e.run })),
    c.othersWaiting > 0 && { id: 'next-waiting', title: 'Next waiting chat', keywords: 'queue unanswered open', run: c.nextWaiting },
    c.othersWaiting > 0 && { id: 'previous-waiting', title: 'Previous waiting chat', keywords: 'queue unanswered open', run: c.previousWaiting },
    { id: 'list', title: 'Go to the conversation list', keys: c.openName ? 'Esc' : undefined, keywords: 'back close inbox', run: c.goToList },
    { id: 'view-open', title: 'Show open conversations', keywords: 'view filter status', run: () => c.showView({ status: 'open' }) },
    { id: 'view-snoozed', title: 'Show snoozed conversations', keywords: 'view filter status later', run: () => c.showView({ status: 'snoozed' }) },
    { id: 'view-resolved', title: 'Show resolved conversations', keywords: 'view filter status done closed', run: () => c.showView({ status: 'resolved' }) },
    { id: 'view-mine', title: 'Show my conversations', keywords: 'view filter assigned me', run: () => c.showView({ assignee: 'me' }) },
    { id: 'view-unassigned', title: 'Show unassigned chats', keywords: 'view filter nobody', run: () => c.showView({ assignee: 'none' }) },
    { id: 'view-all', title: 'Show all conversations (clear the view)', keywords: 'view filter reset everything', run: () => c.showView({}) },
    { id: 'search', title: 'Search conversations', keys: '/', keywords: 'find filter', run: c.focusSearch },
    { id: 'analytics', title: 'Open the analytics dashboard', keywords: 'dashboard reports figures statistics charts ratings csat', run: c.openAnalytics },
    ...c.settingsPages.slice(0, 1).map((page) => ({ id: 'settings', title: 'Open the settings', keywords: 'preferences configure options admin', run: page.open })),
    ...c.settingsPages.map((page) => ({
      id: `settings-${page.id}`, title: `Settings: ${page.label}`, keywords: 'preferences configure options admin', searchOnly: true, run: page.open,
    })),
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
