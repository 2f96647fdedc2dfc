import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CreatedWebhook, WebhookEvent, WebhookItem } from '@contract/webhooks';
import { DeliveryLog } from './DeliveryLog';
import { settingsApi, settingsKeys, webhooksQuery } from './settings-api';
import { ConfirmButton, Done, Problem, SecretOnce, When } from './parts';

/** What each event means to someone wiring up an integration; the type makes the list complete. */
const EVENT_LABELS: Record<WebhookEvent, string> = {
  'chat.started': 'a support chat starts',
  'message.created': 'a message is written (user, bot or agent)',
  'chat.assigned': 'a chat is assigned or unassigned',
  'chat.ended': 'a support chat ends',
  'chat.rated': 'a user rates a chat (CSAT)',
  'conversation.status_changed': 'a conversation is opened, snoozed or resolved',
  'note.created': 'an agent leaves a private note',
};
const EVENTS = Object.keys(EVENT_LABELS) as WebhookEvent[];

/** Admins: integrations' URLs, the events they get, their health and their delivery log. */
export function WebhooksSection() {
  const webhooks = useQuery(webhooksQuery);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  return (
    <>
      <p className="hint">
        wadesk POSTs each event as JSON, signed: <code>X-Wadesk-Signature: t=…,v1=…</code> is the HMAC-SHA256 of <code>t.body</code> with the webhook&apos;s secret.
        A delivery is retried for about two hours; one that keeps failing disables its webhook.
      </p>
      {created ? (
        <SecretOnce
          label={`Signing secret for ${created.webhook.url}`}
          value={created.secret}
          note="Copy it into your integration now: it is not shown again."
          onDismiss={() => setCreated(null)}
        />
      ) : <NewWebhookForm onCreated={setCreated} />}
      <section aria-labelledby="webhooks-list-title">
        <h3 id="webhooks-list-title">Webhooks</h3>
        <Problem error={webhooks.error} />
        {webhooks.data?.webhooks.length === 0 ? <p className="muted">None yet.</p> : null}
        <ul className="cards">
          {webhooks.data?.webhooks.map((webhook) => <WebhookCard key={webhook.id} webhook={webhook} />)}
        </ul>
      </section>
    </>
  );
}

function NewWebhookForm({ onCreated }: { onCreated(created: CreatedWebhook): void }) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const create = useMutation({
    mutationFn: () => settingsApi.createWebhook({ url: url.trim(), events }),
    onSuccess: (created) => {
      setUrl('');
      setEvents([]);
      onCreated(created);
      return queryClient.invalidateQueries({ queryKey: settingsKeys.webhooks });
    },
  });
  const toggle = (event: WebhookEvent, on: boolean) => setEvents((current) => (on ? [...current, event] : current.filter((e) => e !== event)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="new-webhook-title">
      <h3 id="new-webhook-title">Add a webhook</h3>
      <label className="field">
        <span>URL</span>
        <input className="input" type="url" required maxLength={2048} placeholder="https://example.com/wadesk-events" value={url} onChange={(e) => setUrl(e.target.value)} />
      </label>
      <fieldset className="choices">
        <legend>Events</legend>
        {EVENTS.map((event) => (
          <label key={event} className="check">
            <input type="checkbox" checked={events.includes(event)} onChange={(e) => toggle(event, e.target.checked)} />
            <code>{event}</code> <span className="muted">{EVENT_LABELS[event]}</span>
          </label>
        ))}
      </fieldset>
      <Problem error={create.error} />
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={create.isPending || events.length === 0}>{create.isPending ? 'Adding…' : 'Add webhook'}</button>
        {events.length === 0 ? <span className="hint">Pick at least one event.</span> : null}
      </div>
    </form>
  );
}

function WebhookCard({ webhook }: { webhook: WebhookItem }) {
  const queryClient = useQueryClient();
  const [logOpen, setLogOpen] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.webhooks });
  const change = useMutation({ mutationFn: (enabled: boolean) => settingsApi.changeWebhook(webhook.id, { enabled }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => settingsApi.deleteWebhook(webhook.id), onSuccess: refresh });
  const test = useMutation({
    mutationFn: () => settingsApi.testWebhook(webhook.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.deliveries(webhook.id) }),
  });
  const logId = `webhook-log-${webhook.id}`;
  return (
    <li className={`card webhook${webhook.enabled ? '' : ' is-off'}`} aria-label={`Webhook ${webhook.url}`}>
      <div className="webhook-head">
        <code className="webhook-url">{webhook.url}</code>
        {webhook.enabled ? <span className="pill on">Enabled</span> : <span className="pill off">Disabled</span>}
      </div>
      <p className="webhook-events">{webhook.events.join(' · ')}</p>
      {webhook.enabled ? null : (
        <p className="alert">
          Disabled <When iso={webhook.disabled_at} />{webhook.disabled_reason ? `: ${webhook.disabled_reason}` : '.'}
        </p>
      )}
      {webhook.enabled && webhook.consecutive_failures > 0 ? (
        <p className="warning">The last {webhook.consecutive_failures} attempt{webhook.consecutive_failures === 1 ? '' : 's'} failed; see the delivery log.</p>
      ) : null}
      <div className="actions">
        {webhook.enabled ? (
          <>
            <button type="button" className="btn" disabled={test.isPending} onClick={() => test.mutate()}>Send a test event</button>
            <button type="button" className="btn" disabled={change.isPending} onClick={() => change.mutate(false)}>Disable</button>
          </>
        ) : (
          <button type="button" className="btn primary" disabled={change.isPending} onClick={() => change.mutate(true)}>Re-enable</button>
        )}
        <button type="button" className="btn" aria-expanded={logOpen} aria-controls={logId} onClick={() => setLogOpen((v) => !v)}>
          {logOpen ? 'Hide the delivery log' : 'Delivery log'}
        </button>
        <ConfirmButton label="Delete" question={`Delete the webhook to ${webhook.url}?`} confirm="Delete" busy={remove.isPending} onConfirm={() => remove.mutate()} />
      </div>
      <Problem error={change.error ?? remove.error ?? test.error} />
      <Done text={test.isSuccess ? 'A test event is on its way.' : null} />
      {logOpen ? <DeliveryLog id={logId} webhookId={webhook.id} /> : null}
    </li>
  );
}
