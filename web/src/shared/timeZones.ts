/** The time zone schedules default to. */
export const DEFAULT_ZONE = 'Asia/Shanghai';

/** The time zones a schedule may run in: the default, the current one and UTC first, then all the browser knows. */
export function timeZones(current: string = DEFAULT_ZONE): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([DEFAULT_ZONE, current, 'UTC', ...all])];
}
