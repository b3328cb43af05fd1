/**
 * Fingerprinting: log-template mining (the product's own Drain-style miner). The pipeline learns
 * each line's template with `add` and groups lines by `templateId`, which stays the same for a
 * cluster's whole life even as its template generalises.
 */
export type { MinerOptions, TemplateInfo, TemplateMatch, TemplateMiner } from './miner.js';
export { createTemplateMiner, DEFAULT_MINER_OPTIONS } from './miner.js';
export type { ExtraMask } from './masking.js';
export { maskMessage, MASK_RULES, WILDCARD } from './masking.js';
export { templatesStateDiffer } from './template-compare.js';
