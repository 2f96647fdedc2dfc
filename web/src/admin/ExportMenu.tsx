import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { EXPORT_CHOICES, exportLink } from './export-links';
import './export-menu.css';

/** "Export ▾" in the conversation's header: JSON, CSV or a printable page of the whole history. */
export function ExportMenu({ phone }: { phone: string }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLAnchorElement>(null);
  // React's autoFocus covers form controls only; the entries are links.
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('[role="menuitem"]')];
    const at = items.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      items[(at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
    }
  };
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
