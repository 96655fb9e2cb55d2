/// <reference types="vite-plugin-pwa/vanillajs" />
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { App } from './App';
import { textsReady } from './i18n';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The first screen's texts (usually fetched already by the boot script) before the first render.
void textsReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

// The service worker (vite-plugin-pwa): the app shell from the device, a new build taken at once
// (autoUpdate: the new worker activates and the open tabs reload). Registered once the page has
// loaded, so its precache does not compete with the first visit's own downloads; its helper
// (workbox-window) is fetched then too, not before the first screen. Not in `vite` dev mode.
if (import.meta.env.PROD) {
  if (document.readyState === 'complete') registerSW();
  else window.addEventListener('load', () => registerSW(), { once: true });
}
