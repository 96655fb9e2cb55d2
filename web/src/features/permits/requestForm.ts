import { useQuery } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { useEffect } from 'react';
import { isoToLocalInput } from '../../shared/format';
import { nearestField, type FieldName } from '../../shared/useServerErrors';
import { fetchPermit, listWorkAreas, type CrewRole, type PermitLevel, type PermitType, type SafetyMeasureKind, type WorkAreaNode } from './api';

/** The request form's values and where the server's field errors go; the areas to choose from; a copy of an earlier permit. */
export interface RequestValues {
  type: PermitType;
  level?: PermitLevel;
  place?: string;
  workContent: string;
  windowFrom: string;
  windowTo: string;
  crew: { personId?: string; role?: CrewRole; name?: string }[];
  contractor?: string;
  jsa: { step?: string; hazards?: string; controls?: string }[];
  measures: { kind?: SafetyMeasureKind; description?: string; lockNumber?: string }[];
}

export const LISTS = new Set(['crew', 'jsa', 'measures']);
export const TOP = new Set(['type', 'level', 'workContent', 'windowFrom', 'windowTo', 'contractor']);

/** Where a server error goes: a row's input (`crew.0.personId`), the place for the area or equipment, else its top-level field. */
const fieldOf = nearestField((name: FieldName) =>
  name.length === 3 ? LISTS.has(String(name[0])) : name.length === 1 && (TOP.has(String(name[0])) || LISTS.has(String(name[0]))),
);
export const placeServerError = (name: FieldName): FieldName | null => (name[0] === 'areaId' || name[0] === 'equipmentId' ? ['place'] : fieldOf(name));

/** Areas and their equipment as one searchable list: an equipment's option names its area too. */
export function usePlaces() {
  const { data } = useQuery({ queryKey: ['work-areas', 'places'], queryFn: () => listWorkAreas(), staleTime: 60_000 });
  const nodes: WorkAreaNode[] = data?.items ?? [];
  const options = nodes.flatMap((a) => [
    { value: a.id, label: `${a.name} (${a.code})` },
    ...a.equipment.map((e) => ({ value: e.id, label: `${a.name} / ${e.name} (${e.code})` })),
  ]);
  /** The area and, for a piece of equipment, the equipment of a chosen place. */
  const resolve = (id: string): { areaId: string; equipmentId?: string } => {
    for (const a of nodes) {
      if (a.id === id) return { areaId: a.id };
      if (a.equipment.some((e) => e.id === id)) return { areaId: a.id, equipmentId: id };
    }
    return { areaId: id };
  };
  return { options, resolve, loading: !data };
}

/**
 * Requesting anew (an expired or closed permit cannot be extended: GB 30871 asks for a new one):
 * the form starts as a copy of permit `fromId` — type, level, place, work, crew, contractor, JSA
 * and measures — with a new window from now, for the same length as the old one.
 */
export function useCopyOfPermit(form: FormInstance<RequestValues>, fromId: string | null): boolean {
  const { data } = useQuery({ queryKey: ['permit', fromId], queryFn: () => fetchPermit(fromId!), enabled: !!fromId });
  useEffect(() => {
    if (!data) return;
    const length = Math.max(Date.parse(data.windowTo) - Date.parse(data.windowFrom), 3600_000);
    const now = new Date();
    form.setFieldsValue({
      type: data.type,
      level: data.level,
      place: data.areaId,
      workContent: data.workContent,
      windowFrom: isoToLocalInput(now),
      windowTo: isoToLocalInput(new Date(now.getTime() + length)),
      crew: data.crew.map((c) => ({ personId: c.personId, role: c.role, name: c.name })),
      contractor: data.contractor ?? undefined,
      jsa: data.jsa,
      measures: data.measures.map((m) => ({ kind: m.kind, description: m.description, lockNumber: m.lockNumber ?? undefined })),
    });
  }, [data, form]);
  return !!fromId && !data;
}
