import { statfs } from 'node:fs/promises';
import { OutpostError } from '../contract/index.js';
import type { MediaRow, RetentionRuleRow, Store } from '../store/index.js';
import type { BlobStore } from './blob-store.js';
import type { MediaLog } from './media-log.js';

export interface DiskSpace {
  totalBytes: number;
  freeBytes: number;
}
/** Free space of the disk holding `path`: `fs.statfs` in production, a simulated disk in tests. */
export type FreeSpaceSource = (path: string) => Promise<DiskSpace>;

export const statfsFreeSpace: FreeSpaceSource = async (path) => {
  const s = await statfs(path);
  return { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
};

/** The alert's rule id: a fixed id for the storage floor (no user rule raises it). */
export const STORAGE_ALERT_RULE = '00000000000000000000STRG00';
const DAY_MS = 86_400_000;
const PAGE = 500;

export interface RetentionDeps {
  store: Store;
  blobs: BlobStore;
  log: MediaLog;
  now: () => number;
  freeSpace: FreeSpaceSource;
  floor: { minFreePercent: number; minFreeBytes: number };
  blobInUse(sha256: string): boolean;
}

/** How specific a rule is: device and label beat device, which beats label, which beats the site's own. */
const specificity = (r: RetentionRuleRow) => (r.device ? 2 : 0) + (r.label ? 1 : 0);
const covers = (r: RetentionRuleRow, m: Pick<MediaRow, 'device' | 'label'>) =>
  (r.device === null || r.device === m.device) && (r.label === null || r.label === m.label);

/** The age rule that decides a file: the most specific one that covers it. */
export function ageRuleFor(
  rules: readonly RetentionRuleRow[],
  m: Pick<MediaRow, 'device' | 'label'>,
): RetentionRuleRow | undefined {
  return rules.filter((r) => r.maxAgeDays !== null && covers(r, m)).sort((a, b) => specificity(b) - specificity(a))[0];
}

function describeRule(r: RetentionRuleRow): string {
  const parts = [r.device ? `device ${r.device}` : null, r.label ? `label ${r.label}` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'the whole site';
}

/**
 * Retention (issue 12): by age and by total size per site, device and label, and a low-disk floor,
 * whichever binds first; oldest unkept first. Kept media are never removed. When the floor is
 * reached and only kept media are left, new media are refused (`checkStorage`) and an alert says so.
 * Rows stay, saying why their file is gone.
 */
export function createRetention(deps: RetentionDeps) {
  const { store, blobs, log, now } = deps;
  let refusing = false;
  let lastDisk: DiskSpace & { floorBytes: number } = { totalBytes: 0, freeBytes: 0, floorBytes: 0 };

  async function remove(rows: readonly MediaRow[], reason: (m: MediaRow) => string): Promise<number> {
    let freed = 0;
    const byReason = new Map<string, string[]>();
    for (const m of rows) byReason.set(reason(m), [...(byReason.get(reason(m)) ?? []), m.id]);
    for (const [why, ids] of byReason) {
      for (const sha of store.media.markRemoved(ids, why, now())) {
        if (deps.blobInUse(sha)) continue;
        const stat = await blobs.stat(sha);
        await blobs.remove(sha);
        freed += stat?.size ?? 0;
      }
    }
    return freed;
  }

  async function byAge(tenantId: string, siteId: string, rules: RetentionRuleRow[]): Promise<number> {
    const ages = rules.filter((r) => r.maxAgeDays !== null).map((r) => r.maxAgeDays!);
    if (ages.length === 0) return 0;
    const cutoff = now() - Math.min(...ages) * DAY_MS;
    let removed = 0;
    for (;;) {
      const old = store.media.localPrimaries({ tenantId, siteId, capturedBefore: cutoff }, PAGE);
      const due = old.filter((m) => {
        const rule = ageRuleFor(rules, m);
        return !m.kept && rule !== undefined && m.capturedAt < now() - rule.maxAgeDays! * DAY_MS;
      });
      if (due.length === 0) return removed;
      await remove(due, (m) => {
        const rule = ageRuleFor(rules, m)!;
        return `Removed by retention: older than ${rule.maxAgeDays} days (rule for ${describeRule(rule)}).`;
      });
      removed += due.length;
      if (old.length < PAGE) return removed;
    }
  }

  async function bySize(tenantId: string, siteId: string, rule: RetentionRuleRow): Promise<number> {
    const filter = {
      tenantId,
      siteId,
      ...(rule.device ? { device: rule.device } : {}),
      ...(rule.label ? { label: rule.label } : {}),
    };
    let total = store.media.localBytes(filter);
    let removed = 0;
    while (total > rule.maxBytes!) {
      const oldest = store.media.localPrimaries(filter, PAGE).filter((m) => !m.kept);
      const due: MediaRow[] = [];
      for (const m of oldest) {
        if (total <= rule.maxBytes!) break;
        due.push(m);
        total -= m.size;
      }
      if (due.length === 0) break;
      await remove(
        due,
        () =>
          `Removed by retention: the media of ${describeRule(rule)} passed ${Math.round(rule.maxBytes! / 1_048_576)} MB.`,
      );
      removed += due.length;
    }
    return removed;
  }

  async function floorBytes(): Promise<DiskSpace & { floorBytes: number }> {
    const disk = await deps.freeSpace(blobs.root);
    const floor = Math.max(deps.floor.minFreeBytes, Math.ceil((disk.totalBytes * deps.floor.minFreePercent) / 100));
    lastDisk = { ...disk, floorBytes: floor };
    return lastDisk;
  }

  async function byFloor(): Promise<number> {
    let disk = await floorBytes();
    let removed = 0;
    while (disk.freeBytes < disk.floorBytes) {
      let need = disk.floorBytes - disk.freeBytes;
      const oldest = store.media.localPrimaries({}, PAGE).filter((m) => !m.kept);
      if (oldest.length === 0) break;
      const due: MediaRow[] = [];
      for (const m of oldest) {
        if (need <= 0) break;
        due.push(m);
        need -= m.size;
      }
      await remove(
        due,
        () => 'Removed by retention: the disk reached its low-space floor, so the oldest media went first.',
      );
      removed += due.length;
      disk = await floorBytes();
    }
    const wasRefusing = refusing;
    refusing = disk.freeBytes < disk.floorBytes;
    if (refusing && !wasRefusing) raiseAlert(disk);
    if (!refusing && wasRefusing)
      log.info({ freeBytes: disk.freeBytes }, 'the media disk is above its floor again; new media are accepted');
    return removed;
  }

  function raiseAlert(disk: DiskSpace & { floorBytes: number }): void {
    const detail =
      `Only ${Math.round(disk.freeBytes / 1_048_576)} MB are free on the media disk (floor ${Math.round(disk.floorBytes / 1_048_576)} MB) ` +
      'and only kept media are left to remove, so new snapshots and clips are refused. Free disk space, archive and free kept media, or release keeps.';
    log.error(
      { freeBytes: disk.freeBytes, floorBytes: disk.floorBytes },
      'media disk full of kept media; refusing new media',
    );
    for (const tenant of store.tenants.list()) {
      const site = store.sites.ensureDefault({ tenantId: tenant.id });
      store.alerts.openOrTouch(
        { tenantId: tenant.id, siteId: site.id },
        {
          ruleId: STORAGE_ALERT_RULE,
          dedupeKey: 'media-disk-floor',
          title: 'Media disk full: new media refused',
          detail,
          severity: 'critical',
        },
      );
    }
  }

  return {
    async runOnce(): Promise<{ removed: number }> {
      let removed = 0;
      const bySite = new Map<string, { tenantId: string; siteId: string; rules: RetentionRuleRow[] }>();
      for (const rule of store.retention.allRules()) {
        const key = `${rule.tenantId}/${rule.siteId}`;
        const entry = bySite.get(key) ?? { tenantId: rule.tenantId, siteId: rule.siteId, rules: [] };
        entry.rules.push(rule);
        bySite.set(key, entry);
      }
      for (const { tenantId, siteId, rules } of bySite.values()) {
        removed += await byAge(tenantId, siteId, rules);
        for (const rule of rules.filter((r) => r.maxBytes !== null)) removed += await bySize(tenantId, siteId, rule);
      }
      removed += await byFloor();
      if (removed > 0) log.info({ removed }, 'retention removed media files');
      return { removed };
    },
    /** Throws `insufficient_storage` while new media are refused. */
    checkStorage(): void {
      if (!refusing) return;
      throw new OutpostError(
        'insufficient_storage',
        'The media disk is at its low-space floor and only kept media are left on it, so new snapshots and clips are refused. Free disk space or release keeps, then send again.',
      );
    },
    disk: () => ({ ...lastDisk, refusing }),
    refreshDisk: floorBytes,
  };
}

export type Retention = ReturnType<typeof createRetention>;
