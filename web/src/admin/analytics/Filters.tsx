import { useId, useMemo, type ReactElement } from 'react';
import type { LabelItem, TeamMember } from '@contract/team';
import { PRESETS, presetRange, timeZones, type Preset } from './range';

export interface FilterState {
  preset: Preset;
  from: string;
  to: string;
  agent: string;
  label: string;
  tz: string;
}

interface Props {
  value: FilterState;
  onChange(next: FilterState): void;
  agents: TeamMember[];
  labels: LabelItem[];
}

/** The range (a preset, or two days), one agent or all, one label or all, and the time zone the days are in. */
export function Filters({ value, onChange, agents, labels }: Props) {
  const zones = useMemo(() => timeZones(value.tz), [value.tz]);
  const choosePreset = (preset: Preset) =>
    onChange(preset === 'custom' ? { ...value, preset } : { ...value, preset, ...presetRange(preset, value.tz) });
  const chooseZone = (tz: string) =>
    onChange(value.preset === 'custom' ? { ...value, tz } : { ...value, tz, ...presetRange(value.preset, tz) });
  return (
    <form className="analytics-filters" aria-label="What to show" onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <span id="range-label">Range</span>
        <div className="segmented" role="radiogroup" aria-labelledby="range-label">
          {PRESETS.map((preset) => (
            <label key={preset.id} className={value.preset === preset.id ? 'on' : undefined}>
              <input type="radio" name="preset" value={preset.id} checked={value.preset === preset.id} onChange={() => choosePreset(preset.id)} />
              {preset.label}
            </label>
          ))}
        </div>
      </div>
      <Field label="From">
        {(id) => (
          <input id={id} className="input" type="date" value={value.from} onChange={(event) => onChange({ ...value, preset: 'custom', from: event.target.value })} />
        )}
      </Field>
      <Field label="To">
        {(id) => (
          <input id={id} className="input" type="date" value={value.to} onChange={(event) => onChange({ ...value, preset: 'custom', to: event.target.value })} />
        )}
      </Field>
      <Field label="Agent">
        {(id) => (
          <select id={id} className="input" value={value.agent} onChange={(event) => onChange({ ...value, agent: event.target.value })}>
            <option value="">All agents</option>
            {agents.map((agent) => <option key={agent.id} value={agent.id}>{agent.name}</option>)}
          </select>
        )}
      </Field>
      <Field label="Label">
        {(id) => (
          <select id={id} className="input" value={value.label} onChange={(event) => onChange({ ...value, label: event.target.value })}>
            <option value="">All labels</option>
            {labels.map((label) => <option key={label.id} value={label.id}>{label.name}</option>)}
          </select>
        )}
      </Field>
      <Field label="Time zone">
        {(id) => (
          <select id={id} className="input" value={value.tz} onChange={(event) => chooseZone(event.target.value)}>
            {zones.map((zone) => <option key={zone} value={zone}>{zone.replace(/_/g, ' ')}</option>)}
          </select>
        )}
      </Field>
    </form>
  );
}

/** A control with its name above it, tied by id (a wrapping label would name it with its value too). */
function Field({ label, children }: { label: string; children: (id: string) => ReactElement }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
