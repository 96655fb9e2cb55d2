import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

// The web UI, served by the API process from web/dist. `npx vite --config web/vite.config.mts`
// runs it with hot reload against an API on :3000.
const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  plugins: [
    react(),
    // Every text file also as .br and .gz (best compression, once at build time); the API serves
    // the one the browser accepts (api/platform/app.ts).
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024, logLevel: 'silent' }),
  ],
  build: {
    outDir: `${here}dist`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 600, // the chart library's chunk, fetched only by the pages that draw charts
    rollupOptions: {
      output: {
        // Libraries that change rarely in chunks of their own, cached across releases of the app's
        // code; everything else (antd's components, the pages) is split by where it is used.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/, priority: 2 },
            { name: 'query', test: /node_modules[\\/](@tanstack|openapi-fetch)[\\/]/, priority: 2 },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
