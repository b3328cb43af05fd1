/**
 * The sync protocol shared by sites and the hub: message and record schemas, versions, framing
 * under the request limit, the hub's ordering rule, clock offsets, enrolment codes and the
 * three-way merge of documents. It depends on nothing but zod and the contract's schemas.
 */
export * from './versions.js';
export * from './enrolment-code.js';
export * from './utf8.js';
export * from './clock.js';
export * from './records.js';
export * from './messages.js';
export * from './framing.js';
export * from './watermark.js';
export * from './merge.js';
export * from './docs.js';
