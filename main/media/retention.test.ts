import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import { startSliceFixture, type SliceFixture } from './test-support/media-slice-fixture.js';

const MB = 1024 * 1024;
let f: SliceFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

/** A 100 MB disk whose free space shrinks by what the blob store holds. */
function smallDisk(total: number, usedByOthers: number, stored: () => number) {
  return async () => ({ totalBytes: total, freeBytes: Math.max(0, total - usedByOthers - stored()) });
}

const onDisk = (fx: SliceFixture, sha: string) => existsSync(fx.slice.blobs.path(sha));

describe('retention', () => {
  it('removes by age, the most specific rule deciding, and the event says why', async () => {
    f = await startSliceFixture();
    const fx = f;
    fx.store.retention.replace(
      fx.scope,
      fx.scope.siteId,
      [
        { device: null, label: null, maxAgeDays: 30, maxBytes: null },
        { device: 'gate', label: null, maxAgeDays: 90, maxBytes: null },
      ],
      fx.clock.now,
    );
    const old = await fx.addSnapshot({ bytes: 1000, ageDays: 40, device: 'yard' });
    const gateOld = await fx.addSnapshot({ bytes: 1000, ageDays: 40, device: 'gate' });
    const gateVeryOld = await fx.addSnapshot({ bytes: 1000, ageDays: 100, device: 'gate' });
    const fresh = await fx.addSnapshot({ bytes: 1000, ageDays: 1, device: 'yard' });
    expect((await fx.slice.retention.runOnce()).removed).toBe(2);
    const row = (id: string) => fx.store.media.get(fx.scope, id)!;
    expect(row(old.id).local).toBe(false);
    expect(row(old.id).removedReason).toBe('Removed by retention: older than 30 days (rule for the whole site).');
    expect(row(gateVeryOld.id).removedReason).toMatch(/older than 90 days \(rule for device gate\)/);
    expect(row(gateOld.id).local).toBe(true);
    expect(row(fresh.id).local).toBe(true);
    expect(onDisk(fx, old.sha256)).toBe(false);
    expect(onDisk(fx, fresh.sha256)).toBe(true);
    const event = fx.store.events.get(fx.scope, old.eventId)!;
    expect(event.media[0]).toMatchObject({
      state: 'expired',
      removedReason: expect.stringMatching(/older than 30 days/),
    });
  });

  it('removes the oldest files of a rule past its size, keeping kept ones', async () => {
    f = await startSliceFixture();
    const fx = f;
    fx.store.retention.replace(
      fx.scope,
      fx.scope.siteId,
      [{ device: 'gate', label: null, maxAgeDays: null, maxBytes: 2 * MB }],
      fx.clock.now,
    );
    const a = await fx.addSnapshot({ bytes: MB, ageDays: 5 });
    const b = await fx.addSnapshot({ bytes: MB, ageDays: 4 });
    const c = await fx.addSnapshot({ bytes: MB, ageDays: 3 });
    const d = await fx.addSnapshot({ bytes: MB, ageDays: 2 });
    const yard = await fx.addSnapshot({ bytes: MB, ageDays: 9, device: 'yard' });
    fx.store.media.keep(fx.scope, a.eventId, 'op@example.com', 'evidence', fx.clock.now);
    await fx.slice.retention.runOnce();
    const local = (id: string) => fx.store.media.get(fx.scope, id)!.local;
    expect([a, b, c, d, yard].map((m) => local(m.id))).toEqual([true, false, false, true, true]);
  });

  it('meets a low-disk floor by removing the oldest unkept files; with only kept ones left it refuses new media and alerts', async () => {
    let stored = 0;
    f = await startSliceFixture(
      { freeSpace: smallDisk(100 * MB, 80 * MB, () => stored) },
      { media: { retention: { minFreePercent: 10, minFreeBytes: 0 } } },
    );
    const fx = f;
    const add = async (ageDays: number) => {
      const row = await fx.addSnapshot({ bytes: 3 * MB, ageDays });
      stored += 3 * MB;
      return row;
    };
    const files = [await add(6), await add(5), await add(4), await add(3)]; // 12 MB: 8 MB free, floor 10 MB
    const removeFile = fx.slice.blobs.remove;
    fx.slice.blobs.remove = async (sha) => {
      stored -= 3 * MB;
      await removeFile(sha);
    };
    fx.store.media.keep(fx.scope, files[0]!.eventId, 'op@example.com', 'case', fx.clock.now);
    await fx.slice.retention.runOnce();
    const local = files.map((m) => fx.store.media.get(fx.scope, m.id)!.local);
    expect(local).toEqual([true, false, true, true]);
    expect(fx.store.media.get(fx.scope, files[1]!.id)!.removedReason).toMatch(/low-space floor/);
    expect(() => fx.slice.retention.checkStorage()).not.toThrow();

    // Everything left is kept, and the disk fills further: new media are refused, with an alert.
    for (const m of files.slice(2)) fx.store.media.keep(fx.scope, m.eventId, 'op@example.com', 'case', fx.clock.now);
    stored += 5 * MB;
    await fx.slice.retention.runOnce();
    expect(files.map((m) => fx.store.media.get(fx.scope, m.id)!.local)).toEqual([true, false, true, true]);
    let refusal: unknown;
    try {
      await fx.slice.intake.put(
        Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
        'image/jpeg',
        'snapshot',
        fx.scope.tenantId,
      );
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(OutpostError);
    expect((refusal as OutpostError).code).toBe('insufficient_storage');
    const alerts = fx.store.alerts.list({ tenantId: fx.scope.tenantId }, { limit: 10 }).items;
    expect(alerts.map((a) => a.title)).toContain('Media disk full: new media refused');

    // Space comes back: media are accepted again.
    stored -= 20 * MB;
    await fx.slice.retention.runOnce();
    expect(() => fx.slice.retention.checkStorage()).not.toThrow();
  });
});

describe('reconciliation', () => {
  it('deletes files nothing names and marks rows whose file is gone', async () => {
    f = await startSliceFixture();
    const fx = f;
    const rows = [];
    for (let i = 0; i < 6; i++) rows.push(await fx.addSnapshot({ bytes: 2000 }));
    const orphan = await fx.slice.blobs.putBytes(Buffer.from('left over by a crash'), 'image/jpeg');
    await fx.slice.blobs.remove(rows[0]!.sha256);
    const report = await fx.slice.reconcile({ tenantId: fx.scope.tenantId }, false);
    expect(report).toMatchObject({
      orphanFiles: 1,
      missingFiles: 1,
      filesDeleted: 1,
      rowsMarked: 1,
      needsConfirmation: false,
    });
    expect(onDisk(fx, orphan.sha256)).toBe(false);
    expect(fx.store.media.get(fx.scope, rows[0]!.id)!.removedReason).toMatch(/missing from disk/);
  });

  it('refuses to delete more than half without confirmation, then does it when confirmed', async () => {
    f = await startSliceFixture();
    const fx = f;
    const rows = [];
    for (let i = 0; i < 4; i++) rows.push(await fx.addSnapshot({ bytes: 2000 }));
    // The disk looks emptied (a failed mount): three of four files gone.
    for (const row of rows.slice(0, 3)) await fx.slice.blobs.remove(row.sha256);
    const refused = await fx.slice.reconcile({ tenantId: fx.scope.tenantId }, false);
    expect(refused).toMatchObject({ missingFiles: 3, rowsMarked: 0, needsConfirmation: true });
    expect(refused.message).toMatch(/more than half\. Nothing was changed/);
    expect(rows.every((r) => fx.store.media.get(fx.scope, r.id)!.local)).toBe(true);
    const confirmed = await fx.slice.reconcile({ tenantId: fx.scope.tenantId }, true);
    expect(confirmed).toMatchObject({ rowsMarked: 3, needsConfirmation: false });
  });
});
