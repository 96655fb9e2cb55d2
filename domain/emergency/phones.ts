/**
 * Emergency phone numbers (issue 20): each org unit may keep its own (a workshop's shift leader,
 * the plant's 24 h safety duty, the group's 119/120). Whoever raises an emergency is shown the
 * numbers of their unit and of every unit above it, nearest first, at once and also offline.
 */
export interface EmergencyPhone {
  /** Who answers, in Chinese (安全环保部 24h 值班). */
  label: string;
  /** The same in English. */
  labelEn: string;
  /** As dialled: digits, with an optional leading + and - or spaces between groups. */
  number: string;
}

/** Most numbers shown: a short list to call from, not a directory. */
export const MAX_EMERGENCY_PHONES = 12;

/** The numbers for a unit from its own list and its ancestors' lists (nearest first): each number once, the nearest unit's label. */
export function emergencyPhonesAlong(listsNearestFirst: readonly (readonly EmergencyPhone[] | null | undefined)[]): EmergencyPhone[] {
  const seen = new Set<string>();
  const out: EmergencyPhone[] = [];
  for (const list of listsNearestFirst)
    for (const phone of list ?? []) {
      const key = phone.number.replace(/[^\d+]/g, '');
      if (!key || seen.has(key)) continue;
      seen.add(key);
      out.push(phone);
    }
  return out.slice(0, MAX_EMERGENCY_PHONES);
}
