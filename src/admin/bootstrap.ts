import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import type { AgentDirectory } from './agents.js';
import { randomSecret } from './passwords.js';

/** What the server needs to start without any agent yet: the bootstrap admin token, and a first admin. */

export const sha256 = (value: string) => createHash('sha256').update(value).digest();

export interface BootstrapToken {
  /** SHA-256 of the token: the only form kept in memory. */
  digest: Buffer;
  /** Set when this start generated the token: the server prints it once. */
  generated: string | null;
  /** The file it is kept in (DATA_DIR/admin-token); null when it came from ADMIN_API_TOKEN. */
  file: string | null;
}

/** ADMIN_API_TOKEN, or (outside it) the token kept in DATA_DIR/admin-token, generated on first start. */
export async function loadBootstrapToken(config: Config): Promise<BootstrapToken> {
  if (config.adminApiToken) return { digest: sha256(config.adminApiToken), generated: null, file: null };
  const file = path.resolve(config.dataDir, 'admin-token');
  const existing = await readFile(file, 'utf8').then((t) => t.trim(), () => '');
  if (existing.length >= 16) return { digest: sha256(existing), generated: null, file };
  const token = randomSecret();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return { digest: sha256(token), generated: token, file };
}

/**
 * Outside production, an empty agents table gets a first admin so the inbox can be tried at once;
 * the password is generated, printed once and kept in DATA_DIR/admin-credentials.
 */
export async function ensureFirstAdmin(agents: AgentDirectory, config: Config): Promise<{ email: string; password: string; file: string } | null> {
  if (config.production || (await agents.count()) > 0) return null;
  const email = 'admin@wadesk.local';
  const password = randomSecret(12);
  await agents.create({ name: 'Admin', email, password, role: 'admin' });
  const file = path.resolve(config.dataDir, 'admin-credentials');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `email: ${email}\npassword: ${password}\n`, { mode: 0o600 });
  return { email, password, file };
}
