import { useEffect, useEffectEvent } from 'react';

export interface ShortcutActions {
  focusReply(): void;
  endChat(): void;
  assignToMe(): void;
  focusSearch(): void;
  showShortcuts(): void;
  openPalette(): void;
  /** Esc outside a text field: close the open conversation. */
  closeChat(): void;
  /** Esc in a text field of the open conversation (the reply box): leave it, keeping what is typed. */
  leaveField(): void;
}

/** Where typing goes: a letter pressed here is text, never a shortcut. */
export const isTextField = (el: Element | null) =>
  !!el && (!!el.closest('input, textarea, select') || (el instanceof HTMLElement && el.isContentEditable));

const dialogOpen = () => !!document.querySelector('dialog[open]');

/** Moves focus to the next/previous conversation row (j/k, ↓/↑); Enter then opens it (it is a button). */
function moveInList(step: 1 | -1): void {
  const rows = [...document.querySelectorAll<HTMLElement>('[data-conversation-row]')];
  if (rows.length === 0) return;
  const focused = rows.indexOf(document.activeElement as HTMLElement);
  const from = focused >= 0 ? focused : rows.findIndex((row) => row.getAttribute('aria-current') === 'true');
  const next = from < 0 ? (step === 1 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, from + step));
  rows[next]?.focus();
}

/**
 * The inbox's keyboard (keys.ts lists it for people). Ctrl/⌘-K opens the palette from anywhere. The
 * single keys — j/k or arrows move in the list, r replies, a assigns the chat to me, e ends the chat,
 * / searches, ? lists the keys — act only when focus is not in a text field, no dialog is open and no
 * modifier is held: a letter typed in the reply box is text for the customer, never a command. Esc leaves
 * the reply box (for the messages), then closes the conversation; a dialog closes itself on Esc first.
 */
export function useShortcuts(actions: ShortcutActions): void {
  // One listener for the page's lifetime; it always runs the latest actions.
  const run = useEffectEvent((action: keyof ShortcutActions) => actions[action]());
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const target = event.target instanceof Element ? event.target : null;
      const handle = (action: keyof ShortcutActions | (() => void)) => {
        event.preventDefault();
        if (typeof action === 'function') action();
        else run(action);
      };
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        // Also from the reply box: a chord types nothing. The palette closes itself on a second Ctrl/⌘-K.
        if (!dialogOpen()) handle('openPalette');
        return;
      }
      if (dialogOpen()) return;
      if (event.key === 'Escape') {
        if (!isTextField(target)) handle('closeChat');
        else if (target?.closest('.conversation-pane')) handle('leaveField');
        return;
      }
      if (event.altKey || event.ctrlKey || event.metaKey || isTextField(target)) return;
      // Arrows keep scrolling the conversation; they move in the list only when focus is there (or nowhere).
      const inList = !!target?.closest('.list-pane') || target === document.body;
      if (event.key === 'j' || (event.key === 'ArrowDown' && inList)) handle(() => moveInList(1));
      else if (event.key === 'k' || (event.key === 'ArrowUp' && inList)) handle(() => moveInList(-1));
      else if (event.key === 'r') handle('focusReply');
      else if (event.key === 'e') handle('endChat');
      else if (event.key === 'a') handle('assignToMe');
      else if (event.key === '/') handle('focusSearch');
      else if (event.key === '?') handle('showShortcuts');
    };
    addEventListener('keydown', onKeyDown);
    return () => removeEventListener('keydown', onKeyDown);
  }, []);
}
