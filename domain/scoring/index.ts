/**
 * The scoring engine's public surface (SPEC §4). Workflow code must import `./ruleset`,
 * `./indicators` or `./templates` directly: the engine hashes with node:crypto (`./hash`).
 *
 * The engine by concern: `types` (its inputs and results), `evaluate` (a run: facts or aggregates →
 * every subject's result), `subject` (one subject's score), `measure` (indicator values, points and
 * ratings), `rules` (penalty and bonus lines), `pool` (rows per subject, posts and companies pooled
 * from their members), `history`, `what-if`, `hash` (input hashes) and `explain` (the lines' texts);
 * `model`, `order` and `numbers` are its internals.
 */
export * from './indicators';
export * from './templates';
export * from './ruleset';
export * from './facts';
export * from './aggregate';
export * from './types';
export { scoreFromAggregates, scoreSubjects } from './evaluate';
export { historyFrom } from './history';
export { whatIf } from './what-if';
export { indicatorPointsFor, ratingOf } from './measure';
export { factJson } from './hash';
export { round2 } from './numbers';
