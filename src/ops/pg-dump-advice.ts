/** What to run instead on PostgreSQL, where the server's own tools make consistent, restorable dumps. */
export const PG_DUMP_ADVICE = [
  'wadesk is on PostgreSQL (DATABASE_URL): back it up with PostgreSQL\'s own tools, e.g.',
  '  pg_dump --format=custom --no-owner --file=wadesk.dump "$DATABASE_URL"',
  'and restore into an empty database (wadesk stopped) with',
  '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" wadesk.dump',
].join('\n');
