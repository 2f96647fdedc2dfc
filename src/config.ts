import path from 'node:path';
import { PROJECT_ROOT } from './project-root.js';
import { isIP } from 'node:net';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';

/**
 * Configuration, read once from the environment at start-up. Invalid values, half-configured WhatsApp
 * credentials and misspelt WHATSAPP_ or WADESK_ names stop the process with a message that says what to fix.
 */
export interface WhatsAppConfig {
  /** `simulator` when no access token is set: the built-in fake Graph API answers instead of Meta. */
  mode: 'simulator' | 'cloud';
  accessToken: string;
  phoneNumberId: string;
  appSecret: string;
  verifyToken: string;
  /** Graph API base including the version. In simulator mode unset means "this server's own fake". */
  apiUrl: string | null;
  /** The WhatsApp Business Account the templates are listed from; null: templates are not synced. */
  businessAccountId: string | null;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  logLevel: string;
  production: boolean;
  adminApiToken: string | null;
  /** Bearer token that may read /metrics (admin tokens may too). */
  metricsToken: string | null;
  whatsapp: WhatsAppConfig;
  /**
   * CONTENT_FILE: the bot's texts, menus and languages (YAML or JSON); unset: `content/default.yaml`, the
   * file shipped with wadesk. null (tests, embedders): the built-in English content, no file.
   */
  contentFile?: string | null;
  /** TRUST_PROXY, as Fastify's `trustProxy`: whom to believe about the client address (X-Forwarded-For); unset trusts none. */
  trustProxy?: TrustProxy;
  /** Where attachments are kept; unset: files under DATA_DIR/media, kept for good. */
  media?: MediaConfig;
  /** DEFAULT_COUNTRY_CODE: how the inbox's search reads a number written locally (`0801…` in NG); unset: none. */
  defaultCountry?: CountryCode | null;
  /** Outgoing webhooks; unset: only public addresses may receive them. */
  webhooks?: WebhooksConfig;
}

export interface WebhooksConfig {
  /**
   * WEBHOOKS_ALLOW_PRIVATE_TARGETS: let webhooks go to loopback, private and link-local addresses (a
   * receiver on the same machine or network). Off by default: an admin's webhook URL must not become a
   * way to reach the server's own network (SSRF).
   */
  allowPrivateTargets: boolean;
}

export interface MediaConfig {
  /** An S3-compatible bucket (what several instances on PostgreSQL need); null: files under DATA_DIR/media. */
  s3: S3Config | null;
  /** Attachments older than this many days are deleted (their messages stay); null keeps them. */
  retentionDays: number | null;
}

export interface S3Config {
  bucket: string;
  /** For S3-compatible services (MinIO, R2, …); unset means AWS. */
  endpoint: string | null;
  region: string;
  /** Unset: the AWS SDK's usual sources (environment, instance role). */
  accessKeyId: string | null;
  secretAccessKey: string | null;
  /** `bucket.host/key` (false) or `host/bucket/key` (true, what most S3-compatible services want). */
  forcePathStyle: boolean;
  /** Prepended to every key, e.g. `wadesk/`. */
  prefix: string;
}

/** `true` (any proxy), a number of proxy hops, or the addresses/CIDRs of the proxies; `false` trusts none. */
export type TrustProxy = boolean | number | string[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** The simulator's own credentials: public on purpose, they only ever talk to this process. */
export const SIMULATOR_CREDENTIALS = {
  accessToken: 'wadesk-simulator-access-token',
  phoneNumberId: '100000000000001',
  /** The simulated WhatsApp Business Account (its message templates are in simulator/templates.ts). */
  businessAccountId: '102290129340398',
  displayPhoneNumber: '15550001111',
  appSecret: 'wadesk-simulator-app-secret',
  verifyToken: 'wadesk-simulator-verify-token',
} as const;

export const DEFAULT_GRAPH_API_URL = 'https://graph.facebook.com/v23.0';

const KNOWN = new Set([
  'PORT', 'HOST', 'DATABASE_URL', 'DATA_DIR', 'LOG_LEVEL', 'NODE_ENV', 'ADMIN_API_TOKEN',
  'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN',
  'WHATSAPP_API_URL', 'WHATSAPP_SIMULATOR', 'WHATSAPP_BUSINESS_ACCOUNT_ID', 'WADESK_URL', 'TRUST_PROXY', 'METRICS_TOKEN',
  'MEDIA_S3_BUCKET', 'MEDIA_S3_ENDPOINT', 'MEDIA_S3_REGION', 'MEDIA_S3_ACCESS_KEY_ID', 'MEDIA_S3_SECRET_ACCESS_KEY',
  'MEDIA_S3_FORCE_PATH_STYLE', 'MEDIA_S3_PREFIX', 'MEDIA_RETENTION_DAYS', 'WEBHOOKS_ALLOW_PRIVATE_TARGETS', 'DEFAULT_COUNTRY_CODE', 'CONTENT_FILE',
]);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  for (const name of Object.keys(env)) {
    if (/^(WHATSAPP|WADESK|MEDIA|WEBHOOKS)_/.test(name) && !KNOWN.has(name)) problems.push(`${name} is not a setting wadesk knows (misspelt?)`);
  }

  const portText = get('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) problems.push(`PORT must be a number from 0 to 65535, got "${portText}"`);

  const databaseUrl = get('DATABASE_URL') ?? null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');

  const logLevel = get('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const whatsapp = whatsappConfig(get, problems);
  const adminApiToken = get('ADMIN_API_TOKEN') ?? null;
  if (adminApiToken !== null && adminApiToken.length < 16) problems.push('ADMIN_API_TOKEN must be at least 16 characters');

  const metricsToken = get('METRICS_TOKEN') ?? null;
  if (metricsToken !== null && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters');

  const production = get('NODE_ENV') === 'production';
  if (production && adminApiToken === null) problems.push('ADMIN_API_TOKEN is required when NODE_ENV=production (outside production a token is generated into DATA_DIR/admin-token)');
  // The simulator's app secret is public: in production it would let anyone forge webhooks.
  if (production && whatsapp.mode === 'simulator' && get('WHATSAPP_SIMULATOR') !== '1') {
    problems.push('WHATSAPP_ACCESS_TOKEN (with WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN) is required when NODE_ENV=production; to run the built-in simulator in production anyway, set WHATSAPP_SIMULATOR=1');
  }

  const trustProxy = trustProxySetting(get('TRUST_PROXY'), problems);
  const media = mediaConfig(get, problems);
  const allowPrivateTargets = get('WEBHOOKS_ALLOW_PRIVATE_TARGETS') ?? 'false';
  if (allowPrivateTargets !== 'true' && allowPrivateTargets !== 'false') problems.push(`WEBHOOKS_ALLOW_PRIVATE_TARGETS must be true or false, got "${allowPrivateTargets}"`);
  const defaultCountry = countrySetting(get('DEFAULT_COUNTRY_CODE'), problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host: get('HOST') ?? '127.0.0.1',
    databaseUrl,
    dataDir: get('DATA_DIR') ?? './data',
    logLevel,
    production,
    adminApiToken,
    metricsToken,
    whatsapp,
    trustProxy,
    media,
    webhooks: { allowPrivateTargets: allowPrivateTargets === 'true' },
    defaultCountry,
    contentFile: get('CONTENT_FILE') || DEFAULT_CONTENT_FILE,
  };
}

/** The content shipped with wadesk, also the file an operator copies to start their own. */
export const DEFAULT_CONTENT_FILE = path.join(PROJECT_ROOT, 'content', 'default.yaml');

/** DEFAULT_COUNTRY_CODE: two letters (ISO 3166), e.g. NG, GB, IN; unset: numbers are only found as written or without their trunk 0. */
function countrySetting(value: string | undefined, problems: string[]): CountryCode | null {
  if (value === undefined) return null;
  const code = value.toUpperCase();
  if (isSupportedCountry(code)) return code;
  problems.push(`DEFAULT_COUNTRY_CODE must be a two-letter country code such as NG, GB or IN; got "${value}"`);
  return null;
}

function mediaConfig(get: (name: string) => string | undefined, problems: string[]): MediaConfig {
  const retentionText = get('MEDIA_RETENTION_DAYS');
  let retentionDays: number | null = null;
  if (retentionText !== undefined) {
    if (/^\d+$/.test(retentionText) && Number(retentionText) >= 1) retentionDays = Number(retentionText);
    else problems.push(`MEDIA_RETENTION_DAYS must be a whole number of days (1 or more), or unset to keep attachments; got "${retentionText}"`);
  }
  const bucket = get('MEDIA_S3_BUCKET');
  const others = ['MEDIA_S3_ENDPOINT', 'MEDIA_S3_REGION', 'MEDIA_S3_ACCESS_KEY_ID', 'MEDIA_S3_SECRET_ACCESS_KEY', 'MEDIA_S3_FORCE_PATH_STYLE', 'MEDIA_S3_PREFIX'];
  if (bucket === undefined) {
    const stray = others.filter((name) => get(name) !== undefined);
    if (stray.length > 0) problems.push(`${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but MEDIA_S3_BUCKET is not: set the bucket to keep attachments in S3`);
    return { s3: null, retentionDays };
  }
  const endpoint = get('MEDIA_S3_ENDPOINT') ?? null;
  if (endpoint !== null && !/^https?:\/\/[^/]+/.test(endpoint)) problems.push('MEDIA_S3_ENDPOINT must be an http(s) URL such as https://s3.example.com');
  const accessKeyId = get('MEDIA_S3_ACCESS_KEY_ID') ?? null;
  const secretAccessKey = get('MEDIA_S3_SECRET_ACCESS_KEY') ?? null;
  if ((accessKeyId === null) !== (secretAccessKey === null)) problems.push('MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK\'s usual credentials');
  const pathStyle = get('MEDIA_S3_FORCE_PATH_STYLE');
  if (pathStyle !== undefined && pathStyle !== 'true' && pathStyle !== 'false') problems.push('MEDIA_S3_FORCE_PATH_STYLE must be true or false');
  const prefix = get('MEDIA_S3_PREFIX') ?? '';
  return {
    s3: {
      bucket, endpoint, region: get('MEDIA_S3_REGION') ?? 'us-east-1', accessKeyId, secretAccessKey,
      forcePathStyle: pathStyle === undefined ? endpoint !== null : pathStyle === 'true',
      prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    },
    retentionDays,
  };
}

/**
 * TRUST_PROXY: unset or `false` takes the TCP peer as the client (right when nothing sits in front);
 * behind a reverse proxy, name it — `127.0.0.1`, `10.0.0.0/8,192.168.1.5` — or count hops (`1`), so the
 * client address (login limits, logs) comes from X-Forwarded-For. `true` believes any sender of the
 * header: only when the port cannot be reached except through the proxy.
 */
function trustProxySetting(value: string | undefined, problems: string[]): TrustProxy | undefined {
  if (value === undefined) return undefined;
  if (value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 100) return hops;
  }
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const bad = entries.filter((entry) => !isAddressOrCidr(entry));
  if (entries.length === 0 || bad.length > 0 || /^\d+$/.test(value)) {
    problems.push(`TRUST_PROXY must be true, false, a hop count from 1 to 100, or a comma-separated list of proxy addresses/CIDRs (e.g. 127.0.0.1,10.0.0.0/8); got "${value}"`);
    return false;
  }
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function whatsappConfig(get: (name: string) => string | undefined, problems: string[]): WhatsAppConfig {
  const accessToken = get('WHATSAPP_ACCESS_TOKEN');
  const apiUrl = get('WHATSAPP_API_URL') ?? null;
  if (apiUrl !== null && !/^https?:\/\/[^/]+/.test(apiUrl)) problems.push('WHATSAPP_API_URL must be an http(s) URL such as https://graph.facebook.com/v23.0');
  const businessAccountId = get('WHATSAPP_BUSINESS_ACCOUNT_ID') ?? null;
  if (businessAccountId !== null && !/^\d+$/.test(businessAccountId)) problems.push('WHATSAPP_BUSINESS_ACCOUNT_ID must be the numeric WhatsApp Business Account id from the WhatsApp Manager');

  if (accessToken === undefined) {
    return {
      mode: 'simulator',
      accessToken: SIMULATOR_CREDENTIALS.accessToken,
      phoneNumberId: get('WHATSAPP_PHONE_NUMBER_ID') ?? SIMULATOR_CREDENTIALS.phoneNumberId,
      appSecret: get('WHATSAPP_APP_SECRET') ?? SIMULATOR_CREDENTIALS.appSecret,
      verifyToken: get('WHATSAPP_VERIFY_TOKEN') ?? SIMULATOR_CREDENTIALS.verifyToken,
      apiUrl: apiUrl?.replace(/\/+$/, '') ?? null,
      businessAccountId: businessAccountId ?? SIMULATOR_CREDENTIALS.businessAccountId,
    };
  }
  const required = ['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'];
  for (const name of required) {
    if (get(name) === undefined) problems.push(`${name} is required when WHATSAPP_ACCESS_TOKEN is set`);
  }
  const phoneNumberId = get('WHATSAPP_PHONE_NUMBER_ID') ?? '';
  if (phoneNumberId && !/^\d+$/.test(phoneNumberId)) problems.push('WHATSAPP_PHONE_NUMBER_ID must be the numeric phone number id from the WhatsApp Manager');
  return {
    mode: 'cloud',
    accessToken,
    phoneNumberId,
    appSecret: get('WHATSAPP_APP_SECRET') ?? '',
    verifyToken: get('WHATSAPP_VERIFY_TOKEN') ?? '',
    apiUrl: (apiUrl ?? DEFAULT_GRAPH_API_URL).replace(/\/+$/, ''),
    businessAccountId,
  };
}
