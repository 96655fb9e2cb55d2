import type { MessageTree } from '../../i18n/types';

/** Texts of an emergency's follow-ups (its incidents and watched improvement actions), in English; followUps.texts.zh-CN.ts has the same keys. */
export const en = {
  emergencyFollowUps: {
    incidents: 'Incident reports',
    noIncidents: 'No incident has been reported from this emergency yet.',
    reportIncident: 'Report as incident',
    reportAnother: 'Report another incident',
    reportHint: 'Opens the incident report filled in with what the emergency knows.',
    actions: 'Improvement actions under re-checks',
    noActions: 'No improvement action is watched yet: each done action of a real emergency gets its effectiveness re-checks.',
    tasks: 'Re-check tasks',
  },
} as const satisfies MessageTree;
