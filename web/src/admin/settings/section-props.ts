import type { Me } from '@contract/auth';

/** What every settings section gets. */
export interface SectionProps {
  me: Me;
  /** The signed-in agent changed their own profile (name, availability). */
  onProfileChanged(agent: Me): void;
}
