import { useEffect, useRef } from 'react';
import { useMenuButton } from './useMenuButton';
import { EXPORT_CHOICES, exportLink } from './export-links';
import './export-menu.css';

/** "Export ▾" in the conversation's header: JSON, CSV or a printable page of the whole history. */
export function ExportMenu({ phone }: { phone: string }) {
  const { open, setOpen, button, close, onMenuKey } = useMenuButton();
  const first = useRef<HTMLAnchorElement>(null);
  // React's autoFocus covers form controls only; the entries are links.
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  return (
    <span className="menu-anchor">
      <button ref={button} type="button" className="btn" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
        Export ▾
      </button>
      {open ? (
        <div className="menu" role="menu" aria-label="Export the conversation" onKeyDown={onMenuKey} onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null) && e.relatedTarget !== button.current) setOpen(false);
        }}>
          {EXPORT_CHOICES.map(({ format, title }, i) => (
            <a key={format} ref={i === 0 ? first : undefined} role="menuitem" className="menu-item export-item" {...exportLink(phone, format)} onClick={close}>
              {title}
            </a>
          ))}
        </div>
      ) : null}
    </span>
  );
}
