import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AgentItem, Role } from '@contract/agents';
import type { SectionProps } from './section-props';
import { agentsQuery, settingsApi, settingsKeys } from './settings-api';
import { ConfirmButton, Done, Problem, When } from './parts';

/** Admins: who may sign in, with which role; deactivate, reactivate, set a new password. */
export function AgentsSection({ me }: SectionProps) {
  const agents = useQuery(agentsQuery);
  return (
    <>
      <NewAgentForm />
      <section aria-labelledby="agents-list-title">
        <h3 id="agents-list-title">Everyone who can sign in</h3>
        <Problem error={agents.error} />
        {agents.data ? (
          <table className="table">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Last sign-in</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {agents.data.agents.map((agent) => <AgentRow key={agent.id} agent={agent} isMe={agent.id === me.id} />)}
            </tbody>
          </table>
        ) : agents.isPending ? <p className="muted" role="status">Loading…</p> : null}
      </section>
    </>
  );
}

function useChangeAgent(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Parameters<typeof settingsApi.changeAgent>[1]) => settingsApi.changeAgent(id, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.agents }),
  });
}

function AgentRow({ agent, isMe }: { agent: AgentItem; isMe: boolean }) {
  const change = useChangeAgent(agent.id);
  const [resetting, setResetting] = useState(false);
  return (
    <>
      <tr className={agent.disabled ? 'is-off' : undefined}>
        <th scope="row">{agent.name}{isMe ? <span className="muted"> (you)</span> : null}</th>
        <td className="wrap">{agent.email}</td>
        <td>
          {isMe ? 'Admin' : (
            <select className="input compact" aria-label={`Role of ${agent.name}`} value={agent.role} disabled={change.isPending}
              onChange={(e) => change.mutate({ role: e.target.value as Role })}>
              <option value="agent">Agent</option>
              <option value="admin">Admin</option>
            </select>
          )}
        </td>
        <td>{agent.disabled ? <span className="pill off">Deactivated</span> : <span className="pill on">{agent.availability === 'away' ? 'Active · away' : 'Active'}</span>}</td>
        <td><When iso={agent.last_login_at} /></td>
        <td className="actions">
          <button type="button" className="btn" aria-expanded={resetting} aria-label={`Set a new password for ${agent.name}`} onClick={() => setResetting((v) => !v)}>
            New password
          </button>
          {isMe ? null : agent.disabled ? (
            <button type="button" className="btn" aria-label={`Reactivate ${agent.name}`} disabled={change.isPending} onClick={() => change.mutate({ disabled: false })}>Reactivate</button>
          ) : (
            <ConfirmButton label="Deactivate" question={`Deactivate ${agent.name}?`} confirm="Deactivate" busy={change.isPending}
              onConfirm={() => change.mutate({ disabled: true })} />
          )}
        </td>
      </tr>
      {change.error ? <tr><td colSpan={6}><Problem error={change.error} /></td></tr> : null}
      {resetting ? <tr><td colSpan={6}><PasswordReset agent={agent} onDone={() => setResetting(false)} /></td></tr> : null}
    </>
  );
}

function PasswordReset({ agent, onDone }: { agent: AgentItem; onDone(): void }) {
  const [password, setPassword] = useState('');
  const change = useChangeAgent(agent.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ password }, { onSuccess: () => setPassword('') });
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label className="field">
        <span>New password for {agent.name}</span>
        <input className="input" type="password" required minLength={10} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
      </label>
      <button type="submit" className="btn primary" disabled={change.isPending}>Set password</button>
      <button type="button" className="btn" onClick={onDone}>Close</button>
      <Problem error={change.error} />
      <Done text={change.isSuccess ? `Done: ${agent.name} signs in with the new password; their open sessions were signed out.` : null} />
    </form>
  );
}

function NewAgentForm() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: () => settingsApi.createAgent({ name: name.trim(), email: email.trim(), role, password }),
    onSuccess: () => {
      setName('');
      setEmail('');
      setRole('agent');
      setPassword('');
      return queryClient.invalidateQueries({ queryKey: settingsKeys.agents });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const created = create.data?.agent;
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="new-agent-title">
      <h3 id="new-agent-title">Add an agent</h3>
      <p className="hint">Give them the email and first password; they can change the password under My profile.</p>
      <div className="form-grid">
        <label className="field">
          <span>Name</span>
          <input className="input" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Email</span>
          <input className="input" type="email" required maxLength={254} autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Role</span>
          <select className="input" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="agent">Agent: answers chats</option>
            <option value="admin">Admin: also manages agents, tokens and webhooks</option>
          </select>
        </label>
        <label className="field">
          <span>First password</span>
          <input className="input" type="password" required minLength={10} maxLength={1024} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
      </div>
      <Problem error={create.error} />
      <Done text={created ? `${created.name} can sign in as ${created.email} now.` : null} />
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={create.isPending}>{create.isPending ? 'Adding…' : 'Add agent'}</button>
      </div>
    </form>
  );
}
