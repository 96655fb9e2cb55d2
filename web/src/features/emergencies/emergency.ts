import { formatDuration } from '../hazards/hazard';

/** Seconds as the command view shows a duration ("1 d 02:03:04"). */
export const hms = (seconds: number, dayUnit: string) => formatDuration(seconds * 1000, dayUnit);
