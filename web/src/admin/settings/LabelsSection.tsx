import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { LabelItem } from '@contract/team';
import { inboxKeys, labelsQuery } from '../inbox-queries';
import type { SectionProps } from './section-props';
import { settingsApi } from './settings-api';
import { ConfirmButton, Done, Problem } from './parts';

const DEFAULT_COLOR = '#3b82f6';

/** Labels: everyone sees them; admins create (name, colour), rename, recolour and delete. Agents apply them in the inbox. */
export function LabelsSection({ me }: SectionProps) {
  const queryClient = useQueryClient();
  const labels = useQuery(labelsQuery);
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: inboxKeys.labels }), queryClient.invalidateQueries({ queryKey: inboxKeys.lists })]);
  const admin = me.role === 'admin';
  const [name, setName] = useState('');
  const [color, setColor] = useState(DEFAULT_COLOR);
  const create = useMutation({
    mutationFn: () => settingsApi.createLabel({ name: name.trim(), color }),
    onSuccess: () => {
      setName('');
      return refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => settingsApi.deleteLabel(id), onSuccess: refresh });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const list = labels.data?.labels ?? [];
  return (
    <>
      <p className="hint">Labels sort conversations (billing, exams, bug…): agents tick them in a conversation&apos;s header and filter the list by them.</p>
      {admin ? (
        <form className="inline-form" onSubmit={submit}>
          <label className="field">
            <span>New label</span>
            <input className="input" required maxLength={50} placeholder="e.g. billing" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field swatch">
            <span>Colour</span>
            <input className="input color" type="color" value={color} onChange={(e) => setColor(e.target.value)} />
          </label>
          <button type="submit" className="btn primary" disabled={create.isPending}>Create label</button>
          <Problem error={create.error} />
        </form>
      ) : <p className="muted">Admins create and change labels.</p>}
      <Problem error={labels.error ?? remove.error} />
      {labels.isSuccess && list.length === 0 ? <p className="muted">No labels yet.</p> : null}
      {list.length > 0 ? (
        <table className="table">
          <thead>
            <tr><th scope="col">Label</th><th scope="col">Colour</th><th scope="col">Conversations</th>{admin ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}</tr>
          </thead>
          <tbody>
            {list.map((label) => admin
              ? <LabelRow key={label.id} label={label} onChanged={refresh} deleting={remove.isPending} onDelete={() => remove.mutate(label.id)} />
              : (
                <tr key={label.id}>
                  <th scope="row">{label.name}</th>
                  <td><span className="label-dot big" style={{ background: label.color }} aria-label={label.color} role="img" /></td>
                  <td>{label.conversations}</td>
                </tr>
              ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

/** An admin's row: rename and recolour in place (saved with Save), delete after a confirmation. */
function LabelRow({ label, onChanged, deleting, onDelete }: { label: LabelItem; onChanged(): Promise<unknown>; deleting: boolean; onDelete(): void }) {
  const [name, setName] = useState(label.name);
  const [color, setColor] = useState(label.color);
  const change = useMutation({ mutationFn: () => settingsApi.changeLabel(label.id, { name: name.trim(), color }), onSuccess: onChanged });
  const dirty = name.trim() !== label.name || color.toLowerCase() !== label.color.toLowerCase();
  return (
    <tr>
      <th scope="row">
        <input className="input" aria-label={`Name of the label ${label.name}`} maxLength={50} value={name} onChange={(e) => setName(e.target.value)} />
      </th>
      <td><input className="input color" type="color" aria-label={`Colour of the label ${label.name}`} value={color} onChange={(e) => setColor(e.target.value)} /></td>
      <td>{label.conversations}</td>
      <td className="actions">
        <button type="button" className="btn" disabled={!dirty || change.isPending || name.trim() === ''} onClick={() => change.mutate()}>Save</button>
        <ConfirmButton label="Delete" question={`Delete the label ${label.name}?`} confirm="Delete" busy={deleting} onConfirm={onDelete} />
        <Problem error={change.error} />
        <Done text={change.isSuccess && !dirty ? 'Saved.' : null} />
      </td>
    </tr>
  );
}
