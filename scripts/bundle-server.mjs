// Bundles the compiled server (DIR/server.js, tsc's output) into DIR/server.js and DIR/server-chunks/: what
// `npm start` runs. Loading the server as some 1,100 separate ES modules (typebox alone is 683 files,
// drizzle 107, libphonenumber-js 93, ours 173) took 0.8–1.2 s of every start; bundled, 0.25–0.45 s
// (docs/benchmarks.md, "Start and restart"). The other files of DIR stay as tsc wrote them, for the CLI.
//
// Left to node_modules: packages that find files beside their own at run time (PGlite's WASM and data,
// swagger-ui's pages, pino's transport workers), the drivers loaded only when configured (pg, the AWS SDK),
// and the development-only ones.
import { build } from 'esbuild';
import path from 'node:path';

const EXTERNAL = new Set([
  '@electric-sql/pglite', '@fastify/swagger-ui', 'pino', 'pino-pretty', 'thread-stream', 'pg', 'pg-native', '@aws-sdk/client-s3', 'tsx', 'esbuild', 'typescript',
]);
const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/bundle-server.mjs DIR (holding tsc\'s output)');
  process.exit(2);
}
await build({
  entryPoints: [path.join(dir, 'server.js')],
  outdir: dir,
  entryNames: '[name]',
  // The app is imported while the database opens (src/server.ts): it stays a chunk of its own.
  chunkNames: 'server-chunks/[name]-[hash]',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // CommonJS packages inside an ES module bundle call require() for Node's own modules.
  banner: { js: "import { createRequire as __wadeskRequire } from 'node:module'; const require = __wadeskRequire(import.meta.url);" },
  plugins: [{
    name: 'wadesk-externals',
    setup(bundler) {
      bundler.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('node:') || EXTERNAL.has(packageOf(args.path)) ? { path: args.path, external: true } : undefined));
    },
  }],
});
