// The portal's browser bundle: `npm run build` runs `vite build` with this file; the output in
// dist/portal is served by apps/portal/src (the portal server), never by Vite at run time.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

export default defineConfig({
  root: join(here, 'web'),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  resolve: {
    alias: {
      // Fonts come from bootstrap-italia's own package, bundled with the portal (no font CDN).
      '@bootstrap-italia': join(root, 'node_modules', 'bootstrap-italia', 'dist'),
    },
  },
  // Vite 8 compiles JSX itself (oxc): no React plugin needed for a production build.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: join(root, 'dist', 'portal'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // react-bootstrap (inside design-react-kit) marks its modules "use client", which means
      // nothing outside React Server Components: the notice is noise in a client-only bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
});
