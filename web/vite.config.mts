import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import { visualizer } from 'rollup-plugin-visualizer';

// The web UI, served by the API process from web/dist. `npx vite --config web/vite.config.mts`
// runs it with hot reload against an API on :3000.
const here = fileURLToPath(new URL('.', import.meta.url));

/** The brand colour (App.tsx's colorPrimary): the phone's status bar and the splash screen. */
const THEME_COLOUR = '#0b6e4f';

/**
 * The boot script (src/boot.ts) as an entry of its own, loaded `async` from index.html's head: it
 * runs as soon as it arrives instead of after all of the app's scripts, and starts the session read,
 * the texts and the page's code early (issue 20). Only in the build; `vite` dev mode does without.
 */
function bootScript(): Plugin {
  return {
    name: 'safeloop-boot-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const boot = chunks.find((c) => c.isEntry && c.name === 'boot');
        if (!boot) throw new Error('the build has no boot chunk (build.rollupOptions.input.boot)');
        // The first screen's texts (src/i18n/bundles.ts: the frontline bundle and what it imports), fetched with the app's
        // scripts instead of after the boot script has run: a round trip less before the first render. Only in the page's
        // own language (<html lang>, 简体中文: the shop floor's): the UI's language is chosen in the browser, and a bundle
        // preloaded is also compiled, on every start (≈ 35 KB of the other language's texts a warm start parsed for
        // nothing, issue 20). A visit in the other language has its bundle fetched by the boot script (src/boot.ts).
        const lang = /<html[^>]*\slang="([^"]+)"/.exec(html)?.[1];
        if (!lang) throw new Error('index.html has no <html lang>');
        const entryImports = new Set(chunks.filter((c) => c.isEntry).flatMap((c) => [c.fileName, ...c.imports]));
        const texts = new Set<string>();
        const add = (fileName: string) => {
          if (texts.has(fileName) || entryImports.has(fileName)) return;
          texts.add(fileName);
          for (const dep of chunks.find((c) => c.fileName === fileName)?.imports ?? []) add(dep);
        };
        const frontline = chunks.filter((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith(`/i18n/bundles/frontline.${lang}.ts`));
        if (frontline.length !== 1) throw new Error(`the build has no frontline text bundle in ${lang} (src/i18n/bundles/frontline.${lang}.ts)`);
        for (const c of frontline) add(c.fileName);
        return [
          { tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src: `/${boot.fileName}` }, injectTo: 'head-prepend' },
          ...[...texts].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

/**
 * V8's explicit compile hint (`//# allFunctionsCalledOnLoad`, Chrome 136+) on the scripts every visit
 * runs at once: the boot script, the entry (React, i18next, the light shell, the login page and the
 * report form) and what they import. V8 then compiles their functions while the script streams in,
 * off the main thread, instead of one by one as each is first called on the main thread (issue 20:
 * on the warm start of the report page, with no code cache to consume, that lazy compilation was a
 * third of the main thread's work at 4× slower CPU). Not on the chunks fetched later (the Ant
 * Design pages, the charts): most of their code does not run on every visit.
 */
function compileHints(): Plugin {
  const HINT = '//# allFunctionsCalledOnLoad\n';
  let outDir = '';
  return {
    name: 'safeloop-compile-hints',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // On the files as written: the hint must come before any code, and Vite prepends its preload map
    // (`const __vite__mapDeps`) to a chunk after the other plugins' generateBundle; the .br and .gz
    // beside each (the compression plugin's, below) are written again.
    writeBundle: {
      order: 'post',
      sequential: true,
      async handler(_options, bundle) {
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const initial = new Set<string>();
        const add = (fileName: string) => {
          if (initial.has(fileName)) return;
          initial.add(fileName);
          for (const dep of chunks.find((c) => c.fileName === fileName)?.imports ?? []) add(dep);
        };
        for (const c of chunks) if (c.isEntry) add(c.fileName);
        for (const fileName of initial) {
          const file = path.join(outDir, fileName);
          const code = await fs.readFile(file);
          if (code.subarray(0, HINT.length).toString() === HINT) continue;
          const hinted = Buffer.concat([Buffer.from(HINT), code]);
          await fs.writeFile(file, hinted);
          if (existsSync(`${file}.br`))
            await fs.writeFile(`${file}.br`, brotliCompressSync(hinted, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY } }));
          if (existsSync(`${file}.gz`)) await fs.writeFile(`${file}.gz`, gzipSync(hinted, { level: 9 }));
        }
      },
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [
    react(),
    bootScript(),
    compileHints(),
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
        globIgnores: ['**/EChart-*.js'], // named in public/sw-assets.js too
        // The build's scripts through the browser's HTTP cache first, the precache behind it (public/sw-assets.js says why).
        importScripts: ['/sw-assets.js'],
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
    // BUNDLE_STATS=<file>: what each chunk is made of (rollup-plugin-visualizer; .json for the raw
    // data, .html for the treemap), e.g. to see what the report route's scripts carry.
    ...(process.env.BUNDLE_STATS
      ? [visualizer({ filename: process.env.BUNDLE_STATS, template: process.env.BUNDLE_STATS.endsWith('.json') ? 'raw-data' : 'treemap', gzipSize: true })]
      : []),
  ],
  build: {
    outDir: `${here}dist`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 600, // the chart library's chunk, fetched only by the pages that draw charts
    rollupOptions: {
      input: { index: `${here}index.html`, boot: `${here}src/boot.ts` },
      output: {
        // Libraries that change rarely in chunks of their own, cached across releases of the app's
        // code; everything else (antd's components, the pages) is split by where it is used.
        codeSplitting: {
          groups: [
            // The boot script's few modules (src/boot.ts): on their own, so it runs before the rest has arrived.
            {
              name: 'boot',
              test: /[\\/]web[\\/]src[\\/](boot|pages|routes|i18n[\\/](bundles|language)|shared[\\/]api[\\/](early|http))\.ts$|vite[\\/]preload-helper/,
              priority: 4,
            },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 5 },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/, priority: 4 },
            // TanStack Query: the Ant Design pages' (FullApp.tsx); the light shell reads without it (src/shared/lite/reads.ts).
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 4 },
            // The rest of what every visit loads (the app's shell: antd's core, the layout, the login page) in one chunk:
            // a phone's few connections and long round trips favour one larger file over twenty small ones.
            { name: 'shell', tags: ['$initial'], test: (id) => !/[\\/]web[\\/]src[\\/]main\.tsx$/.test(id), priority: 3 },
            // What the Ant Design forms (raise an emergency, report an incident, request a permit) add to the shell, in one chunk rather
            // than a dozen: selects and the org tree, photos (image, upload progress), tags and the result page; also most list pages'
            // filters. (The hazard report form has none of it: App.tsx, issue 20.)
            {
              name: 'forms',
              test: /[\\/]web[\\/]src[\\/]shared[\\/]components[\\/](PhoneForm|OrgUnitSelect|Evidence|EvidenceUpload)\.tsx$|[\\/]antd[\\/]es[\\/](tag|result|progress|empty|select|tree-select|tree|image|_util)[\\/]|[\\/]@rc-component[\\/](select|tree|tree-select|virtual-list|image|progress)[\\/]/,
              priority: 2,
            },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
