import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONTENT_FILE, DEFAULT_GRAPH_API_URL, loadConfig, SIMULATOR_CREDENTIALS } from '../src/config.js';

const CLOUD = {
  WHATSAPP_ACCESS_TOKEN: 'EAAG-real-token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_APP_SECRET: 'app-secret',
  WHATSAPP_VERIFY_TOKEN: 'verify-token',
};

/** The simulator's credentials as the config carries them (the display number is the simulator's own). */
const { displayPhoneNumber: _display, ...SIMULATOR_WHATSAPP } = SIMULATOR_CREDENTIALS;

/** The problems `loadConfig` reports for `env` (it must throw a ConfigError). */
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('Invalid configuration');
    return (err as ConfigError).problems;
  }
  throw new Error('loadConfig accepted the configuration');
}

describe('loadConfig', () => {
  it('runs out of the box: simulator mode, embedded PGlite in ./data, port 3000 on localhost', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: './data',
      logLevel: 'info',
      production: false,
      adminApiToken: null,
      metricsToken: null,
      whatsapp: { mode: 'simulator', ...SIMULATOR_WHATSAPP, apiUrl: null },
      trustProxy: undefined,
      media: { s3: null, retentionDays: null },
      webhooks: { allowPrivateTargets: false },
      defaultCountry: null,
      contentFile: DEFAULT_CONTENT_FILE,
    });
  });

  it('lets webhooks reach private addresses only when WEBHOOKS_ALLOW_PRIVATE_TARGETS=true', () => {
    expect(loadConfig({ WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' }).webhooks).toEqual({ allowPrivateTargets: true });
    expect(loadConfig({ WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'false' }).webhooks).toEqual({ allowPrivateTargets: false });
    expect(problems({ WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'yes' })).toEqual([expect.stringContaining('WEBHOOKS_ALLOW_PRIVATE_TARGETS must be true or false')]);
    expect(problems({ WEBHOOKS_ALLOW_PRIVATE: 'true' })).toEqual(['WEBHOOKS_ALLOW_PRIVATE is not a setting wadesk knows (misspelt?)']);
  });

  it('reads local phone numbers in the search with DEFAULT_COUNTRY_CODE, a two-letter country', () => {
    expect(loadConfig({ DEFAULT_COUNTRY_CODE: 'ng' }).defaultCountry).toBe('NG');
    expect(problems({ DEFAULT_COUNTRY_CODE: 'Nigeria' })).toEqual([expect.stringContaining('DEFAULT_COUNTRY_CODE must be a two-letter country code')]);
    expect(problems({ DEFAULT_COUNTRY_CODE: 'XX' })).toEqual([expect.stringContaining('DEFAULT_COUNTRY_CODE')]);
  });

  it('keeps attachments in an S3-compatible bucket when MEDIA_S3_BUCKET is set, path-style with an endpoint', () => {
    expect(loadConfig({
      MEDIA_S3_BUCKET: 'school-media', MEDIA_S3_ENDPOINT: 'https://minio.example.com', MEDIA_S3_ACCESS_KEY_ID: 'k', MEDIA_S3_SECRET_ACCESS_KEY: 's',
      MEDIA_S3_PREFIX: 'wadesk', MEDIA_RETENTION_DAYS: '90',
    }).media).toEqual({
      s3: { bucket: 'school-media', endpoint: 'https://minio.example.com', region: 'us-east-1', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true, prefix: 'wadesk/' },
      retentionDays: 90,
    });
    expect(loadConfig({ MEDIA_S3_BUCKET: 'b' }).media?.s3).toMatchObject({ endpoint: null, forcePathStyle: false, accessKeyId: null, prefix: '' });
  });

  it('says what is wrong with the media settings', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as { problems: string[] }).problems;
      }
    };
    expect(problems({ MEDIA_S3_ENDPOINT: 'https://s3.example.com' })).toEqual(['MEDIA_S3_ENDPOINT is set but MEDIA_S3_BUCKET is not: set the bucket to keep attachments in S3']);
    expect(problems({ MEDIA_S3_BUCKET: 'b', MEDIA_S3_ACCESS_KEY_ID: 'k' })).toEqual([expect.stringContaining('go together')]);
    expect(problems({ MEDIA_S3_BUCKET: 'b', MEDIA_S3_ENDPOINT: 'minio:9000' })).toEqual([expect.stringContaining('http(s) URL')]);
    expect(problems({ MEDIA_RETENTION_DAYS: '0' })).toEqual([expect.stringContaining('MEDIA_RETENTION_DAYS')]);
    expect(problems({ MEDIA_S3_BUCKT: 'b' })).toEqual(['MEDIA_S3_BUCKT is not a setting wadesk knows (misspelt?)']);
  });

  it('ignores blank values as if they were unset', () => {
    expect(loadConfig({ PORT: '', WHATSAPP_ACCESS_TOKEN: '  ', DATA_DIR: '' })).toMatchObject({ port: 3000, dataDir: './data', whatsapp: { mode: 'simulator' } });
  });

  it('reads the server settings', () => {
    const config = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/var/lib/wadesk', LOG_LEVEL: 'debug', DATABASE_URL: 'postgres://u:p@db:5432/wadesk' });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', dataDir: '/var/lib/wadesk', logLevel: 'debug', databaseUrl: 'postgres://u:p@db:5432/wadesk' });
  });

  it('switches to the Cloud API when an access token is set, with Meta’s Graph API by default', () => {
    expect(loadConfig(CLOUD).whatsapp).toEqual({
      mode: 'cloud',
      accessToken: 'EAAG-real-token',
      phoneNumberId: '106540352242922',
      appSecret: 'app-secret',
      verifyToken: 'verify-token',
      apiUrl: DEFAULT_GRAPH_API_URL,
      businessAccountId: null,
    });
    expect(loadConfig({ ...CLOUD, WHATSAPP_API_URL: 'http://127.0.0.1:4000/v23.0/' }).whatsapp.apiUrl).toBe('http://127.0.0.1:4000/v23.0');
  });

  it('takes the WhatsApp Business Account whose templates are synced; the simulator has its own', () => {
    expect(loadConfig({ ...CLOUD, WHATSAPP_BUSINESS_ACCOUNT_ID: '102290129340398' }).whatsapp.businessAccountId).toBe('102290129340398');
    expect(loadConfig({}).whatsapp.businessAccountId).toBe(SIMULATOR_CREDENTIALS.businessAccountId);
    expect(problems({ ...CLOUD, WHATSAPP_BUSINESS_ACCOUNT_ID: 'my-waba' })).toEqual([expect.stringContaining('WHATSAPP_BUSINESS_ACCOUNT_ID must be the numeric')]);
  });

  it('in cloud mode requires the phone number id, the app secret and the verify token, naming each one missing', () => {
    expect(problems({ WHATSAPP_ACCESS_TOKEN: 'EAAG-real-token' })).toEqual([
      expect.stringContaining('WHATSAPP_PHONE_NUMBER_ID is required'),
      expect.stringContaining('WHATSAPP_APP_SECRET is required'),
      expect.stringContaining('WHATSAPP_VERIFY_TOKEN is required'),
    ]);
    const { WHATSAPP_APP_SECRET: _left, ...withoutSecret } = CLOUD;
    expect(problems(withoutSecret)).toEqual([expect.stringContaining('WHATSAPP_APP_SECRET')]);
  });

  it('refuses a phone number id that is not the numeric id', () => {
    expect(problems({ ...CLOUD, WHATSAPP_PHONE_NUMBER_ID: '+1 555 078 3881' })).toEqual([expect.stringContaining('WHATSAPP_PHONE_NUMBER_ID')]);
  });

  it('names a misspelt WhatsApp setting instead of silently falling back to the simulator', () => {
    const found = problems({ WHATSAPP_ACESS_TOKEN: 'EAAG-real-token' });
    expect(found).toEqual([expect.stringContaining('WHATSAPP_ACESS_TOKEN')]);
    expect(found[0]).toMatch(/misspelt/);
    expect(problems({ WADESK_PORT: '3000' })).toEqual([expect.stringContaining('WADESK_PORT')]);
  });

  it.each(['abc', '-1', '65536', '3000.5', '80 80'])('refuses PORT=%j', (port) => {
    expect(problems({ PORT: port })).toEqual([expect.stringContaining('PORT')]);
  });

  it('accepts PORT=0 (any free port) and 65535', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  it('requires ADMIN_API_TOKEN in production, of at least 16 characters', () => {
    expect(problems({ ...CLOUD, NODE_ENV: 'production' })).toEqual([expect.stringContaining('ADMIN_API_TOKEN is required when NODE_ENV=production')]);
    expect(problems({ ...CLOUD, NODE_ENV: 'production', ADMIN_API_TOKEN: 'short' })).toEqual([expect.stringContaining('at least 16 characters')]);
    expect(loadConfig({ ...CLOUD, NODE_ENV: 'production', ADMIN_API_TOKEN: 'a-long-enough-admin-token' })).toMatchObject({ production: true, adminApiToken: 'a-long-enough-admin-token' });
  });

  it('refuses to run production in simulator mode (its app secret is public) unless WHATSAPP_SIMULATOR=1 asks for it', () => {
    const production = { NODE_ENV: 'production', ADMIN_API_TOKEN: 'a-long-enough-admin-token' };
    const found = problems(production);
    expect(found).toEqual([expect.stringContaining('WHATSAPP_ACCESS_TOKEN')]);
    expect(found[0]).toContain('WHATSAPP_SIMULATOR=1');
    expect(problems({ ...production, WHATSAPP_SIMULATOR: '0' })).toHaveLength(1);
    expect(loadConfig({ ...production, WHATSAPP_SIMULATOR: '1' })).toMatchObject({ production: true, whatsapp: { mode: 'simulator' } });
    expect(loadConfig({ ...production, ...CLOUD }).whatsapp.mode).toBe('cloud');
    // Outside production the simulator stays the default.
    expect(loadConfig({ WHATSAPP_SIMULATOR: '1' }).whatsapp.mode).toBe('simulator');
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, an unknown LOG_LEVEL and a WHATSAPP_API_URL that is not http(s)', () => {
    expect(problems({ DATABASE_URL: 'mysql://db/wadesk' })).toEqual([expect.stringContaining('DATABASE_URL')]);
    expect(problems({ LOG_LEVEL: 'verbose' })).toEqual([expect.stringContaining('LOG_LEVEL')]);
    expect(problems({ WHATSAPP_API_URL: 'graph.facebook.com/v23.0' })).toEqual([expect.stringContaining('WHATSAPP_API_URL')]);
  });

  it('reports every problem at once', () => {
    expect(problems({ PORT: 'x', LOG_LEVEL: 'loud', WHATSAPP_ACESS_TOKEN: 't', NODE_ENV: 'production' })).toHaveLength(5);
  });
});
