import type { OutputOf } from '../../../main/contract/index.js';

export type StorageUsageInfo = OutputOf<'media.usage'>;
