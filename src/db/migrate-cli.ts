import { loadConfig } from '../config.js';
import { openDatabase } from './client.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the PGlite database in DATA_DIR. */
const config = loadConfig();
const database = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
await database.close();
console.log(`Migrations applied (${database.kind}).`);
