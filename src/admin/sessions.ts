import { timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { agentSessions, agents, apiTokens } from '../db/schema.js';
import { AppError } from '../errors.js';
import { digest, type AgentDirectory, type AgentRow, type Role } from './agents.js';
import { sha256 } from './bootstrap.js';
import { preparedQuery } from '../db/prepared.js';
import { randomSecret, verifyPassword } from './passwords.js';

/** Who is calling the admin API. */
export interface Principal {
  /** bootstrap: ADMIN_API_TOKEN; token: an agent's API token; session: the web inbox cookie. */
  kind: 'bootstrap' | 'token' | 'session';
  agentId: string | null;
  role: Role;
  name: string;
}

export const SESSION_COOKIE = 'wadesk_session';
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** How often a token's `last_used_at` is written at most (checked on the row read, and again in the update). */
const TOKEN_TOUCH_MS = 60_000;

export const unauthorized = (message: string) => new AppError(401, 'UNAUTHORIZED', message);

/**
 * Credentials and what they prove: the bootstrap token, agents' API tokens, and the inbox's sessions
 * (logging in and out). Tokens are stored and compared as SHA-256 digests and never logged.
 */
export class Credentials {
  constructor(
    private readonly db: Db,
    private readonly agents: AgentDirectory,
    private readonly bootstrapDigest: Buffer,
  ) {}

  async fromToken(token: string): Promise<Principal> {
    if (timingSafeEqual(sha256(token), this.bootstrapDigest)) return { kind: 'bootstrap', agentId: null, role: 'admin', name: 'Admin' };
    const [row] = await tokenOwner(this.db).execute({ hash: digest(token) });
    if (!row) throw unauthorized('The token is not valid (or was revoked).');
    refuseDisabled(row.agent);
    // At most one write a minute per token: a busy integration should not write on every call, nor send a
    // statement that writes nothing (the read above says whether the minute is over; the condition stays in
    // the update for two calls that both think so).
    if (row.lastUsedAt === null || Date.now() - row.lastUsedAt.getTime() >= TOKEN_TOUCH_MS) {
      await this.db
        .update(apiTokens)
        .set({ lastUsedAt: sql`now()` })
        .where(and(eq(apiTokens.id, row.tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - ${TOKEN_TOUCH_MS} * interval '1 millisecond'`))));
    }
    return { kind: 'token', agentId: row.agent.id, role: row.agent.role, name: row.agent.name };
  }

  async fromSession(token: string): Promise<Principal> {
    const [row] = await sessionOwner(this.db).execute({ hash: digest(token) });
    if (!row) throw unauthorized('The session has expired; log in again.');
    refuseDisabled(row.agent);
    return { kind: 'session', agentId: row.agent.id, role: row.agent.role, name: row.agent.name };
  }

  /** Checks the password; returns the session token for the cookie. */
  async login(email: string, password: string): Promise<{ token: string; agent: AgentRow }> {
    const agent = await this.agents.findByEmail(email);
    const ok = await verifyPassword(password, agent?.passwordHash ?? null);
    if (!agent || !ok || agent.disabledAt) throw new AppError(401, 'INVALID_CREDENTIALS', 'The email or password is wrong.');
    const token = randomSecret(32);
    await this.db.insert(agentSessions).values({ agentId: agent.id, tokenHash: digest(token), expiresAt: new Date(Date.now() + SESSION_TTL_MS) });
    await this.db.update(agents).set({ lastLoginAt: sql`now()` }).where(eq(agents.id, agent.id));
    await this.db.delete(agentSessions).where(lt(agentSessions.expiresAt, sql`now()`));
    return { token, agent };
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await this.db.delete(agentSessions).where(eq(agentSessions.tokenHash, digest(token)));
  }
}

/** What a credential proves: its agent (the columns a principal needs). Both run on every admin request. */
const owner = { id: agents.id, role: agents.role, name: agents.name, disabledAt: agents.disabledAt };
const tokenOwner = preparedQuery('wadesk_token_owner', (db, name) => db
  .select({ agent: owner, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
  .from(apiTokens)
  .innerJoin(agents, eq(agents.id, apiTokens.agentId))
  .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt)))
  .prepare(name));
const sessionOwner = preparedQuery('wadesk_session_owner', (db, name) => db
  .select({ agent: owner })
  .from(agentSessions)
  .innerJoin(agents, eq(agents.id, agentSessions.agentId))
  .where(and(eq(agentSessions.tokenHash, sql.placeholder('hash')), gt(agentSessions.expiresAt, sql`now()`)))
  .prepare(name));

function refuseDisabled(agent: Pick<AgentRow, 'disabledAt'>): void {
  if (agent.disabledAt) throw new AppError(401, 'ACCOUNT_DISABLED', 'This agent account is disabled.');
}
