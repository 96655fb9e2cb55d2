import { en as authEn } from '../../features/auth/texts.en';
import { en as emergenciesEn } from '../../features/emergencies/texts.en';
import { en as emergencyFollowUpsEn } from '../../features/emergencies/followUps.texts.en';
import { en as hazardsEn } from '../../features/hazards/texts.en';
import { en as outboxEn } from '../../features/outbox/texts.en';
import { en as tasksEn } from '../../features/tasks/texts.en';
import { en as sharedEn } from '../../shared/texts.en';
import { mergeTexts } from '../types';

/**
 * The texts a visit starts with (see ../bundles.ts): the shell's and the login page's, and the
 * frontline's pages — report a hazard, raise an emergency, the tasks, what waits to be sent.
 */
export const texts = mergeTexts(sharedEn, authEn, hazardsEn, emergenciesEn, emergencyFollowUpsEn, tasksEn, outboxEn);
