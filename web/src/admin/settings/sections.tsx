import type { ComponentType } from 'react';
import type { Me } from '@contract/auth';
import { AgentsSection } from './AgentsSection';
import { AssignmentSection } from './AssignmentSection';
import { BusinessHoursSection } from './BusinessHoursSection';
import { CannedSection } from './CannedSection';
import { CsatSection } from './CsatSection';
import { LabelsSection } from './LabelsSection';
import { ProfileSection } from './ProfileSection';
import { TemplatesSection } from './TemplatesSection';
import { TokensSection } from './TokensSection';
import type { SectionProps } from './section-props';
import { WebhooksSection } from './WebhooksSection';

export interface SettingsSection {
  /** The URL's last part: `/admin/settings/<id>`. */
  id: string;
  label: string;
  /** Shown to admins only (the API refuses agents anyway). */
  adminOnly: boolean;
  Component: ComponentType<SectionProps>;
}

/**
 * The settings, in the order of the menu. A new screen is one entry here (canned replies, labels and
 * assignment settings belong between "API tokens" and "Webhooks").
 */
export const SECTIONS: readonly SettingsSection[] = [
  { id: 'profile', label: 'My profile', adminOnly: false, Component: ProfileSection },
  { id: 'agents', label: 'Agents', adminOnly: true, Component: AgentsSection },
  { id: 'tokens', label: 'API tokens', adminOnly: true, Component: TokensSection },
  { id: 'canned', label: 'Canned replies', adminOnly: false, Component: CannedSection },
  { id: 'labels', label: 'Labels', adminOnly: false, Component: LabelsSection },
  { id: 'assignment', label: 'Assignment', adminOnly: true, Component: AssignmentSection },
  // Every agent reads the hours; only admins change them (the form says so).
  { id: 'business-hours', label: 'Business hours', adminOnly: false, Component: BusinessHoursSection },
  { id: 'csat', label: 'Satisfaction (CSAT)', adminOnly: true, Component: CsatSection },
  { id: 'webhooks', label: 'Webhooks', adminOnly: true, Component: WebhooksSection },
  { id: 'templates', label: 'Templates', adminOnly: false, Component: TemplatesSection },
];

export const sectionsFor = (me: Me) => SECTIONS.filter((section) => me.role === 'admin' || !section.adminOnly);
