// Compiles the server (src/ → dist/) and makes its PGlite template when they are missing or older than
// their sources, so `npm start` runs plain JavaScript without a separate build step. `--force` (npm run
// build) compiles in any case.
import { buildServer, buildTemplate, serverBuildIsStale, templateIsStale } from './server-build.mjs';

try {
  if (process.argv.includes('--force') || serverBuildIsStale()) {
    console.log('Compiling the server (src/ → dist/)…');
    buildServer();
    buildTemplate();
  } else if (templateIsStale()) {
    buildTemplate();
  }
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
