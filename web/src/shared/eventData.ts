/** Readers of the loosely typed `data` of a process event (timeline rows carry what each step recorded). */
export type EventData = Record<string, unknown>;

export const isObj = (v: unknown): v is EventData => !!v && typeof v === 'object' && !Array.isArray(v);
/** A non-empty string field, else null. */
export const str = (d: EventData, k: string) => (typeof d[k] === 'string' && d[k] !== '' ? (d[k] as string) : null);
export const num = (d: EventData, k: string) => (typeof d[k] === 'number' ? (d[k] as number) : null);
/** The strings of a list field (e.g. evidence ids). */
export const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
