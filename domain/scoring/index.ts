/**
 * The scoring engine's public surface (SPEC §4). Workflow code must import `./ruleset`,
 * `./indicators` or `./templates` directly: the engine hashes with node:crypto.
 */
export * from './indicators';
export * from './templates';
export * from './ruleset';
export * from './facts';
export * from './aggregate';
export * from './engine';
