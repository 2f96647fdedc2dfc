import type { Analytics } from '@contract/analytics';
import { count, rating, share } from './figures';

const STARS = [5, 4, 3, 2, 1] as const;

/** How many chats got each rating, as bars drawn with HTML: the figures are the text of each bar. */
export function CsatBars({ csat }: { csat: Analytics['csat'] }) {
  const most = Math.max(1, ...STARS.map((s) => csat.distribution[s]));
  if (csat.count === 0) return <p className="muted empty-chart">No chat of this range was rated.</p>;
  return (
    <figure className="csat-figure">
      <ul className="csat-bars">
        {STARS.map((stars) => {
          const n = csat.distribution[stars];
          return (
            <li key={stars}>
              <span className="csat-stars">{stars} <span aria-label={stars === 1 ? 'star' : 'stars'}>★</span></span>
              <span className="csat-track" aria-hidden="true"><span className={`csat-fill stars-${stars}`} style={{ width: `${(n / most) * 100}%` }} /></span>
              <span className="csat-count">{count(n)}<span className="muted"> · {share(n, csat.count)}</span></span>
            </li>
          );
        })}
      </ul>
      <figcaption className="muted">Average {rating(csat.average)} from {count(csat.count)} {csat.count === 1 ? 'rating' : 'ratings'}.</figcaption>
    </figure>
  );
}
