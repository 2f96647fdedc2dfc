import { ConfigError, loadConfig, type Config } from '../config.js';

/** The server's configuration (same environment variables); a wrong value ends the command with the server's message. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
