import { ConfigError, loadConfig } from '../config.js';
import { reportStartupError } from '../startup-errors.js';
import { openDatabase } from './client.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the PGlite database in DATA_DIR. */
let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
try {
  const database = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir, purpose: 'migrate' });
  await database.close();
  console.log(`Migrations applied (${database.kind}).`);
} catch (err) {
  process.exit(reportStartupError(err, config, config.logLevel));
}
