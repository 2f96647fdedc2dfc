import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AssignmentSettings } from '@contract/team';
import type { SectionProps } from './section-props';
import { settingsApi } from './settings-api';
import { Done, Problem } from './parts';

const KEY = ['settings', 'assignment'] as const;

/** Admins: automatic round-robin assignment, the per-agent limit, hand-back when away, the "agent joined" text. */
export function AssignmentSection(_props: SectionProps) {
  const current = useQuery({ queryKey: KEY, queryFn: () => settingsApi.assignmentSettings() });
  return (
    <>
      <p className="hint">With automatic assignment, each new waiting chat goes to the next available agent below the limit; when everyone is full it waits in the queue and is given out the moment someone frees up.</p>
      <Problem error={current.error} />
      {current.data ? <AssignmentForm initial={current.data} /> : null}
    </>
  );
}

function AssignmentForm({ initial }: { initial: AssignmentSettings }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(initial);
  const save = useMutation({
    mutationFn: () => settingsApi.changeAssignmentSettings(form),
    onSuccess: (saved) => queryClient.setQueryData(KEY, saved),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const flag = (key: 'auto_assign' | 'unassign_when_away' | 'announce_agent', label: string) => (
    <label className="check">
      <input type="checkbox" checked={form[key]} onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.checked }))} /> {label}
    </label>
  );
  return (
    <form className="card form slim stack-form" onSubmit={submit} aria-label="Assignment">
      {flag('auto_assign', 'Assign new waiting chats automatically (round-robin among available agents)')}
      <label className="field narrow">
        <span>Most active chats per agent</span>
        <input className="input" type="number" min={1} max={1000} required value={form.max_open_chats_per_agent}
          onChange={(e) => setForm((f) => ({ ...f, max_open_chats_per_agent: Number(e.target.value) }))} />
      </label>
      {flag('unassign_when_away', "Give an agent's chats back to the queue when they set themselves away")}
      {flag('announce_agent', 'Tell the user which agent joined the chat')}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={save.isPending}>Save</button>
        <Done text={save.isSuccess ? 'Saved.' : null} />
      </div>
      <Problem error={save.error} />
    </form>
  );
}
