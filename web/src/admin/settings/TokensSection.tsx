import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CreatedToken } from '@contract/agents';
import type { SectionProps } from './section-props';
import { agentsQuery, settingsApi, settingsKeys, tokensQuery } from './settings-api';
import { ConfirmButton, Problem, SecretOnce, When } from './parts';

/**
 * Admins: API tokens, for integrations and scripts. A token acts as the agent it belongs to (with their
 * role); only its digest is stored, so it is shown once.
 */
export function TokensSection({ me }: SectionProps) {
  const agents = useQuery(agentsQuery);
  const active = agents.data?.agents.filter((agent) => !agent.disabled) ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const agentId = chosen ?? (active.some((agent) => agent.id === me.id) ? me.id : active[0]?.id) ?? null;
  return (
    <>
      <p className="hint">A token acts as its agent, with their role: send it as <code>Authorization: Bearer &lt;token&gt;</code>. Deactivating the agent revokes their tokens.</p>
      <Problem error={agents.error} />
      {active.length > 0 ? (
        <label className="field narrow">
          <span>Tokens of</span>
          <select className="input" value={agentId ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {active.map((agent) => <option key={agent.id} value={agent.id}>{agent.name} ({agent.email})</option>)}
          </select>
        </label>
      ) : agents.isSuccess ? <p className="muted">There is no active agent to hold a token. Add one under Agents.</p> : null}
      {agentId ? <AgentTokens key={agentId} agentId={agentId} /> : null}
    </>
  );
}

function AgentTokens({ agentId }: { agentId: string }) {
  const queryClient = useQueryClient();
  const tokens = useQuery(tokensQuery(agentId));
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.tokens(agentId) });
  const [name, setName] = useState('');
  const [shown, setShown] = useState<CreatedToken | null>(null);
  const create = useMutation({
    mutationFn: () => settingsApi.createToken(agentId, name.trim()),
    onSuccess: (created) => {
      setShown(created);
      setName('');
      return refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => settingsApi.revokeToken(id), onSuccess: refresh });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      {shown ? (
        <SecretOnce label="The new API token" value={shown.token} note="Copy it now: it is not shown again." onDismiss={() => setShown(null)} />
      ) : (
        <form className="inline-form" onSubmit={submit}>
          <label className="field">
            <span>New token's name</span>
            <input className="input" required maxLength={100} placeholder="e.g. CRM sync" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="btn primary" disabled={create.isPending}>Create token</button>
          <Problem error={create.error} />
        </form>
      )}
      <Problem error={tokens.error ?? revoke.error} />
      {tokens.data ? (
        tokens.data.tokens.length === 0 ? <p className="muted">No tokens yet.</p> : (
          <table className="table">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Starts with</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {tokens.data.tokens.map((token) => (
                <tr key={token.id} className={token.revoked ? 'is-off' : undefined}>
                  <th scope="row">{token.name}</th>
                  <td><code>{token.prefix}…</code></td>
                  <td><When iso={token.created_at} /></td>
                  <td><When iso={token.last_used_at} /></td>
                  <td>{token.revoked ? <span className="pill off">Revoked</span> : <span className="pill on">Active</span>}</td>
                  <td className="actions">
                    {token.revoked ? null : (
                      <ConfirmButton label="Revoke" question={`Revoke the token ${token.name}?`} confirm="Revoke" busy={revoke.isPending} onConfirm={() => revoke.mutate(token.id)} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </>
  );
}
