import type { ChatRating, PastChat } from '@contract/conversations';
import { fullTime, messageTime } from '../shared/time';
import './recent-chats.css';

/** Why a rating was not asked, as the server records it (`skip_reason`). */
const NOT_RATED: Record<string, string> = {
  window_closed: 'Not rated: the 24-hour window had closed',
  template_unavailable: 'Not rated: the CSAT template is unavailable',
  not_answered: 'Not asked to rate: nobody answered',
};

/** The latest ended chats of a contact, newest first: when, who answered, and how the user rated it. */
export function RecentChats({ chats, me }: { chats: PastChat[]; me: string | null }) {
  if (chats.length === 0) return null;
  return (
    <section className="recent-chats" aria-labelledby="recent-chats-heading">
      <h3 id="recent-chats-heading">Recent chats</h3>
      <ol>
        {chats.map((chat) => (
          <li key={chat.id} className="recent-chat">
            <div className="recent-chat-head">
              <time dateTime={chat.started_at} title={`${fullTime(chat.started_at)} – ${fullTime(chat.ended_at)}`}>{chatDay(chat.started_at)}</time>
              <span className="recent-chat-who">{answeredBy(chat, me)}</span>
              {chat.rating?.rating ? <Stars rating={chat.rating.rating} /> : null}
            </div>
            {chat.rating ? <RatingLine rating={chat.rating} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** "Today 09:14" or "Mon 2 Dec 09:14": a list of past chats needs the day even for today's. */
function chatDay(iso: string): string {
  const shown = messageTime(iso);
  return new Date(iso).toDateString() === new Date().toDateString() ? `Today ${shown}` : shown;
}

function answeredBy(chat: PastChat, me: string | null): string {
  if (chat.first_response_at === null) return 'nobody answered';
  if (chat.assigned_agent_id !== null && chat.assigned_agent_id === me) return 'You';
  return chat.assigned_agent_name ?? 'an agent';
}

/** ★★★★☆, read out as "Rated 4 out of 5". */
function Stars({ rating }: { rating: number }) {
  const label = `Rated ${rating} out of 5`;
  return (
    <span className="stars" role="img" aria-label={label} title={label}>
      {'★'.repeat(rating)}<span className="stars-off">{'☆'.repeat(5 - rating)}</span>
    </span>
  );
}

/** The comment, quoted; or where the rating stands when there is none yet. */
function RatingLine({ rating }: { rating: ChatRating }) {
  if (rating.status === 'rated') return rating.comment ? <q className="recent-chat-comment">{rating.comment}</q> : null;
  if (rating.status === 'asked') return <p className="recent-chat-note">Rating asked, no answer yet</p>;
  return <p className="recent-chat-note">{(rating.skip_reason && NOT_RATED[rating.skip_reason]) ?? 'Not rated'}</p>;
}
