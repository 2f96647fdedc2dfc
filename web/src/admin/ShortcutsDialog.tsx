import { KEY_GROUPS, LETTERS_NOTE } from './keys';
import { useModalDialog } from './useModalDialog';

/** `?`: every key of the inbox. Esc or Close shuts it, and focus goes back where it was. */
export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const dialog = useModalDialog();
  return (
    <dialog ref={dialog} className="dialog shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p className="muted">{LETTERS_NOTE}</p>
      {KEY_GROUPS.map((group, i) => (
        <section key={group.title} aria-labelledby={`keys-${i}`}>
          <h3 id={`keys-${i}`}>{group.title}</h3>
          <dl className="key-list">
            {group.keys.map((help) => (
              <div key={help.does} className="key-row">
                <dt>{help.keys.map((key, k) => <span key={key}>{k > 0 ? ' or ' : null}<kbd>{key}</kbd></span>)}</dt>
                <dd>{help.does}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => dialog.current?.close()} autoFocus>Close</button>
      </div>
    </dialog>
  );
}
