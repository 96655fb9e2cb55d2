/**
 * The first script of a visit (issue 20, a phone on a weak network): tiny and without React, it
 * runs as soon as it arrives, while the app's larger scripts are still on their way, and starts
 * what the first screen waits for — the session read (GET /api/auth/me), the texts in the UI's
 * language, and the code of the page the address shows — so these overlap the download instead
 * of following it. main.tsx and App.tsx take them over (the same requests, not repeated).
 * Injected into index.html by web/vite.config.mts as an async module script; not used by `vite` dev mode.
 */
import { loadTexts } from './i18n/bundles';
import { preloadRoute } from './pages';
import { readSessionEarly } from './shared/api/early';

readSessionEarly();
loadTexts(['frontline']).catch(() => undefined);
preloadRoute(window.location.pathname);
