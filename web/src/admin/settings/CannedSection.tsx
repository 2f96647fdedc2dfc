import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CannedResponseItem } from '@contract/team';
import { cannedQuery, inboxKeys } from '../inbox-queries';
import type { SectionProps } from './section-props';
import { settingsApi } from './settings-api';
import { ConfirmButton, Done, Problem } from './parts';

interface Draft {
  shortcut: string;
  title: string;
  body: string;
  shared: boolean;
}
const EMPTY: Draft = { shortcut: '', title: '', body: '', shared: false };

/**
 * Canned replies: `/shortcut` in the reply box inserts the body with `{name}`, `{agent}` and `{phone}`
 * filled in. Everyone keeps their own; admins also manage the shared ones.
 */
export function CannedSection({ me }: SectionProps) {
  const queryClient = useQueryClient();
  const canned = useQuery(cannedQuery);
  const admin = me.role === 'admin';
  const [editing, setEditing] = useState<CannedResponseItem | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [saved, setSaved] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: inboxKeys.canned });
  const save = useMutation({
    mutationFn: () => {
      const body = { shortcut: draft.shortcut.trim(), title: draft.title.trim(), body: draft.body, ...(admin ? { shared: draft.shared } : {}) };
      return editing ? settingsApi.changeCanned(editing.id, body) : settingsApi.createCanned(body);
    },
    onSuccess: () => {
      setSaved(editing ? `Saved /${draft.shortcut.replace(/^\//, '')}.` : `Added /${draft.shortcut.replace(/^\//, '')}.`);
      setEditing(null);
      setDraft(EMPTY);
      return refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => settingsApi.deleteCanned(id), onSuccess: refresh });
  const mayChange = (r: CannedResponseItem) => (r.shared ? admin : r.owner_agent_id === me.id);
  const set = (key: keyof Draft) => (value: string | boolean) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    save.mutate();
  };
  const list = canned.data?.canned_responses ?? [];
  return (
    <>
      <p className="hint">
        Type <kbd>/</kbd> at the start of the reply box to pick one. <code>{'{name}'}</code> becomes the contact&apos;s name, <code>{'{agent}'}</code> yours,{' '}
        <code>{'{phone}'}</code> their number.
      </p>
      <form className="stack-form" onSubmit={submit} aria-label={editing ? `Edit /${editing.shortcut}` : 'New canned reply'}>
        <div className="inline-form">
          <label className="field">
            <span>Shortcut</span>
            <input className="input" required maxLength={33} pattern="/?[A-Za-z0-9_\-]{1,32}" placeholder="e.g. thanks" value={draft.shortcut} onChange={(e) => set('shortcut')(e.target.value)} />
          </label>
          <label className="field">
            <span>Title</span>
            <input className="input" required maxLength={100} placeholder="e.g. Thank you" value={draft.title} onChange={(e) => set('title')(e.target.value)} />
          </label>
          {admin ? (
            <label className="check">
              <input type="checkbox" checked={draft.shared} onChange={(e) => set('shared')(e.target.checked)} /> Shared with the team
            </label>
          ) : null}
        </div>
        <label className="field">
          <span>Text</span>
          <textarea className="input" required rows={3} maxLength={4000} placeholder="Hi {name}, thanks for your patience. — {agent}" value={draft.body} onChange={(e) => set('body')(e.target.value)} />
        </label>
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={save.isPending}>{editing ? 'Save' : 'Add canned reply'}</button>
          {editing ? <button type="button" className="btn" onClick={() => {
            setEditing(null);
            setDraft(EMPTY);
          }}>Cancel</button> : null}
          <Done text={saved} />
        </div>
        <Problem error={save.error} />
      </form>
      <Problem error={canned.error ?? remove.error} />
      {canned.isSuccess && list.length === 0 ? <p className="muted">No canned replies yet.</p> : null}
      {list.length > 0 ? (
        <table className="table">
          <thead>
            <tr><th scope="col">Shortcut</th><th scope="col">Title</th><th scope="col">Text</th><th scope="col">For</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id}>
                <th scope="row"><code>/{r.shortcut}</code></th>
                <td>{r.title}</td>
                <td className="wrap pre">{r.body}</td>
                <td>{r.shared ? <span className="pill on">Team</span> : <span className="pill">Mine</span>}</td>
                <td className="actions">
                  {mayChange(r) ? (
                    <>
                      <button type="button" className="btn" aria-label={`Edit /${r.shortcut}`} onClick={() => {
                        setEditing(r);
                        setSaved(null);
                        setDraft({ shortcut: r.shortcut, title: r.title, body: r.body, shared: r.shared });
                      }}>Edit</button>
                      <ConfirmButton label="Delete" question={`Delete /${r.shortcut}?`} confirm="Delete" busy={remove.isPending} onConfirm={() => remove.mutate(r.id)} />
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
