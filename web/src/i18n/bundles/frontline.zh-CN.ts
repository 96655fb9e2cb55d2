import { zhCN as authZhCN } from '../../features/auth/texts.zh-CN';
import { zhCN as emergenciesZhCN } from '../../features/emergencies/texts.zh-CN';
import { zhCN as emergencyFollowUpsZhCN } from '../../features/emergencies/followUps.texts.zh-CN';
import { zhCN as hazardsZhCN } from '../../features/hazards/texts.zh-CN';
import { zhCN as outboxZhCN } from '../../features/outbox/texts.zh-CN';
import { zhCN as tasksZhCN } from '../../features/tasks/texts.zh-CN';
import { zhCN as sharedZhCN } from '../../shared/texts.zh-CN';
import { mergeTexts, type Translation } from '../types';
import type { texts as en } from './frontline.en';

/** frontline.en.ts in Simplified Chinese: the same parts, typed against the English bundle. */
export const texts: Translation<typeof en> = mergeTexts(sharedZhCN, authZhCN, hazardsZhCN, emergenciesZhCN, emergencyFollowUpsZhCN, tasksZhCN, outboxZhCN);
