export interface Suggestion {
  id: string;
  label: string;
  hint?: string;
}

interface Props {
  id: string;
  label: string;
  options: Suggestion[];
  active: number;
  onPick(index: number): void;
}

/**
 * What the text box offers as one types (`@` colleagues, `/` canned replies): a listbox the box drives
 * with ↑/↓, Enter and Esc (aria-activedescendant), so focus never leaves the text.
 */
export function Suggestions({ id, label, options, active, onPick }: Props) {
  return (
    <ul id={id} className="suggestions" role="listbox" aria-label={label}>
      {options.length === 0 ? <li className="suggestion-empty" role="presentation">Nothing matches</li> : null}
      {options.map((option, i) => (
        <li
          key={option.id}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className="suggestion"
          // mousedown, not click: the text box keeps focus.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(i);
          }}
        >
          <span className="suggestion-label">{option.label}</span>
          {option.hint ? <span className="suggestion-hint">{option.hint}</span> : null}
        </li>
      ))}
    </ul>
  );
}
