import { monotonicFactory } from 'ulid';

/**
 * One monotonic generator for the whole store, so ids made in the same millisecond still
 * sort in creation order (audit entries and other lists rely on it to break ties).
 */
export const newId: () => string = monotonicFactory();
