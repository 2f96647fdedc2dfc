import { useRef, useState, type KeyboardEvent } from 'react';
import type { LabelItem } from '@contract/team';
import { useSetLabels } from './actions';

interface Props {
  phone: string;
  /** The labels the conversation carries. */
  current: string[];
  labels: LabelItem[];
  onError(message: string | null): void;
}

/** "Labels ▾": a checkbox per label; each tick or untick saves at once. */
export function LabelPicker({ phone, current, labels, onError }: Props) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const save = useSetLabels(phone);
  // Ticked at once; the server's answer (and the refetch) confirms it, or the error puts it back.
  const [ticked, setTicked] = useState<string[] | null>(null);
  const shown = ticked ?? current;
  const toggle = async (name: string, on: boolean) => {
    onError(null);
    const next = [...new Set(on ? [...shown, name] : shown.filter((n) => n !== name))].sort();
    setTicked(next);
    try {
      await save.mutateAsync(next);
    } catch (err) {
      onError((err as Error).message);
    } finally {
      setTicked(null);
    }
  };
  // On the picker and on its button: with no labels yet focus stays on the button, and Esc must close
  // the picker there too, not the conversation.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || !open) return;
    event.preventDefault();
    setOpen(false);
    button.current?.focus();
  };
  return (
    <span className="menu-anchor">
      <button ref={button} type="button" className="btn" aria-expanded={open} onClick={() => setOpen((v) => !v)} onKeyDown={onKeyDown}>Labels ▾</button>
      {open ? (
        <fieldset className="menu label-picker" onKeyDown={onKeyDown} onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null) && e.relatedTarget !== button.current) setOpen(false);
        }}>
          <legend className="visually-hidden">Labels of this conversation</legend>
          {labels.length === 0 ? <p className="muted label-picker-empty">No labels yet: an admin creates them under Settings → Labels.</p> : null}
          {labels.map((label, i) => (
            <label key={label.id} className="menu-item label-option">
              <input type="checkbox" checked={shown.includes(label.name)} autoFocus={i === 0}
                onChange={(e) => void toggle(label.name, e.target.checked)} />
              <span className="label-dot" style={{ background: label.color }} aria-hidden="true" />
              {label.name}
            </label>
          ))}
        </fieldset>
      ) : null}
    </span>
  );
}
