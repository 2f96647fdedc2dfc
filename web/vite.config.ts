import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Paths come from this file's URL so the build works from any working directory (npm runs it from the root).
const here = (relative: string) => decodeURIComponent(new URL(relative, import.meta.url).pathname);

/** Two pages, one build: the admin inbox and the phone simulator share components, styles and chunks. */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  // The API's shapes, shared with the server (`src/contract/`); the pages import only their types.
  resolve: { alias: { '@contract': here('../src/contract') } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // The server only serves /assets/* as files; everything else under /admin and /simulator is HTML.
    assetsDir: 'assets',
    rollupOptions: {
      input: { admin: here('admin/index.html'), simulator: here('simulator/index.html') },
    },
  },
  // `npx vite --config web/vite.config.ts` gives hot reload against a server started with `npm start` (port 3000).
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/simulator/api': 'http://127.0.0.1:3000' },
  },
});
