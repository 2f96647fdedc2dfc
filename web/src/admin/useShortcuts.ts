import { useEffect, useRef } from 'react';

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
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTyping(event.target as Element) || document.querySelector('dialog[open]')) return;
      // Arrows keep scrolling the conversation; they move in the list only when focus is there (or nowhere).
      const inList = !!(event.target as Element).closest?.('.list-pane') || event.target === document.body;
      const run = (action: () => void) => {
        event.preventDefault();
        action();
      };
      if (event.key === 'j' || (event.key === 'ArrowDown' && inList)) run(() => moveInList(1));
      else if (event.key === 'k' || (event.key === 'ArrowUp' && inList)) run(() => moveInList(-1));
      else if (event.key === 'r') run(() => latest.current.focusReply());
      else if (event.key === 'e') run(() => latest.current.endChat());
      else if (event.key === 'a') run(() => latest.current.assignToMe());
      else if (event.key === '/') run(() => latest.current.focusSearch());
    };
    addEventListener('keydown', onKeyDown);
    return () => removeEventListener('keydown', onKeyDown);
  }, []);
}
