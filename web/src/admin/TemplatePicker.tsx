import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { MessageItem } from '@contract/conversations';
import type { TemplateItem, TemplateSendBody } from '@contract/templates';
import { useSendTemplate } from './actions';
import { messagesQuery, templatesQuery } from './inbox-queries';
import { CollisionQuestion } from './CollisionQuestion';
import { useCollisionCheck } from './useCollisionCheck';

const keyOf = (template: TemplateItem) => `${template.name}:${template.language}`;

/** The text with its {{1}} or {{name}} placeholders filled; one not filled in yet keeps its placeholder. */
function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (placeholder, name: string) => values[name]?.trim() || placeholder);
}

type HeaderSource = { kind: 'file'; mediaId: string } | { kind: 'link'; link: string };

/** The files of this conversation that are stored, newest first: what a file header can carry. */
function storedFiles(pages: Array<{ messages: MessageItem[] }> | undefined) {
  const seen = new Map<string, { id: string; label: string; kind: string }>();
  for (const message of (pages ?? []).flatMap((page) => page.messages)) {
    const media = message.media;
    if (media && media.status === 'stored' && !seen.has(media.id)) {
      seen.set(media.id, { id: media.id, label: media.filename ?? `${media.kind} of ${new Date(message.timestamp).toLocaleString()}`, kind: media.kind });
    }
  }
  return [...seen.values()].reverse();
}

interface Props {
  phone: string;
  name: string;
  /** The chat is assigned to someone else (their name): a template asks first, as a reply does. */
  heldBy: string | null;
}

/**
 * In place of the reply box once the 24-hour window has closed: why free text cannot go, and the approved
 * templates, each with what it takes (the header's value or file, the body's values by number or name,
 * the values of its link and code buttons) and a preview of what the user will read.
 */
export function TemplatePicker({ phone, name, heldBy }: Props) {
  const templates = useQuery(templatesQuery);
  const history = useInfiniteQuery(messagesQuery(phone));
  const approved = (templates.data?.templates ?? []).filter((template) => template.status === 'APPROVED');
  const [chosenKey, setChosenKey] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [headerValue, setHeaderValue] = useState('');
  const [headerSource, setHeaderSource] = useState<HeaderSource>({ kind: 'file', mediaId: '' });
  const [buttonValues, setButtonValues] = useState<Record<number, string>>({});
  const [sentName, setSentName] = useState<string | null>(null);
  const send = useSendTemplate(phone);
  const collision = useCollisionCheck(heldBy);
  const choiceField = useRef<HTMLSelectElement>(null);

  const chosen = approved.find((template) => keyOf(template) === chosenKey) ?? null;
  const header = chosen?.header ?? null;
  const headerTakesText = header?.format === 'text' && header.parameters.length > 0;
  const headerTakesFile = header?.format === 'image' || header?.format === 'video' || header?.format === 'document';
  const valueButtons = chosen?.buttons.filter((button) => button.takes_value) ?? [];
  const files = headerTakesFile ? storedFiles(history.data?.pages).filter((file) => header?.format === 'document' || file.kind === header?.format) : [];
  const headerReady = !headerTakesFile || (headerSource.kind === 'file' ? headerSource.mediaId !== '' : /^https:\/\/\S+$/.test(headerSource.link.trim()));
  const ready = chosen !== null
    && chosen.body_parameters.every((key) => (values[key] ?? '').trim() !== '')
    && (!headerTakesText || headerValue.trim() !== '')
    && headerReady
    && valueButtons.every((button) => (buttonValues[button.index] ?? '').trim() !== '')
    && !send.isPending;

  const choose = (key: string) => {
    setChosenKey(key);
    setValues({});
    setHeaderValue('');
    setHeaderSource({ kind: 'file', mediaId: '' });
    setButtonValues({});
    setSentName(null);
    send.reset();
    collision.dismiss();
  };
  const request = (template: TemplateItem): TemplateSendBody => {
    const parameters = template.parameter_format === 'named'
      ? Object.fromEntries(template.body_parameters.map((key) => [key, values[key]!.trim()]))
      : template.body_parameters.map((key) => values[key]!.trim());
    const headerPart = headerTakesText ? { header: headerValue.trim() }
      : headerTakesFile ? { header: headerSource.kind === 'file' ? { media_id: headerSource.mediaId } : { link: headerSource.link.trim() } }
      : {};
    const buttons = valueButtons.length > 0 ? { buttons: valueButtons.map((button) => buttonValues[button.index]!.trim()) } : {};
    return { name: template.name, language: template.language, parameters, ...headerPart, ...buttons };
  };
  const submit = async (event?: FormEvent, confirmed = false) => {
    event?.preventDefault();
    if (!chosen || !ready || !collision.mayGo(confirmed)) return;
    try {
      await send.mutateAsync(request(chosen));
      choose('');
      setSentName(chosen.name);
    } catch {
      // Shown under the form (send.error); the choice and the values stay for another try.
    } finally {
      // "Send anyway" has gone from under the focus: back to the form.
      if (confirmed) choiceField.current?.focus();
    }
  };
  const headerPreview = header?.format === 'text' && header.text ? fill(header.text, { [header.parameters[0] ?? '']: headerValue }) : null;

  return (
    // A value changed while "send anyway?" is asked: the question goes, the next send asks again.
    <form className="composer template-picker" onSubmit={submit} onChange={collision.dismiss} aria-label="Send a template">
      <p className="composer-note" role="note">
        The 24-hour window is closed — WhatsApp only allows a template message until the user writes again.
      </p>
      <div className="template-fields">
        <label htmlFor="template-choice">Template</label>
        <select id="template-choice" ref={choiceField} className="input" value={chosenKey} onChange={(e) => choose(e.target.value)} disabled={approved.length === 0}>
          <option value="">{templates.isPending ? 'Loading templates…' : approved.length === 0 ? 'No approved templates' : 'Choose a template…'}</option>
          {approved.map((template) => (
            <option key={keyOf(template)} value={keyOf(template)}>{template.name} ({template.language}) · {template.category.toLowerCase()}</option>
          ))}
        </select>
        {headerTakesText ? (
          <div className="template-parameter">
            <label htmlFor="template-header">{`Header {{${header!.parameters[0]}}}`}</label>
            <input id="template-header" className="input" value={headerValue} maxLength={60} onChange={(e) => setHeaderValue(e.target.value)} />
          </div>
        ) : null}
        {headerTakesFile ? (
          <fieldset className="template-parameter template-file">
            <legend>{`Header ${header!.format}`}</legend>
            <label className="check">
              <input type="radio" name="header-source" checked={headerSource.kind === 'file'} onChange={() => setHeaderSource({ kind: 'file', mediaId: '' })} />
              <span>A file from this chat</span>
            </label>
            {headerSource.kind === 'file' ? (
              <select aria-label="File for the header" className="input" value={headerSource.mediaId} onChange={(e) => setHeaderSource({ kind: 'file', mediaId: e.target.value })}>
                <option value="">{files.length === 0 ? `No ${header!.format} in this chat` : 'Choose a file…'}</option>
                {files.map((file) => <option key={file.id} value={file.id}>{file.label}</option>)}
              </select>
            ) : null}
            <label className="check">
              <input type="radio" name="header-source" checked={headerSource.kind === 'link'} onChange={() => setHeaderSource({ kind: 'link', link: '' })} />
              <span>A link WhatsApp fetches (https)</span>
            </label>
            {headerSource.kind === 'link' ? (
              <input aria-label="Link for the header" className="input" type="url" placeholder="https://…" value={headerSource.link} onChange={(e) => setHeaderSource({ kind: 'link', link: e.target.value })} />
            ) : null}
          </fieldset>
        ) : null}
        {(chosen?.body_parameters ?? []).map((key) => (
          <div className="template-parameter" key={`${chosenKey}-${key}`}>
            <label htmlFor={`template-parameter-${key}`}>{`Parameter {{${key}}}`}</label>
            <input
              id={`template-parameter-${key}`}
              className="input"
              value={values[key] ?? ''}
              maxLength={1024}
              onChange={(e) => setValues({ ...values, [key]: e.target.value })}
            />
          </div>
        ))}
        {valueButtons.map((button) => (
          <div className="template-parameter" key={`${chosenKey}-button-${button.index}`}>
            <label htmlFor={`template-button-${button.index}`}>
              {button.type === 'copy_code' ? `Code for “${button.text}”` : `End of the link of “${button.text}” (${button.url ?? ''})`}
            </label>
            <input
              id={`template-button-${button.index}`}
              className="input"
              value={buttonValues[button.index] ?? ''}
              maxLength={button.type === 'copy_code' ? 15 : 2000}
              onChange={(e) => setButtonValues({ ...buttonValues, [button.index]: e.target.value })}
            />
          </div>
        ))}
        {chosen ? (
          <div className="template-preview" aria-live="polite">
            <span className="muted">What {name} will read</span>
            {headerTakesFile ? <p className="template-header-file">{`[${header!.format}]`}</p> : null}
            {headerPreview ? <p className="template-header-text">{headerPreview}</p> : null}
            <p data-testid="template-preview">{fill(chosen.body, values)}</p>
            {chosen.footer ? <p className="template-footer">{chosen.footer}</p> : null}
            {chosen.buttons.length > 0 ? (
              <ul className="template-buttons" aria-label="Buttons">
                {chosen.buttons.map((button) => <li key={button.index}>{button.text}</li>)}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      <div className="reply-foot">
        <span className="count-left">
          {sentName ? `Template ${sentName} sent.` : templates.error ? `The templates could not be loaded: ${templates.error.message}` : ''}
        </span>
        {send.error ? <span className="reply-error" role="alert">{send.error.message}</span> : null}
        <CollisionQuestion check={collision} onSend={() => void submit(undefined, true)} onBack={() => choiceField.current?.focus()} />
        <button type="submit" className="btn primary" disabled={!ready}>{send.isPending ? 'Sending…' : 'Send template'}</button>
      </div>
    </form>
  );
}
