/**
 * A value list (for a select, tabs, an order) of a generated union, checked both ways: a value the
 * union lacks is a compile error, and so is a member the list leaves out (the error names it).
 *
 *   export const CADENCES = listingEvery<Cadence>()(['monthly', 'quarterly', 'weekly']);
 */
export const listingEvery =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })): L =>
    list;

/** A query without its undefined and empty values (`?area=` is no filter), as the hand-written client's query() sent it. */
export const present = <Q extends object>(query: Q): Q => Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as Q;
