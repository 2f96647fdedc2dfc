import type { ContactCard, Location, OfferedChoices, QuotedMessage, Reaction } from '@contract/conversations';
import { mapLink } from '../shared/message-format';
import { messageRowId, quoteExcerpt } from './message-display';

/** What a reply quotes, above it; when the quoted message is on screen, a click scrolls to it. */
export function Quote({ quoted, author, loaded }: { quoted: QuotedMessage; author: string; loaded: boolean }) {
  const inner = (
    <>
      <span className="quote-author">{author}</span>
      <span className="quote-text">{quoteExcerpt(quoted)}</span>
    </>
  );
  if (!loaded) return <blockquote className="quote">{inner}</blockquote>;
  return (
    <button
      type="button"
      className="quote"
      title="Show the quoted message"
      onClick={() => {
        const row = document.getElementById(messageRowId(quoted.id));
        row?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        row?.focus({ preventScroll: true });
        row?.classList.add('flash');
        row?.addEventListener('animationend', () => row.classList.remove('flash'), { once: true });
      }}
    >
      {inner}
    </button>
  );
}

export function Place({ location }: { location: Location }) {
  const { latitude, longitude, name, address } = location;
  return (
    <a className="place" href={mapLink(latitude, longitude)} target="_blank" rel="noopener noreferrer">
      <span aria-hidden="true">📍</span>
      <span>
        <strong>{name ?? 'Location'}</strong>
        {address ? <span className="place-line">{address}</span> : null}
        <span className="place-line">{latitude}, {longitude} · Open map</span>
      </span>
    </a>
  );
}

export function ContactCards({ cards }: { cards: ContactCard[] }) {
  return (
    <ul className="contact-cards" aria-label="Shared contacts">
      {cards.map((card, i) => (
        <li key={i} className="contact-card">
          <span aria-hidden="true">👤</span>
          <span>
            <strong>{card.name}</strong>
            {card.phones.map((phone) => <span key={phone} className="place-line">{phone}</span>)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The buttons or list rows the bot offered, as the user saw them (for reading; the agent cannot tap them). */
export function Choices({ choices }: { choices: OfferedChoices }) {
  return (
    <div className="choices" aria-label={choices.button ? `List offered: ${choices.button}` : 'Buttons offered'}>
      {choices.button ? <span className="choices-button">☰ {choices.button}</span> : null}
      <ul>
        {choices.items.map((item) => (
          <li key={item.id} className="choice">
            {item.title}
            {item.description ? <span className="choice-description"> — {item.description}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Reactions({ reactions, userName }: { reactions: Reaction[]; userName: string }) {
  const who = (r: Reaction) => (r.sender === 'agent' ? 'the support team' : userName);
  return (
    <p className="reactions" aria-label={`Reactions: ${reactions.map((r) => `${r.emoji} from ${who(r)}`).join(', ')}`}>
      {reactions.map((r, i) => (
        <span key={`${r.sender}-${i}`} className={`reaction ${r.sender}`} title={`${r.emoji} from ${who(r)}`}>{r.emoji}</span>
      ))}
    </p>
  );
}
