import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { TemplateItem } from '@contract/templates';
import { useSendTemplate } from './actions';
import { templatesQuery } from './inbox-queries';

const keyOf = (template: TemplateItem) => `${template.name}:${template.language}`;

/** The body as the user will read it; a parameter not filled in yet keeps its {{n}}. */
function filledBody(body: string, parameters: readonly string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (placeholder, n: string) => parameters[Number(n) - 1]?.trim() || placeholder);
}

/**
 * In place of the reply box once the 24-hour window has closed: why free text cannot go, and the approved
 * templates, each with its parameters and a preview of what the user will read.
 */
export function TemplatePicker({ phone, name }: { phone: string; name: string }) {
  const templates = useQuery(templatesQuery);
  const approved = (templates.data?.templates ?? []).filter((template) => template.status === 'APPROVED');
  const [chosenKey, setChosenKey] = useState('');
  const [values, setValues] = useState<string[]>([]);
  const [sentName, setSentName] = useState<string | null>(null);
  const send = useSendTemplate(phone);

  const chosen = approved.find((template) => keyOf(template) === chosenKey) ?? null;
  const parameters = chosen ? Array.from({ length: chosen.parameter_count }, (_, i) => values[i] ?? '') : [];
  const ready = chosen !== null && parameters.every((value) => value.trim() !== '') && !send.isPending;

  const choose = (key: string) => {
    setChosenKey(key);
    setValues([]);
    setSentName(null);
    send.reset();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen || !ready) return;
    try {
      await send.mutateAsync({ name: chosen.name, language: chosen.language, parameters: parameters.map((value) => value.trim()) });
      setSentName(chosen.name);
      setChosenKey('');
      setValues([]);
    } catch {
      // Shown under the form (send.error); the choice and the parameters stay for another try.
    }
  };

  return (
    <form className="composer template-picker" onSubmit={submit} aria-label="Send a template">
      <p className="composer-note" role="note">
        The 24-hour window is closed — WhatsApp only allows a template message until the user writes again.
      </p>
      <div className="template-fields">
        <label htmlFor="template-choice">Template</label>
        <select id="template-choice" className="input" value={chosenKey} onChange={(e) => choose(e.target.value)} disabled={approved.length === 0}>
          <option value="">{templates.isPending ? 'Loading templates…' : approved.length === 0 ? 'No approved templates' : 'Choose a template…'}</option>
          {approved.map((template) => (
            <option key={keyOf(template)} value={keyOf(template)}>{template.name} ({template.language}) · {template.category.toLowerCase()}</option>
          ))}
        </select>
        {parameters.map((value, i) => (
          <div className="template-parameter" key={`${chosenKey}-${i}`}>
            <label htmlFor={`template-parameter-${i + 1}`}>{`Parameter {{${i + 1}}}`}</label>
            <input
              id={`template-parameter-${i + 1}`}
              className="input"
              value={value}
              maxLength={1024}
              onChange={(e) => setValues(parameters.map((old, j) => (j === i ? e.target.value : old)))}
            />
          </div>
        ))}
        {chosen ? (
          <div className="template-preview" aria-live="polite">
            <span className="muted">What {name} will read</span>
            <p data-testid="template-preview">{filledBody(chosen.body, parameters)}</p>
          </div>
        ) : null}
      </div>
      <div className="reply-foot">
        <span className="count-left">
          {sentName ? `Template ${sentName} sent.` : templates.error ? `The templates could not be loaded: ${templates.error.message}` : ''}
        </span>
        {send.error ? <span className="reply-error" role="alert">{send.error.message}</span> : null}
        <button type="submit" className="btn primary" disabled={!ready}>{send.isPending ? 'Sending…' : 'Send template'}</button>
      </div>
    </form>
  );
}
