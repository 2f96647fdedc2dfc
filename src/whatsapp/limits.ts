/**
 * WhatsApp's limits on what a business sends, in one place: the Graph API client checks its requests with
 * them before sending (payload-rules.ts), the simulator checks what it receives with them, the bot cuts its
 * texts to them and the API refuses an agent message that exceeds them.
 */
export const LIMITS = {
  textBody: 4096,
  interactiveBody: 1024,
  footer: 60,
  headerText: 60,
  buttonTitle: 20,
  buttonId: 256,
  minButtons: 1,
  maxButtons: 3,
  listButton: 20,
  sectionTitle: 24,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  maxRows: 10,
  maxSections: 10,
} as const;

/**
 * Meta documents limits in "characters" without saying which. Counting UTF-16 code units (`s.length`)
 * is the stricter reading — an emoji counts as 2 — so a text that passes here cannot be rejected by
 * Meta for length, whichever way Meta counts.
 */
export function whatsappLength(s: string): number {
  return s.length;
}
