import { useMemo } from 'react';
import uPlot from 'uplot';
import type { AnalyticsDay } from '@contract/analytics';
import { axisDay, count, dayLabel, duration, shortDuration } from './figures';
import { UPlotChart } from './UPlotChart';

/** Days are drawn as the calendar days they are: x in seconds at 00:00 UTC, labelled in UTC. */
const dayX = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;
const inUtc = (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC');
const HALF_DAY = 12 * 60 * 60;

const COLORS = { started: '#aeb6c1', missed: '#c2410c', answered: '#1f5fbf' };
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000];
const DAY = 24 * 60 * 60;
const DAY_STEPS = [1, 2, 3, 7, 14, 28, 56, 91].map((days) => days * DAY);
const TIME_STEPS = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800];
const axis = { stroke: '#5b6470', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#dfe2e7' } };
const dayAxis: uPlot.Axis = { ...axis, incrs: DAY_STEPS, values: (_u, ticks) => ticks.map((t) => axisDay(new Date(t * 1000))) };
/** The legend's first line: the day under the cursor. */
const daySeries: uPlot.Series = { label: 'Day', value: (_u, x) => (x === null ? '–' : dayLabel(new Date(x * 1000).toISOString().slice(0, 10))) };

function dayScale(): uPlot.Scale {
  return { time: true, range: (_u, min, max) => [min - HALF_DAY, max + HALF_DAY] };
}

/**
 * Chats per day as bars: started (grey) behind missed (orange) behind answered (blue), so each bar reads as
 * its answered part, then its missed part, then what is still waiting. The legend gives each figure.
 */
export function ChatsPerDayChart({ days }: { days: AnalyticsDay[] }) {
  const { options, data, label } = useMemo(() => {
    const bars = uPlot.paths.bars!({ size: [0.72, 56], align: 0 });
    const real = { answered: days.map((d) => d.chats_answered), missed: days.map((d) => d.chats_missed), started: days.map((d) => d.chats_started) };
    const shown = (values: number[]) => (_u: uPlot, _v: number | null, _s: number, i: number | null) => (i === null ? '–' : count(values[i] ?? 0));
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      tzDate: inUtc,
      scales: { x: dayScale(), y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
      axes: [dayAxis, { ...axis, incrs: WHOLE_STEPS, values: (_u, ticks) => ticks.map((t) => count(t)) }],
      series: [
        daySeries,
        { label: 'Started', fill: COLORS.started, stroke: COLORS.started, paths: bars, points: { show: false }, value: shown(real.started) },
        { label: 'Missed', fill: COLORS.missed, stroke: COLORS.missed, paths: bars, points: { show: false }, value: shown(real.missed) },
        { label: 'Answered', fill: COLORS.answered, stroke: COLORS.answered, paths: bars, points: { show: false }, value: shown(real.answered) },
      ],
      legend: { live: true },
      cursor: { points: { show: false } },
    };
    // An empty bar is left out rather than drawn as a line on the axis.
    const bar = (values: number[]) => values.map((v) => (v === 0 ? null : v));
    const data: uPlot.AlignedData = [
      days.map((d) => dayX(d.date)),
      bar(real.started),
      bar(days.map((d) => d.chats_answered + d.chats_missed)),
      bar(real.answered),
    ];
    const busiest = days.reduce((best, d) => (d.chats_started > best.chats_started ? d : best), days[0]!);
    const label = `Chats per day, ${days.length} days: ${count(real.started.reduce((a, b) => a + b, 0))} started, `
      + `${count(real.answered.reduce((a, b) => a + b, 0))} answered, ${count(real.missed.reduce((a, b) => a + b, 0))} missed; `
      + `the busiest day ${dayLabel(busiest.date)} with ${count(busiest.chats_started)}. Every day is in the table below.`;
    return { options, data, label };
  }, [days]);
  return <UPlotChart options={options} data={data} label={label} />;
}

/** The median time to the first reply, day by day; a day without answered chats leaves a gap. */
export function FirstResponseChart({ days }: { days: AnalyticsDay[] }) {
  const { options, data, label } = useMemo(() => {
    const values = days.map((d) => d.first_response_median_seconds);
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      tzDate: inUtc,
      scales: { x: dayScale(), y: { range: (_u, _min, max) => [0, Math.max(60, max * 1.1)] } },
      axes: [dayAxis, { ...axis, size: 64, incrs: TIME_STEPS, values: (_u, ticks) => ticks.map((t) => shortDuration(t)) }],
      series: [
        daySeries,
        {
          label: 'Median first response', stroke: COLORS.answered, width: 2, spanGaps: false,
          points: { show: true, size: 6, fill: COLORS.answered }, value: (_u, v) => duration(v),
        },
      ],
    };
    const measured = values.filter((v): v is number => v !== null);
    const label = measured.length === 0
      ? 'Median first response per day: no chat was answered.'
      : `Median first response per day: from ${duration(Math.min(...measured))} to ${duration(Math.max(...measured))} `
        + `over ${measured.length} days with answered chats. Every day is in the table below.`;
    return { options, data: [days.map((d) => dayX(d.date)), values] as uPlot.AlignedData, label };
  }, [days]);
  return <UPlotChart options={options} data={data} label={label} />;
}
