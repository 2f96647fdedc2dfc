import type { Analytics } from '@contract/analytics';
import { count, duration, rating, share } from './figures';

interface Tile {
  label: string;
  value: string;
  note?: string | null;
}

/** The key figures of the range, one tile each. */
export function Tiles({ data }: { data: Analytics }) {
  const tiles: Tile[] = [
    { label: 'Chats started', value: count(data.chats_started) },
    { label: 'Answered', value: count(data.chats_answered), note: share(data.chats_answered, data.chats_started) && `${share(data.chats_answered, data.chats_started)} of started` },
    { label: 'Missed', value: count(data.chats_missed), note: 'ended without a reply' },
    {
      label: 'First response', value: duration(data.first_response_seconds.median),
      note: data.first_response_seconds.p90 === null ? 'median' : `median · 90 % within ${duration(data.first_response_seconds.p90)}`,
    },
    {
      label: 'Resolution', value: duration(data.resolution_seconds.median),
      note: data.resolution_seconds.p90 === null ? 'median' : `median · 90 % within ${duration(data.resolution_seconds.p90)}`,
    },
    { label: 'Messages per chat', value: data.messages_per_chat === null ? '—' : data.messages_per_chat.toFixed(1), note: 'from the user and agents' },
    {
      label: 'Rating', value: data.csat.count === 0 ? '—' : `${rating(data.csat.average)} / 5`,
      note: data.csat.count === 0 ? 'no ratings' : `${count(data.csat.count)} ${data.csat.count === 1 ? 'rating' : 'ratings'}`,
    },
  ];
  return (
    <dl className="tiles">
      {tiles.map((tile) => (
        <div key={tile.label} className="tile">
          <dt>{tile.label}</dt>
          <dd className="tile-value">{tile.value}</dd>
          {tile.note ? <dd className="tile-note">{tile.note}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
