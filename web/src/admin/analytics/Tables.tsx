import type { AnalyticsAgent, AnalyticsDay } from '@contract/analytics';
import { CsvButton } from './CsvButton';
import { count, dayLabel, duration, rating } from './figures';

interface Named {
  /** The CSV's file name without `.csv`: what and which days ("wadesk-per-day-2026-03-01-2026-03-31"). */
  fileStem: string;
}

/** Every day of the range: the figures behind the two charts. */
export function PerDayTable({ days, fileStem }: { days: AnalyticsDay[] } & Named) {
  return (
    <section className="analytics-card" aria-labelledby="per-day-title">
      <div className="card-head">
        <h2 id="per-day-title">Day by day</h2>
        <CsvButton
          what="day by day" filename={`${fileStem}.csv`}
          header={['date', 'chats_started', 'chats_answered', 'chats_missed', 'first_response_median_seconds', 'csat_average']}
          rows={() => days.map((d) => [d.date, d.chats_started, d.chats_answered, d.chats_missed, d.first_response_median_seconds, d.csat_average])}
        />
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Day by day, table">
        <table className="analytics-table" aria-labelledby="per-day-title">
          <thead>
            <tr><th scope="col">Day</th><th scope="col">Started</th><th scope="col">Answered</th><th scope="col">Missed</th><th scope="col">Median first response</th><th scope="col">Rating</th></tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date} className={d.chats_started === 0 ? 'quiet' : undefined}>
                <th scope="row"><time dateTime={d.date}>{dayLabel(d.date)}</time></th>
                <td>{count(d.chats_started)}</td>
                <td>{count(d.chats_answered)}</td>
                <td>{count(d.chats_missed)}</td>
                <td>{duration(d.first_response_median_seconds)}</td>
                <td>{rating(d.csat_average)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Each agent with chats in the range (most first), then the chats nobody was assigned. */
export function PerAgentTable({ agents, fileStem }: { agents: AnalyticsAgent[] } & Named) {
  return (
    <section className="analytics-card" aria-labelledby="per-agent-title">
      <div className="card-head">
        <h2 id="per-agent-title">Per agent</h2>
        <CsvButton
          what="per agent" filename={`${fileStem}.csv`}
          header={['agent_id', 'agent_name', 'chats', 'answered', 'first_response_median_seconds', 'resolution_median_seconds', 'csat_average', 'csat_count']}
          rows={() => agents.map((a) => [a.agent_id, a.agent_name ?? 'Unassigned', a.chats, a.answered, a.first_response_median_seconds, a.resolution_median_seconds, a.csat_average, a.csat_count])}
        />
      </div>
      <p className="hint" id="per-agent-hint">First response and resolution are medians; the rating is the average, with how many rated.</p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Per agent, table">
        <table className="analytics-table" aria-labelledby="per-agent-title" aria-describedby="per-agent-hint">
          <thead>
            <tr>
              <th scope="col">Agent</th><th scope="col">Chats</th><th scope="col">Answered</th><th scope="col">First response</th>
              <th scope="col">Resolution</th><th scope="col">Rating</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.agent_id ?? 'unassigned'}>
                <th scope="row" className={a.agent_id === null ? 'muted' : undefined}>{a.agent_name ?? 'Unassigned'}</th>
                <td>{count(a.chats)}</td>
                <td>{count(a.answered)}</td>
                <td>{duration(a.first_response_median_seconds)}</td>
                <td>{duration(a.resolution_median_seconds)}</td>
                <td>{a.csat_count > 0 ? `${rating(a.csat_average)} (${count(a.csat_count)})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
