import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

// The web UI, served by the API process from web/dist. `npx vite --config web/vite.config.mts`
// runs it with hot reload against an API on :3000.
const here = fileURLToPath(new URL('.', import.meta.url));

/** The brand colour (App.tsx's colorPrimary): the phone's status bar and the splash screen. */
const THEME_COLOUR = '#0b6e4f';

export default defineConfig({
  root: here,
  plugins: [
    react(),
    // An installable app whose shell opens without a network (issue 20). The service worker
    // precaches the build (HTML, scripts, styles, icons) and answers every navigation with
    // index.html; it leaves /api alone: API calls always go to the network (no runtime caching).
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false, // registered in src/main.tsx
      includeAssets: ['icon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: '安全闭环 SafeLoop',
        short_name: '安全闭环',
        description: '隐患上报、应急处置与履职考核 — SafeLoop HSE',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: THEME_COLOUR,
        background_color: '#ffffff',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The whole shell, except the chart library (≈ 190 KB compressed, only the dashboard and
        // the safety rates page draw charts): fetched when first needed, then kept (below).
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['**/EChart-*.js'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // Hashed build files not precached: their names change with their content, so a cached one is always right.
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'assets', expiration: { maxEntries: 50 } },
          },
        ],
      },
    }),
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
