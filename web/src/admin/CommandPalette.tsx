import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { usePaused } from '../shared/usePaused';
import { matches, type Command } from './commands';
import { contactAddress, displayName } from './display';
import { conversationsQuery } from './inbox-queries';
import { MOD_KEY } from './keys';
import { useModalDialog } from './useModalDialog';

interface Props {
  commands: Command[];
  /** Opens a conversation found by the search (its number, or its id for a username-only contact). */
  onOpenConversation(phone: string): void;
  onClose(): void;
}

interface Option {
  id: string;
  label: string;
  detail?: string;
  keys?: string;
  run(): void;
}

const SEARCH_PAUSE_MS = 150;
const CONVERSATIONS_SHOWN = 8;

/**
 * Ctrl/⌘-K: one box that reaches every action (`commands.ts`) and any conversation, found by the same
 * search as the list (names, numbers, what was written). ↑/↓ choose, Enter runs, Esc closes; the list is
 * a listbox the box controls (`aria-activedescendant`), so focus never leaves the box.
 */
export function CommandPalette({ commands, onOpenConversation, onClose }: Props) {
  const dialog = useModalDialog();
  const ids = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const typed = query.trim();
  const search = usePaused(typed, SEARCH_PAUSE_MS);
  const found = useQuery({ ...conversationsQuery(search), enabled: search !== '' });

  // Only the answer to what is typed now: Enter must never open a chat an earlier search found.
  const conversations = typed !== '' && found.data?.search === typed ? found.data.conversations.slice(0, CONVERSATIONS_SHOWN) : [];
  const options: Option[] = [
    ...commands.filter((command) => (typed === '' ? !command.searchOnly : matches(command, typed))).map((command) => ({
      id: `${ids}-command-${command.id}`, label: command.title, keys: command.keys, run: command.run,
    })),
    ...conversations.map((c) => ({
      id: `${ids}-conversation-${c.id}`,
      label: `Open ${displayName(c)}`,
      detail: [contactAddress(c), c.preview?.text].filter(Boolean).join(' · '),
      run: () => onOpenConversation(c.phone_number ?? c.id),
    })),
  ];
  const current = options.length === 0 ? -1 : Math.min(active, options.length - 1);
  const activeId = options[current]?.id;

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const choose = (option: Option) => {
    // Closed first (focus goes back where it was), so that what the command focuses keeps the focus.
    flushSync(onClose);
    option.run();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0 && options.length > 0) {
      event.preventDefault();
      setActive((current + step + options.length) % options.length);
    } else if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault();
      const option = options[current];
      if (option) choose(option);
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      dialog.current?.close();
    }
  };

  const searching = typed !== '' && found.data?.search !== typed;
  return (
    <dialog ref={dialog} className="dialog palette" aria-label="Command palette" onClose={onClose}>
      <input
        className="input palette-input"
        role="combobox"
        aria-label="Command, or a conversation to open"
        aria-expanded="true"
        aria-controls={`${ids}-options`}
        aria-activedescendant={activeId}
        aria-autocomplete="list"
        placeholder="Type a command, or a name, number or words to open a conversation"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        autoFocus
      />
      <ul className="palette-options" role="listbox" id={`${ids}-options`} aria-label="Commands and conversations">
        {options.map((option, i) => (
          <li
            key={option.id}
            id={option.id}
            role="option"
            aria-selected={i === current}
            className="palette-option"
            onMouseMove={() => setActive(i)}
            onClick={() => choose(option)}
          >
            <span className="palette-label">{option.label}</span>
            {option.detail ? <span className="palette-detail">{option.detail}</span> : null}
            {option.keys ? <kbd className="palette-keys">{option.keys}</kbd> : null}
          </li>
        ))}
      </ul>
      <p className="palette-status muted" role="status">
        {found.error ? `Could not search the conversations: ${found.error.message}`
          : searching ? 'Searching conversations…' : options.length === 0 ? 'Nothing matches.' : ''}
      </p>
      <p className="palette-hint muted" aria-hidden="true">↑↓ choose · Enter run · Esc close · {MOD_KEY} K again closes</p>
    </dialog>
  );
}
