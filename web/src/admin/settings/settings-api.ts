import { queryOptions } from '@tanstack/react-query';
import type { AgentList, Availability, CreatedToken, OneAgent, Role, TokenList } from '@contract/agents';
import type { CreatedWebhook, DeliveryList, NewWebhookBody, OneDelivery, OneWebhook, WebhookChangeBody, WebhookList } from '@contract/webhooks';
import type { TemplateList } from '@contract/templates';
import type { BusinessHours, BusinessHoursBody, CsatSettings, CsatSettingsPatch } from '@contract/settings';
import type { AssignmentSettings, AssignmentSettingsPatch, CannedResponseBody, CannedResponseItem, CannedResponseList, CannedResponsePatch, LabelBody } from '@contract/team';
import { api, segment } from '../../shared/api';

const base = '/api/admin';

/** Every call the settings screens make. */
export const settingsApi = {
  agents: () => api<AgentList>('GET', `${base}/agents`),
  createAgent: (agent: { name: string; email: string; role: Role; password: string }) => api<OneAgent>('POST', `${base}/agents`, agent),
  /** An admin changes an agent: role, disabled, or a new password. */
  changeAgent: (id: string, change: { role?: Role; disabled?: boolean; password?: string; name?: string }) =>
    api<OneAgent>('PATCH', `${base}/agents/${segment(id)}`, change),
  changeMe: (change: { availability?: Availability; name?: string; password?: string; current_password?: string }) =>
    api<OneAgent>('PATCH', `${base}/agents/me`, change),
  tokens: (agentId: string) => api<TokenList>('GET', `${base}/agents/${segment(agentId)}/tokens`),
  createToken: (agentId: string, name: string) => api<CreatedToken>('POST', `${base}/agents/${segment(agentId)}/tokens`, { name }),
  revokeToken: (id: string) => api<unknown>('DELETE', `${base}/tokens/${segment(id)}`),
  webhooks: () => api<WebhookList>('GET', `${base}/webhooks`),
  createWebhook: (webhook: NewWebhookBody) => api<CreatedWebhook>('POST', `${base}/webhooks`, webhook),
  changeWebhook: (id: string, change: WebhookChangeBody) => api<OneWebhook>('PATCH', `${base}/webhooks/${segment(id)}`, change),
  deleteWebhook: (id: string) => api<unknown>('DELETE', `${base}/webhooks/${segment(id)}`),
  testWebhook: (id: string) => api<OneDelivery>('POST', `${base}/webhooks/${segment(id)}/test`),
  deliveries: (id: string) => api<DeliveryList>('GET', `${base}/webhooks/${segment(id)}/deliveries?limit=50`),
  syncTemplates: () => api<TemplateList>('POST', `${base}/templates/sync`),
  createLabel: (label: LabelBody) => api<unknown>('POST', `${base}/labels`, label),
  changeLabel: (id: string, change: Partial<LabelBody>) => api<unknown>('PATCH', `${base}/labels/${segment(id)}`, change),
  deleteLabel: (id: string) => api<unknown>('DELETE', `${base}/labels/${segment(id)}`),
  cannedResponses: () => api<CannedResponseList>('GET', `${base}/canned-responses`),
  createCanned: (canned: CannedResponseBody) => api<CannedResponseItem>('POST', `${base}/canned-responses`, canned),
  changeCanned: (id: string, change: CannedResponsePatch) => api<unknown>('PATCH', `${base}/canned-responses/${segment(id)}`, change),
  deleteCanned: (id: string) => api<unknown>('DELETE', `${base}/canned-responses/${segment(id)}`),
  assignmentSettings: () => api<AssignmentSettings>('GET', `${base}/settings/assignment`),
  changeAssignmentSettings: (change: AssignmentSettingsPatch) => api<AssignmentSettings>('PUT', `${base}/settings/assignment`, change),
  csatSettings: () => api<CsatSettings>('GET', `${base}/settings/csat`),
  changeCsatSettings: (change: CsatSettingsPatch) => api<CsatSettings>('PUT', `${base}/settings/csat`, change),
  businessHours: () => api<BusinessHours>('GET', `${base}/settings/business-hours`),
  changeBusinessHours: (hours: BusinessHoursBody) => api<BusinessHours>('PUT', `${base}/settings/business-hours`, hours),
};

export const settingsKeys = {
  agents: ['settings', 'agents'] as const,
  tokens: (agentId: string) => ['settings', 'tokens', agentId] as const,
  webhooks: ['settings', 'webhooks'] as const,
  deliveries: (id: string) => ['settings', 'deliveries', id] as const,
  businessHours: ['settings', 'business-hours'] as const,
};

export const agentsQuery = queryOptions({ queryKey: settingsKeys.agents, queryFn: () => settingsApi.agents() });
export const tokensQuery = (agentId: string) => queryOptions({ queryKey: settingsKeys.tokens(agentId), queryFn: () => settingsApi.tokens(agentId) });
export const webhooksQuery = queryOptions({ queryKey: settingsKeys.webhooks, queryFn: () => settingsApi.webhooks() });
/** The delivery log; refreshed every few seconds while it is open, as retries come in. */
export const deliveriesQuery = (id: string) =>
  queryOptions({ queryKey: settingsKeys.deliveries(id), queryFn: () => settingsApi.deliveries(id), refetchInterval: 5_000 });
/** The business hours and whether the team is there now: the settings screen and the inbox's header read the same answer. */
export const businessHoursQuery = queryOptions({ queryKey: settingsKeys.businessHours, queryFn: () => settingsApi.businessHours() });
