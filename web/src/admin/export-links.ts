import type { ExportFormat } from '@contract/export';
import { segment } from '../shared/api';

/** The ways to export the open conversation, as the header's Export menu and the command palette offer them. */
export const EXPORT_CHOICES: ReadonlyArray<{ format: ExportFormat; title: string; command: string }> = [
  { format: 'json', title: 'Download JSON (everything)', command: 'Export the conversation as JSON' },
  { format: 'csv', title: 'Download CSV (spreadsheet)', command: 'Export the conversation as CSV (spreadsheet)' },
  { format: 'html', title: 'Open a printable page', command: 'Open a printable page of the conversation' },
];

/**
 * A link to the export: JSON and CSV download (the server names the file), the printable page opens in a
 * new tab. A plain link: the session cookie goes along, and the browser streams the file to disk.
 */
export function exportLink(phone: string, format: ExportFormat): { href: string; download?: string; target?: string; rel?: string } {
  const href = `/api/admin/conversations/${segment(phone)}/export?format=${format}`;
  return format === 'html' ? { href, target: '_blank', rel: 'noopener' } : { href, download: '' };
}

/** What choosing the menu's link does, for the command palette. */
export function startExport(phone: string, format: ExportFormat): void {
  const link = Object.assign(document.createElement('a'), exportLink(phone, format));
  document.body.append(link);
  link.click();
  link.remove();
}
