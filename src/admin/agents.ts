import { createHash } from 'node:crypto';
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { agents, agentSessions, apiTokens } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { hashPassword, randomSecret, verifyPassword } from './passwords.js';

export type AgentRow = typeof agents.$inferSelect;
export type Role = 'admin' | 'agent';
export type Availability = 'available' | 'away';

export const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export function agentView(a: AgentRow) {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    role: a.role,
    availability: a.availability,
    disabled: a.disabledAt !== null,
    last_login_at: a.lastLoginAt?.toISOString() ?? null,
    created_at: a.createdAt.toISOString(),
  };
}

/** Agents and their API tokens. Only digests of tokens are stored; a token is shown once, when created. */
export class AgentDirectory {
  constructor(private readonly db: Db) {}

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(agents);
    return row?.n ?? 0;
  }

  list(): Promise<AgentRow[]> {
    return this.db.select().from(agents).orderBy(asc(agents.createdAt));
  }

  async get(id: string): Promise<AgentRow> {
    const [row] = await this.db.select().from(agents).where(eq(agents.id, id));
    if (!row) throw new DomainError('AGENT_NOT_FOUND', 'No such agent.');
    return row;
  }

  async findByEmail(email: string): Promise<AgentRow | null> {
    const [row] = await this.db.select().from(agents).where(eq(agents.email, email.trim().toLowerCase()));
    return row ?? null;
  }

  async create(input: { name: string; email: string; password?: string; role: Role }): Promise<AgentRow> {
    const email = input.email.trim().toLowerCase();
    const [row] = await this.db
      .insert(agents)
      .values({ name: input.name.trim(), email, role: input.role, passwordHash: input.password ? await hashPassword(input.password) : null })
      .onConflictDoNothing({ target: agents.email })
      .returning();
    if (!row) throw new DomainError('AGENT_EXISTS', `An agent with the email ${email} already exists.`);
    return row;
  }

  /**
   * Fix: a password change, a role change or a disable ends the agent's sessions (a disable also revokes
   * its API tokens), in the same transaction. Sessions used to survive a password change — the point of
   * changing a leaked password — and came back when a disabled agent was enabled again. `keepSession` (a
   * session token) survives: the agent who changed their own password stays signed in where they did it.
   */
  async update(
    id: string,
    change: { name?: string; role?: Role; disabled?: boolean; password?: string; availability?: Availability },
    keepSession: string | null = null,
  ): Promise<AgentRow> {
    const passwordHash = change.password !== undefined ? await hashPassword(change.password) : undefined;
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select({ role: agents.role, disabledAt: agents.disabledAt }).from(agents).where(eq(agents.id, id)).for('update');
      if (!before) throw new DomainError('AGENT_NOT_FOUND', 'No such agent.');
      const [row] = await tx
        .update(agents)
        .set({
          ...(change.name !== undefined ? { name: change.name.trim() } : {}),
          ...(change.role !== undefined ? { role: change.role } : {}),
          ...(change.disabled !== undefined ? { disabledAt: change.disabled ? sql`coalesce(${agents.disabledAt}, now())` : null } : {}),
          ...(passwordHash !== undefined ? { passwordHash } : {}),
          ...(change.availability !== undefined ? { availability: change.availability } : {}),
        })
        .where(eq(agents.id, id))
        .returning();
      const disabling = change.disabled === true;
      const roleChanged = change.role !== undefined && change.role !== before.role;
      if (passwordHash !== undefined || roleChanged || disabling) {
        await tx.delete(agentSessions).where(and(eq(agentSessions.agentId, id), ...(keepSession ? [ne(agentSessions.tokenHash, digest(keepSession))] : [])));
      }
      if (disabling) await tx.update(apiTokens).set({ revokedAt: sql`now()` }).where(and(eq(apiTokens.agentId, id), isNull(apiTokens.revokedAt)));
      return row!;
    });
  }

  /**
   * An agent changes their own profile. A new password needs the current one (a session left open on a
   * shared computer must not be enough to take the account over).
   */
  async updateOwn(
    id: string,
    change: { name?: string; availability?: Availability; password?: string; currentPassword?: string },
    keepSession: string | null,
  ): Promise<AgentRow> {
    if (change.password !== undefined) {
      if (change.currentPassword === undefined) throw new DomainError('CURRENT_PASSWORD_REQUIRED', 'Give your current password to set a new one.');
      const agent = await this.get(id);
      if (!(await verifyPassword(change.currentPassword, agent.passwordHash))) throw new DomainError('WRONG_PASSWORD', 'The current password is wrong.');
    }
    const { currentPassword: _checked, ...rest } = change;
    return this.update(id, rest, keepSession);
  }

  async createToken(agentId: string, name: string): Promise<{ id: string; token: string; prefix: string }> {
    const agent = await this.get(agentId);
    if (agent.disabledAt) throw new DomainError('AGENT_DISABLED', 'The agent is disabled.');
    const token = `wdk_${randomSecret(30)}`;
    const prefix = token.slice(0, 10);
    const [row] = await this.db.insert(apiTokens).values({ agentId, name: name.trim(), tokenHash: digest(token), prefix }).returning({ id: apiTokens.id });
    return { id: row!.id, token, prefix };
  }

  async listTokens(agentId: string) {
    const rows = await this.db.select().from(apiTokens).where(eq(apiTokens.agentId, agentId)).orderBy(asc(apiTokens.createdAt));
    return rows.map((t) => ({
      id: t.id, name: t.name, prefix: t.prefix, created_at: t.createdAt.toISOString(),
      last_used_at: t.lastUsedAt?.toISOString() ?? null, revoked: t.revokedAt !== null,
    }));
  }

  /** Revokes a token; `ownerId` limits it to that agent's tokens (an agent revoking their own). */
  async revokeToken(tokenId: string, ownerId: string | null): Promise<void> {
    const [row] = await this.db
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt), ...(ownerId ? [eq(apiTokens.agentId, ownerId)] : [])))
      .returning({ id: apiTokens.id });
    if (!row) throw new DomainError('TOKEN_NOT_FOUND', 'No such active token.');
  }
}
