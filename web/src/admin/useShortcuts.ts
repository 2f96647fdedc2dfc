import { useEffect, useEffectEvent } from 'react';

export interface ShortcutActions {
  focusReply(): void;
  endChat(): void;
  assignToMe(): void;
  focusSearch(): void;
}

const isTyping = (el: Element | null) => !!el?.closest('input, textarea, select, [contenteditable="true"]');

/** Moves focus to the next/previous conversation row (j/k, ↓/↑); Enter then opens it (it is a button). */
function moveInList(step: 1 | -1): void {
  const rows = [...document.querySelectorAll<HTMLElement>('[data-conversation-row]')];
  if (rows.length === 0) return;
  const focused = rows.indexOf(document.activeElement as HTMLElement);
  const from = focused >= 0 ? focused : rows.findIndex((row) => row.getAttribute('aria-current') === 'true');
  const next = from < 0 ? (step === 1 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, from + step));
  rows[next]?.focus();
}

/** The inbox's keyboard: j/k or arrows move in the list, r replies, a assigns the chat to me, e ends the chat, / searches. */
export function useShortcuts(actions: ShortcutActions): void {
  // One listener for the page's lifetime; it always runs the latest actions.
  const run = useEffectEvent((action: keyof ShortcutActions) => actions[action]());
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTyping(event.target as Element) || document.querySelector('dialog[open]')) return;
      // Arrows keep scrolling the conversation; they move in the list only when focus is there (or nowhere).
      const inList = !!(event.target as Element).closest?.('.list-pane') || event.target === document.body;
      const handle = (action: () => void) => {
        event.preventDefault();
        action();
      };
      if (event.key === 'j' || (event.key === 'ArrowDown' && inList)) handle(() => moveInList(1));
      else if (event.key === 'k' || (event.key === 'ArrowUp' && inList)) handle(() => moveInList(-1));
      else if (event.key === 'r') handle(() => run('focusReply'));
      else if (event.key === 'e') handle(() => run('endChat'));
      else if (event.key === 'a') handle(() => run('assignToMe'));
      else if (event.key === '/') handle(() => run('focusSearch'));
    };
    addEventListener('keydown', onKeyDown);
    return () => removeEventListener('keydown', onKeyDown);
  }, []);
}
