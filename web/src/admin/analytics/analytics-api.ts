import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Analytics } from '@contract/analytics';
import { api } from '../../shared/api';

/** What the dashboard asks for: the days, their time zone, and optionally one agent or one label. */
export interface AnalyticsAsk {
  from: string;
  to: string;
  tz: string;
  agent: string;
  label: string;
}

export function analyticsUrl(ask: AnalyticsAsk): string {
  const params = new URLSearchParams({ from: ask.from, to: ask.to, tz: ask.tz });
  if (ask.agent) params.set('agent', ask.agent);
  if (ask.label) params.set('label', ask.label);
  return `/api/admin/analytics?${params.toString()}`;
}

/** The figures; while another range loads, the last ones stay on screen (dimmed) rather than flashing away. */
export const analyticsQuery = (ask: AnalyticsAsk) =>
  queryOptions({
    queryKey: ['analytics', ask] as const,
    queryFn: () => api<Analytics>('GET', analyticsUrl(ask)),
    placeholderData: keepPreviousData,
  });
