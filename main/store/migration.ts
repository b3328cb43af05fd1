import { createHash } from 'node:crypto';

/** One numbered schema change. Once released, its SQL never changes: the checksum guards that. */
export interface Migration {
  version: number;
  name: string;
  up: string;
  down: string;
}

export function checksumOf(migration: Pick<Migration, 'up' | 'down'>): string {
  return createHash('sha256')
    .update(migration.up + migration.down)
    .digest('hex');
}
