import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared WhatsApp fixtures sit beside the project: `<root>/../shared/fixtures/whatsapp/`. */
export const fixturesDir = path.resolve(projectRoot, '..', 'shared', 'fixtures', 'whatsapp');

export function fixturePath(name: string): string {
  return path.join(fixturesDir, name);
}

/** `raw` is the exact bytes (what Meta signs); `json` is the parsed body. */
export function loadFixture(name: string): { raw: Buffer; json: any } {
  const raw = readFileSync(fixturePath(name));
  return { raw, json: JSON.parse(raw.toString('utf8')) };
}
