import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CsatSettings, CsatSettingsPatch } from '@contract/settings';
import type { TemplateItem } from '@contract/templates';
import { templatesQuery } from '../inbox-queries';
import type { SectionProps } from './section-props';
import { settingsApi } from './settings-api';
import { Done, Problem } from './parts';

const KEY = ['settings', 'csat'] as const;

type TemplateRef = NonNullable<CsatSettings['template']>;

/** A template as the chooser names it (and as its option's value: names and languages hold no space). */
const refName = (ref: TemplateRef) => `${ref.name} (${ref.language})`;
const sameRef = (a: TemplateRef | null, b: TemplateRef | null) => a?.name === b?.name && a?.language === b?.language;

/** Admins: whether users rate their chats, and the template that asks once the 24-hour window has closed. */
export function CsatSection(_props: SectionProps) {
  const current = useQuery({ queryKey: KEY, queryFn: () => settingsApi.csatSettings() });
  const templates = useQuery(templatesQuery);
  return (
    <>
      <p className="hint">
        When a chat ends, the user gets a list of five ratings (⭐⭐⭐⭐⭐ best, ⭐ worst), then may add a comment. Each chat&apos;s rating
        shows under &ldquo;Recent chats&rdquo; in the contact pane.
      </p>
      <Problem error={current.error ?? templates.error} />
      {current.data ? <CsatForm saved={current.data} templates={templates.data?.templates ?? []} /> : null}
    </>
  );
}

function CsatForm({ saved, templates }: { saved: CsatSettings; templates: TemplateItem[] }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(saved);
  const save = useMutation({
    mutationFn: (change: CsatSettingsPatch) => settingsApi.changeCsatSettings(change),
    onSuccess: (result) => queryClient.setQueryData(KEY, result),
  });
  const change = (next: Partial<CsatSettings>) => {
    save.reset();
    setForm((f) => ({ ...f, ...next }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Only what changed: an unchanged template is not checked again when the question is switched on or off.
    const templateChanged = !sameRef(form.template, saved.template);
    save.mutate({ enabled: form.enabled, ...(templateChanged ? { template: form.template } : {}) });
  };

  const approved = templates.filter((t) => t.status === 'APPROVED');
  // The saved template stays choosable even when WhatsApp no longer lists it as approved.
  const savedMissing = saved.template !== null && !approved.some((t) => sameRef(t, saved.template)) ? saved.template : null;
  const chosen = approved.find((t) => sameRef(t, form.template)) ?? null;
  const options = approved.map((t) => ({ value: refName(t), label: refName(t), ref: { name: t.name, language: t.language } }));
  if (savedMissing) options.push({ value: refName(savedMissing), label: `${refName(savedMissing)} — not approved now`, ref: savedMissing });

  return (
    <form className="card form slim stack-form" onSubmit={submit} aria-label="Satisfaction (CSAT)">
      <label className="check">
        <input type="checkbox" checked={form.enabled} onChange={(e) => change({ enabled: e.target.checked })} /> Ask users to rate the chat when it ends
      </label>
      <label className="field">
        <span>After the 24-hour window, ask with this template</span>
        <select className="input" value={form.template ? refName(form.template) : ''}
          onChange={(e) => change({ template: options.find((o) => o.value === e.target.value)?.ref ?? null })}>
          <option value="">None — skip the rating then</option>
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </label>
      <p className="hint">
        WhatsApp lets the business write freely for 24 hours after the user&apos;s last message. When an agent ends a chat later than that,
        the rating can only be asked with an approved template; without one it is skipped and the chat says why. The template&apos;s quick-reply
        buttons are the ratings: they should read 1–5 (&ldquo;5 ⭐&rdquo; … &ldquo;1&rdquo;) or ⭐⭐⭐⭐⭐ … ⭐; its body may take one value, the user&apos;s name.
      </p>
      {chosen ? <TemplateGist template={chosen} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={save.isPending}>Save</button>
        <Done text={save.isSuccess ? 'Saved.' : null} />
      </div>
      <Problem error={save.error} />
    </form>
  );
}

/** What the chosen template says and offers, to check before saving. */
function TemplateGist({ template }: { template: TemplateItem }) {
  const replies = template.buttons.filter((b) => b.type === 'quick_reply');
  return (
    <div className="csat-template" aria-label={`The template ${refName(template)}`} role="group">
      <p className="pre wrap">{template.body}</p>
      {replies.length > 0 ? (
        <ul className="csat-replies" aria-label="Its quick replies">
          {replies.map((b) => <li key={b.index}>{b.text}</li>)}
        </ul>
      ) : <p className="muted">No quick-reply buttons.</p>}
    </div>
  );
}
