import { dataOf, type AdminApi } from './api-answer.js';
import { CliError, parseCommand } from './command.js';
import { readPassword } from './prompt.js';
import { printTable } from './table.js';
import type { CommandGroup } from './command-group.js';

import type { AgentItem, AgentList, CreatedToken, OneAgent } from '../contract/agents.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An agent by id or email, as people type them. */
async function findAgent(api: AdminApi, ref: string): Promise<AgentItem> {
  const { agents } = dataOf<AgentList>(await api.call('GET', '/api/admin/agents'));
  const agent = agents.find((a) => (UUID.test(ref) ? a.id === ref.toLowerCase() : a.email === ref.trim().toLowerCase()));
  if (!agent) throw new CliError(`no agent ${ref} (see: wadesk agent list)`);
  return agent;
}

const passwordStdin = { 'password-stdin': { type: 'boolean' } } as const;
const PASSWORD_HELP = 'The password (at least 10 characters) is asked on the terminal without echo, or read from\nthe first line of stdin with --password-stdin; never from the command line.';

export const agentCommands: CommandGroup = {
  summary: 'manage agents: add, list, disable, enable, passwd',
  commands: {
    add: {
      summary: 'create an agent who can log in to the inbox',
      async run(argv, connect) {
        const { values } = parseCommand(argv, {
          usage: 'wadesk agent add --name <name> --email <email> [--role agent|admin] [--password-stdin]',
          help: `Creates an agent. --role admin may manage agents; the default is agent.\n${PASSWORD_HELP}`,
          options: { name: { type: 'string' }, email: { type: 'string' }, role: { type: 'string', default: 'agent' }, ...passwordStdin },
        });
        if (!values.name || !values.email) throw new CliError('--name and --email are required (see --help)', 2);
        if (values.role !== 'agent' && values.role !== 'admin') throw new CliError('--role must be agent or admin', 2);
        const password = await readPassword(values['password-stdin']);
        const api = await connect();
        const { agent } = dataOf<OneAgent>(await api.call('POST', '/api/admin/agents', { name: values.name, email: values.email, role: values.role, password }));
        console.log(`Agent ${agent.email} (${agent.role}) created, id ${agent.id}, in ${api.via}.`);
      },
    },
    list: {
      summary: 'list agents',
      async run(argv, connect) {
        const { values } = parseCommand(argv, { usage: 'wadesk agent list [--json]', help: 'Lists every agent, enabled or not. --json prints them as JSON.', options: { json: { type: 'boolean' } } });
        const api = await connect();
        const { agents } = dataOf<AgentList>(await api.call('GET', '/api/admin/agents'));
        if (values.json) return console.log(JSON.stringify(agents, null, 2));
        if (agents.length === 0) return console.log('No agents yet: wadesk agent add --help');
        const rows = agents.map((a) => [a.id, a.email, a.name, a.role, a.disabled ? 'disabled' : 'active', a.last_login_at ?? 'never']);
        printTable(['ID', 'EMAIL', 'NAME', 'ROLE', 'STATUS', 'LAST LOGIN'], rows);
      },
    },
    disable: {
      summary: 'disable an agent: no more logins or API access',
      async run(argv, connect) {
        const { positionals } = parseCommand(argv, { usage: 'wadesk agent disable <id-or-email>', help: 'Disables the agent: no login, no API access. `wadesk agent enable` undoes it.', positionals: 1 });
        await setDisabled(await connect(), positionals[0]!, true);
      },
    },
    enable: {
      summary: 'enable a disabled agent again',
      async run(argv, connect) {
        const { positionals } = parseCommand(argv, { usage: 'wadesk agent enable <id-or-email>', help: 'Lets a disabled agent log in again.', positionals: 1 });
        await setDisabled(await connect(), positionals[0]!, false);
      },
    },
    passwd: {
      summary: "set an agent's password",
      async run(argv, connect) {
        const { values, positionals } = parseCommand(argv, {
          usage: 'wadesk agent passwd <id-or-email> [--password-stdin]', help: `Sets a new password for the agent.\n${PASSWORD_HELP}`, options: passwordStdin, positionals: 1,
        });
        const password = await readPassword(values['password-stdin']);
        const api = await connect();
        const agent = await findAgent(api, positionals[0]!);
        dataOf(await api.call('PATCH', `/api/admin/agents/${agent.id}`, { password }));
        console.log(`Password of ${agent.email} changed.`);
      },
    },
  },
};

async function setDisabled(api: AdminApi, ref: string, disabled: boolean): Promise<void> {
  const agent = await findAgent(api, ref);
  dataOf(await api.call('PATCH', `/api/admin/agents/${agent.id}`, { disabled }));
  console.log(`${agent.email} ${disabled ? 'disabled' : 'enabled'}.`);
}

export const tokenCommands: CommandGroup = {
  summary: 'API tokens: create, revoke',
  commands: {
    create: {
      summary: 'create an API token for an agent (printed once)',
      async run(argv, connect) {
        const { values, positionals } = parseCommand(argv, {
          usage: 'wadesk token create <agent-id-or-email> --name <label>',
          help: 'Creates an API token for the agent and prints it on stdout, alone on its line (it is stored hashed:\nsave it now). The label says what uses it ("helpdesk integration").',
          options: { name: { type: 'string' } }, positionals: 1,
        });
        if (!values.name) throw new CliError('--name is required: a label for what will use the token', 2);
        const api = await connect();
        const agent = await findAgent(api, positionals[0]!);
        const created = dataOf<CreatedToken>(await api.call('POST', `/api/admin/agents/${agent.id}/tokens`, { name: values.name }));
        process.stderr.write(`Token ${created.id} for ${agent.email} (shown once; revoke with: wadesk token revoke ${created.id}):\n`);
        console.log(created.token);
      },
    },
    revoke: {
      summary: 'revoke an API token',
      async run(argv, connect) {
        const { positionals } = parseCommand(argv, { usage: 'wadesk token revoke <token-id>', help: 'Revokes the token: it stops working at once.', positionals: 1 });
        const api = await connect();
        dataOf(await api.call('DELETE', `/api/admin/tokens/${encodeURIComponent(positionals[0]!)}`));
        console.log(`Token ${positionals[0]} revoked.`);
      },
    },
  },
};
