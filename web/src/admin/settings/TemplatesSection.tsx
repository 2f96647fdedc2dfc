import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { inboxKeys, templatesQuery } from '../inbox-queries';
import type { SectionProps } from './section-props';
import { settingsApi } from './settings-api';
import { Done, Problem } from './parts';

const PILL: Record<string, string> = { APPROVED: 'on', PENDING: 'pending', IN_APPEAL: 'pending' };

/** The message templates as last listed from WhatsApp (what may be sent after the 24-hour window); admins sync them. */
export function TemplatesSection({ me }: SectionProps) {
  const queryClient = useQueryClient();
  const templates = useQuery(templatesQuery);
  const sync = useMutation({
    mutationFn: () => settingsApi.syncTemplates(),
    onSuccess: (list) => queryClient.setQueryData(inboxKeys.templates, list),
  });
  const list = templates.data?.templates ?? [];
  return (
    <>
      <p className="hint">Templates are made and approved in WhatsApp Manager; only approved ones can be sent once a chat&apos;s 24-hour window has closed.</p>
      {me.role === 'admin' ? (
        <div className="form-actions">
          <button type="button" className="btn primary" disabled={sync.isPending} onClick={() => sync.mutate()}>{sync.isPending ? 'Syncing…' : 'Sync templates'}</button>
          <Done text={sync.isSuccess ? `Synced: ${sync.data.templates.length} template${sync.data.templates.length === 1 ? '' : 's'}.` : null} />
        </div>
      ) : null}
      <Problem error={templates.error ?? sync.error} />
      {templates.isSuccess && list.length === 0 ? <p className="muted">No templates yet.</p> : null}
      {list.length > 0 ? (
        <table className="table">
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Language</th><th scope="col">Category</th><th scope="col">Status</th><th scope="col">Body</th></tr>
          </thead>
          <tbody>
            {list.map((template) => (
              <tr key={`${template.name}:${template.language}`}>
                <th scope="row"><code>{template.name}</code></th>
                <td>{template.language}</td>
                <td>{template.category.toLowerCase()}</td>
                <td><span className={`pill ${PILL[template.status] ?? 'off'}`}>{template.status.toLowerCase()}</span></td>
                <td className="wrap pre">{template.body}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
