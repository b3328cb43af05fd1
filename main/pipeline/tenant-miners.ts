import type { Store } from '../store/index.js';
import { createTemplateMiner, type MinerOptions, type TemplateMiner } from './fingerprint/index.js';
import type { SourceLogger } from './sources/index.js';

export interface TenantMiners {
  /** The tenant's miner, restored from its persisted state on first use. */
  get(tenantId: string): TemplateMiner;
  /** Writes the state of every miner that learnt since the last save (call inside the batch's transaction). */
  persist(tenantIds: Iterable<string>): void;
  /** Drops the tenant's miner from memory (after a failed transaction): the next use restores the saved state. */
  forget(tenantId: string): void;
}

/**
 * One template miner per tenant: templates of one customer never shape another's. The state is
 * saved in the same transaction as the events it produced, so after a crash the miner and the
 * stored templates agree.
 */
export function createTenantMiners(
  store: Store,
  logger: SourceLogger,
  options: Partial<MinerOptions> = {},
): TenantMiners {
  const miners = new Map<string, TemplateMiner>();

  return {
    get(tenantId) {
      let miner = miners.get(tenantId);
      if (miner) return miner;
      const saved = store.minerState.get({ tenantId });
      try {
        miner = createTemplateMiner(options, saved);
      } catch (err) {
        // A state written by an older miner version is not worth refusing events over: start afresh.
        // Existing templates stay; new lines re-learn them and find their rows by key or similarity.
        logger.warn({ tenantId, err: String(err) }, 'Template miner state could not be restored; starting a new one');
        miner = createTemplateMiner(options);
      }
      miners.set(tenantId, miner);
      return miner;
    },
    persist(tenantIds) {
      for (const tenantId of new Set(tenantIds)) {
        const miner = miners.get(tenantId);
        if (miner) store.minerState.set({ tenantId }, miner.exportState());
      }
    },
    forget(tenantId) {
      miners.delete(tenantId);
    },
  };
}
