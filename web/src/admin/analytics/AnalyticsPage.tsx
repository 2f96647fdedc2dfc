import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Analytics } from '@contract/analytics';
import type { Me } from '@contract/auth';
import { labelsQuery, teamQuery } from '../inbox-queries';
import { inPage } from '../useRoute';
import { analyticsQuery } from './analytics-api';
import { CsatBars } from './CsatBars';
import { ChatsPerDayChart, FirstResponseChart } from './DayCharts';
import { rangeLabel } from './figures';
import { Filters, type FilterState } from './Filters';
import { Heatmap } from './Heatmap';
import { browserTimeZone, presetRange, rangeProblem } from './range';
import { PerAgentTable, PerDayTable } from './Tables';
import { Tiles } from './Tiles';
import './analytics.css';

interface Props {
  agent: Me;
  onBack(): void;
  onLogout(): void;
}

function initialFilters(): FilterState {
  const tz = browserTimeZone();
  return { preset: 'last-30', ...presetRange('last-30', tz), agent: '', label: '', tz };
}

/** The dashboard: how the desk did over a range of days, as tiles, charts and tables (each with its CSV). */
export function AnalyticsPage({ agent, onBack, onLogout }: Props) {
  const [filters, setFilters] = useState(initialFilters);
  const problem = rangeProblem(filters);
  const { preset: _preset, ...ask } = filters;
  const figures = useQuery({ ...analyticsQuery(ask), enabled: problem === null });
  const agents = useQuery(teamQuery).data?.members ?? [];
  const labels = useQuery(labelsQuery).data?.labels ?? [];
  const heading = useRef<HTMLHeadingElement>(null);

  // Arriving here from the inbox puts focus on the title, so keyboard and screen-reader users start at the top.
  useEffect(() => {
    heading.current?.focus();
    document.title = 'Analytics · wadesk';
    return () => {
      document.title = 'wadesk';
    };
  }, []);

  const data = figures.data;
  const filtered = filters.agent !== '' || filters.label !== '';
  return (
    <div className="analytics">
      <header className="topbar">
        <span className="brand">wadesk</span>
        <a className="btn" href="/admin" onClick={inPage(onBack)}>← Back to the inbox</a>
        <span className="spacer" />
        <span className="muted who">{agent.name}</span>
        <button type="button" className="btn" onClick={onLogout}>Sign out</button>
      </header>
      <main className="analytics-main" aria-labelledby="analytics-title" aria-busy={figures.isFetching}>
        <div className="analytics-heading">
          <h1 id="analytics-title" ref={heading} tabIndex={-1}>Analytics</h1>
          {data ? <p className="muted">{rangeLabel(data.from, data.to)} · {data.tz}</p> : null}
        </div>
        <Filters value={filters} onChange={setFilters} agents={agents} labels={labels} />
        {problem ? <p className="alert" role="alert">{problem}</p> : null}
        {figures.error ? <p className="alert" role="alert">{figures.error.message}</p> : null}
        {!data && figures.isPending && problem === null ? <p className="muted" role="status">Loading the figures…</p> : null}
        {data ? (
          <div className={figures.isPlaceholderData ? 'analytics-body stale' : 'analytics-body'}>
            {data.chats_started === 0
              ? <EmptyRange data={data} filtered={filtered} onClear={() => setFilters({ ...filters, agent: '', label: '' })} />
              : <Figures data={data} />}
          </div>
        ) : null}
      </main>
    </div>
  );
}

function EmptyRange({ data, filtered, onClear }: { data: Analytics; filtered: boolean; onClear(): void }) {
  return (
    <section className="analytics-card empty-range" aria-labelledby="empty-title">
      <h2 id="empty-title">No chats in this range</h2>
      <p>
        No support chat started in {rangeLabel(data.from, data.to)} ({data.tz})
        {filtered ? ' for this agent or label' : ''}. Try a longer range{filtered ? ', or show everyone' : ''}.
      </p>
      {filtered ? <button type="button" className="btn" onClick={onClear}>Show all agents and labels</button> : null}
    </section>
  );
}

function Figures({ data }: { data: Analytics }) {
  const stem = (what: string) => `wadesk-${what}-${data.from}-${data.to}`;
  return (
    <>
      <Tiles data={data} />
      <div className="chart-grid">
        <section className="analytics-card" aria-labelledby="chats-chart-title">
          <h2 id="chats-chart-title">Chats per day</h2>
          <ChatsPerDayChart days={data.per_day} />
        </section>
        <section className="analytics-card" aria-labelledby="response-chart-title">
          <h2 id="response-chart-title">First response, median per day</h2>
          <FirstResponseChart days={data.per_day} />
        </section>
      </div>
      <div className="chart-grid wide-right">
        <section className="analytics-card" aria-labelledby="csat-title">
          <h2 id="csat-title">Ratings</h2>
          <CsatBars csat={data.csat} />
        </section>
        <PerAgentTable agents={data.per_agent} fileStem={stem('per-agent')} />
      </div>
      <Heatmap cells={data.heatmap} tz={data.tz} fileStem={stem('weekday-hour')} />
      <PerDayTable days={data.per_day} fileStem={stem('per-day')} />
    </>
  );
}
