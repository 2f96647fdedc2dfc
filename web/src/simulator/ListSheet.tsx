import { useRef } from 'react';
import { usePhoneSheet } from './phone-sheet';
import type { TranscriptEntry } from '@contract/simulator';

interface Props {
  list: NonNullable<TranscriptEntry['list']>;
  onPick(rowId: string): void;
  onClose(): void;
}

/** A list message's rows, in a sheet that rises from the bottom as on the phone. Esc closes it. */
export function ListSheet({ list, onPick, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  usePhoneSheet(dialog);
  return (
    <dialog ref={dialog} className="sheet" aria-labelledby="sheet-title" onClose={onClose}>
      <div className="sheet-head">
        <h2 id="sheet-title">{list.button}</h2>
        <button type="button" className="btn link" onClick={() => dialog.current?.close()} aria-label="Close list">✕</button>
      </div>
      {list.sections.map((section, i) => (
        <section key={i} aria-label={section.title ?? list.button}>
          {section.title ? <h3 className="sheet-section">{section.title}</h3> : null}
          <ul className="sheet-rows">
            {section.rows.map((row) => (
              <li key={row.id}>
                <button type="button" className="sheet-row" onClick={() => onPick(row.id)}>
                  <span className="sheet-row-title">{row.title}</span>
                  {row.description ? <span className="sheet-row-description">{row.description}</span> : null}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </dialog>
  );
}
