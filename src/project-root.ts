import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding wadesk's package.json (and `migrations/`, `content/`, `web/dist/`), found by walking
 * up from this module: the same from `src/` (tsx), `dist/` (tsc output) and the bundled server
 * (`dist/server-chunks/`), where a path relative to the module's own file would point elsewhere.
 */
export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'migrations'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
