import type { MessageError, MessageStatus } from '@contract/conversations';
import { failureReason } from './display';

/** WhatsApp's delivery marks for an outbound message; the failure reason is reachable by keyboard. */
export function Ticks({ status, error }: { status: MessageStatus; error: MessageError | null }) {
  switch (status) {
    case 'pending':
    case 'accepted':
      return <span className="tick" role="img" aria-label="Sending" title="Sending">🕓</span>;
    case 'sent':
      return <span className="tick" role="img" aria-label="Sent" title="Sent">✓</span>;
    case 'delivered':
      return <span className="tick" role="img" aria-label="Delivered" title="Delivered">✓✓</span>;
    case 'read':
      return <span className="tick read" role="img" aria-label="Read" title="Read">✓✓</span>;
    case 'failed': {
      const reason = failureReason(error);
      return <span className="tick failed" role="img" tabIndex={0} aria-label={`Failed: ${reason}`} title={reason}>⚠</span>;
    }
    default:
      return null;
  }
}
