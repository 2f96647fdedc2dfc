import { useQuery } from '@tanstack/react-query';
import type { DeliveryItem } from '@contract/webhooks';
import { deliveriesQuery } from './settings-api';
import { Problem, When } from './parts';

const STATUS: Record<DeliveryItem['status'], string> = { pending: 'Waiting', delivered: 'Delivered', failed: 'Failed', cancelled: 'Cancelled' };

/** A webhook's last 50 deliveries, newest first, refreshed while open. */
export function DeliveryLog({ id, webhookId }: { id: string; webhookId: string }) {
  const log = useQuery(deliveriesQuery(webhookId));
  return (
    <section id={id} className="delivery-log" aria-label="Delivery log">
      <Problem error={log.error} />
      {log.data?.deliveries.length === 0 ? <p className="muted">Nothing delivered yet.</p> : null}
      {log.data && log.data.deliveries.length > 0 ? (
        <table className="table">
          <thead>
            <tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Answer</th><th scope="col">Created</th><th scope="col">Last attempt</th></tr>
          </thead>
          <tbody>
            {log.data.deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <th scope="row"><code>{delivery.event}</code></th>
                <td>
                  <span className={`pill ${delivery.status}`}>{delivery.status === 'pending' && delivery.attempts > 0 ? 'Retrying' : STATUS[delivery.status]}</span>
                  {delivery.next_attempt_at ? <span className="muted"> next <When iso={delivery.next_attempt_at} /></span> : null}
                </td>
                <td>{delivery.attempts}</td>
                <td className="wrap">
                  {delivery.response_status !== null ? `HTTP ${delivery.response_status}` : ''}
                  {delivery.error ? <span className="muted">{delivery.response_status !== null ? ' · ' : ''}{delivery.error}</span> : null}
                  {delivery.response_status === null && !delivery.error ? <span className="muted">—</span> : null}
                </td>
                <td><When iso={delivery.created_at} /></td>
                <td><When iso={delivery.last_attempt_at} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
