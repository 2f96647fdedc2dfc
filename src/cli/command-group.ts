import type { AdminApi } from './api-answer.js';

/** What `wadesk <command>` runs, and a family of subcommands (`wadesk agent add|list|…`). */
export interface Command {
  summary: string;
  /** `connect` opens the admin API on first use; it is closed when the command ends. */
  run(argv: string[], connect: () => Promise<AdminApi>): Promise<void>;
}

export interface CommandGroup {
  summary: string;
  commands: Record<string, Command>;
}
