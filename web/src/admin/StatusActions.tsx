import type { ConversationItem } from '@contract/conversations';
import { SNOOZE_CHOICES, statusLine } from './team';
import { useMenuButton } from './useMenuButton';
import type { StatusActionsApi } from './useStatusActions';

/** The header's status, with Snooze (a small menu), Resolve and Reopen. */
export function StatusActions({ conversation, actions }: { conversation: ConversationItem; actions: StatusActionsApi }) {
  const { open: menu, setOpen: setMenu, button, onMenuKey } = useMenuButton();
  return (
    <span className="status-actions">
      <span className={`status-tag status-${conversation.status}`} data-testid="conversation-status">{statusLine(conversation.status, conversation.snoozed_until)}</span>
      {actions.canSnooze ? (
        <span className="menu-anchor">
          <button ref={button} type="button" className="btn" aria-haspopup="menu" aria-expanded={menu} onClick={() => setMenu((v) => !v)} disabled={actions.busy}>
            Snooze ▾
          </button>
          {menu ? (
            <div className="menu" role="menu" aria-label="Snooze" onKeyDown={onMenuKey} onBlur={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null) && e.relatedTarget !== button.current) setMenu(false);
            }}>
              {SNOOZE_CHOICES.map(({ choice, title }, i) => (
                <button key={choice} type="button" role="menuitem" className="menu-item" autoFocus={i === 0} onClick={() => {
                  setMenu(false);
                  actions.snooze(choice);
                }}>{title}</button>
              ))}
            </div>
          ) : null}
        </span>
      ) : null}
      {actions.canReopen ? <button type="button" className="btn" onClick={actions.reopen} disabled={actions.busy}>Reopen</button> : null}
      {actions.canResolve ? <button type="button" className="btn" onClick={actions.resolve} disabled={actions.busy}>Resolve</button> : null}
    </span>
  );
}
