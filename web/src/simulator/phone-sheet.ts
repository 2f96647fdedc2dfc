import { useEffect, type RefObject } from 'react';

/**
 * Opens a sheet (a modal dialog) and keeps it rising from the bottom of the phone it belongs to, as on a
 * real phone, rather than from the bottom of the page: a modal sits in the page's top layer, so its place
 * is set from the phone's box, again when the window changes size.
 */
export function usePhoneSheet(dialog: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const sheet = dialog.current;
    if (!sheet) return;
    const place = () => {
      const phone = sheet.closest('.phone') ?? document.querySelector('.phone');
      if (!phone) return;
      const box = phone.getBoundingClientRect();
      // Inside the phone's 10 px frame.
      Object.assign(sheet.style, {
        margin: '0',
        maxWidth: 'none',
        borderRadius: '16px 16px 26px 26px',
        left: `${box.left + 10}px`,
        width: `${box.width - 20}px`,
        top: 'auto',
        bottom: `${Math.max(0, window.innerHeight - box.bottom + 10)}px`,
        maxHeight: `${Math.max(200, Math.round((box.height - 20) * 0.8))}px`,
      });
    };
    place();
    sheet.showModal();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [dialog]);
}
