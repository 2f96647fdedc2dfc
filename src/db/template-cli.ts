import { buildPgliteTemplate, PGLITE_TEMPLATE_DIR, templateIsCurrent } from './pglite-template.js';

/** Part of `npm run build`: makes the migrated PGlite template a new DATA_DIR starts from (pglite-template.ts). */
if (await templateIsCurrent()) {
  console.log(`PGlite template in ${PGLITE_TEMPLATE_DIR} is current.`);
} else {
  const started = performance.now();
  console.log('Making the PGlite template (initdb and migrations, once per set of migrations)…');
  await buildPgliteTemplate();
  console.log(`PGlite template ready in ${PGLITE_TEMPLATE_DIR} (${((performance.now() - started) / 1000).toFixed(1)} s).`);
}
