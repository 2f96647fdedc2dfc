import { dataOf } from './api-answer.js';
import { printTable } from './table.js';
import { parseCommand } from './command.js';
import type { CommandGroup } from './command-group.js';

import type { DeadLetterPage } from '../contract/dead-letters.js';

const cell = (value: unknown) => (value === null || value === undefined ? '' : String(value).replace(/\s+/g, ' ').slice(0, 80));

export const deadLetterCommands: CommandGroup = {
  summary: 'webhook items that could not be processed: list, replay',
  commands: {
    list: {
      summary: 'list dead letters',
      async run(argv, connect) {
        const { values } = parseCommand(argv, {
          usage: 'wadesk dead-letters list [--json]',
          help: 'Lists what webhooks carried that could not be stored (the reason, when). --json prints the whole records.',
          options: { json: { type: 'boolean' } },
        });
        const api = await connect();
        const items: DeadLetterPage['dead_letters'] = [];
        for (let cursor: string | null = ''; cursor !== null;) {
          const page: DeadLetterPage = dataOf<DeadLetterPage>(await api.call('GET', `/api/admin/dead-letters?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
          items.push(...page.dead_letters);
          cursor = page.next_cursor;
        }
        if (values.json) return console.log(JSON.stringify(items, null, 2));
        if (items.length === 0) return console.log('No dead letters.');
        printTable(
          ['ID', 'KIND', 'RECEIVED', 'REPLAYED', 'REASON'],
          items.map((d) => [cell(d.id), cell(d.kind), cell(d.received_at), cell(d.replayed_at ?? 'no'), cell(d.reason)]),
        );
      },
    },
    replay: {
      summary: 'process a dead letter again (after a fix)',
      async run(argv, connect) {
        const { positionals } = parseCommand(argv, {
          usage: 'wadesk dead-letters replay <id>',
          help: 'Processes the stored item again, as if WhatsApp had just delivered it; replies go out as usual.',
          positionals: 1,
        });
        const api = await connect();
        dataOf(await api.call('POST', `/api/admin/dead-letters/${encodeURIComponent(positionals[0]!)}/replay`));
        console.log(`Dead letter ${positionals[0]} replayed.`);
      },
    },
  },
};
