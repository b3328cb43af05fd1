/**
 * The waiting room of a shared worker pool: one FIFO queue per tenant, and the next job comes from the
 * tenant served least recently. A tenant that arrives while another has a backlog goes next, so one
 * tenant's backlog delays another's job by at most the jobs already running; tenants with backlogs take
 * turns. Bounded per tenant and in total, so no tenant can fill the room and memory stays bounded.
 *
 * Written here rather than taken from a library: the queue libraries at hand (p-queue, piscina's task
 * queue) are one FIFO with priorities; fairness between tenants is this product's own rule.
 */

export interface FairQueueLimits {
  /** Jobs one tenant may have waiting (not yet running). */
  maxWaitingPerTenant: number;
  /** Jobs waiting over all tenants. */
  maxWaiting: number;
}

export class FairQueue<T> {
  /** Each tenant's waiting jobs, oldest first; a tenant with none has no entry. */
  private readonly lines = new Map<string, T[]>();
  /**
   * When each tenant was last served (a counter). Kept after its line empties, so a tenant that just got
   * a turn does not count as new when its next job arrives; one number per tenant that ever used the pool.
   */
  private readonly lastServed = new Map<string, number>();
  private served = 0;
  private total = 0;

  constructor(private readonly limits: FairQueueLimits) {}

  /** Jobs waiting: all of them, or one tenant's. */
  waiting(tenant?: string): number {
    return tenant === undefined ? this.total : (this.lines.get(tenant)?.length ?? 0);
  }

  /** Which bound a new job of `tenant` would break, if any. */
  wouldOverflow(tenant: string): 'tenant' | 'pool' | null {
    if (this.waiting(tenant) >= this.limits.maxWaitingPerTenant) return 'tenant';
    if (this.total >= this.limits.maxWaiting) return 'pool';
    return null;
  }

  /** Adds a job; call wouldOverflow first (this does not check). */
  push(tenant: string, item: T): void {
    let line = this.lines.get(tenant);
    if (!line) this.lines.set(tenant, (line = []));
    line.push(item);
    this.total++;
  }

  /** The next job: the oldest of the least recently served tenant (first come among equals). */
  shift(): { tenant: string; item: T } | undefined {
    let pick: string | undefined;
    let pickServed = Infinity;
    for (const tenant of this.lines.keys()) {
      const served = this.lastServed.get(tenant) ?? -1;
      if (served < pickServed) [pick, pickServed] = [tenant, served];
    }
    if (pick === undefined) return undefined;
    const line = this.lines.get(pick)!;
    const item = line.shift()!;
    this.total--;
    this.lastServed.set(pick, this.served++);
    if (line.length === 0) this.lines.delete(pick);
    return { tenant: pick, item };
  }

  /** Empties the queue (closing), oldest first per tenant. */
  drain(): T[] {
    const all = [...this.lines.values()].flat();
    this.lines.clear();
    this.total = 0;
    return all;
  }
}
