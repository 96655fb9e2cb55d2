import { z } from 'zod';

/**
 * Evaluated once per worker thread before any workflow exists (the SDK's `preloadModules`, see
 * temporal/worker.ts): it loads zod's modules, which every workflow's imports then find in the
 * shared module cache instead of evaluating them again. (Preloading 'zod' itself does not work: zod
 * declares no side effects, so webpack drops an unused require of it; this module uses it.)
 * Nothing here may hold per-workflow state: the SDK deep-freezes what it shares, and zod's global
 * configuration (`globalThis.__zod_globalConfig`) with it. zod fills that configuration in on its
 * first schema (the default locale and memoizer), so a schema is built and used here, before the
 * freeze; afterwards every workflow only reads it.
 */
export const zodLoaded = z.object({ n: z.number().int() }).safeParse({ n: 1 }).success;
