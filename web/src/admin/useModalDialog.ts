import { useEffect, useRef } from 'react';

/**
 * A modal `<dialog>` shown for as long as the component is mounted: the browser keeps focus inside it and
 * closes it on Esc (its `close` event: unmount it then). When it goes, focus returns to where it was — or,
 * when that element is gone meanwhile (the reply box of a chat that just ended), to `fallback()`.
 */
export function useModalDialog(fallback?: () => HTMLElement | null) {
  const dialog = useRef<HTMLDialogElement>(null);
  const fallbackRef = useRef(fallback);
  useEffect(() => {
    fallbackRef.current = fallback;
  });
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    dialog.current?.showModal();
    return () => {
      const back = before?.isConnected ? before : (fallbackRef.current?.() ?? null);
      back?.focus();
    };
  }, []);
  return dialog;
}
