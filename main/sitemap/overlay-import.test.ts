import { describe, expect, it } from 'vitest';
import { OutpostError } from '../contract/index.js';
import type { Overlay } from './overlay-model.js';
import { arrayItemLines } from './overlay-import-json.js';
import { firstInvalidUtf8Offset, planOverlayImport, planOverlayImportAsync } from './overlay-import.js';

const HEADER = 'externalId,shapeId,label,bindingType,bindingTarget,layer';

const gate: Overlay = {
  externalId: 'gate-1',
  shapeId: 'shape-gate-1',
  label: 'Gate 1',
  binding: { type: 'device', device: 'door-12' },
  layer: 'ground',
};

function csv(...lines: string[]): { format: 'csv'; content: string } {
  return { format: 'csv', content: lines.join('\n') + '\n' };
}

function thrown(fn: () => unknown): OutpostError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OutpostError);
    return err as OutpostError;
  }
  throw new Error('expected an error');
}

describe('planOverlayImport (CSV)', () => {
  it('plans created, updated, unchanged and rejected rows with the reason per row', () => {
    const plan = planOverlayImport(
      [gate, { externalId: 'fence', shapeId: null, label: 'Fence', binding: null }],
      csv(
        HEADER,
        'gate-1,shape-gate-1,Gate 1,device,door-12,ground',
        'fence,,North fence,zone,north,',
        'cam-3,shape-cam-3,Camera 3,camera,cam-3,',
        'bad id!,,Broken,,,',
      ),
    );
    expect(plan.rows.map((r) => [r.line, r.externalId, r.outcome])).toEqual([
      [2, 'gate-1', 'unchanged'],
      [3, 'fence', 'updated'],
      [4, 'cam-3', 'created'],
      [5, null, 'rejected'],
    ]);
    expect(plan.rows[1]!.changes).toEqual(['binding', 'label']);
    expect(plan.rows[2]!.overlay).toEqual({
      externalId: 'cam-3',
      shapeId: 'shape-cam-3',
      label: 'Camera 3',
      binding: { type: 'camera', device: 'cam-3' },
    });
    expect(plan.rows[3]!.reasons[0]).toMatch(/externalId "bad id!" must be/);
    expect(plan.summary).toEqual({ created: 1, updated: 1, unchanged: 1, rejected: 1 });
    expect(plan.ok).toBe(false);
  });

  it('keeps the values of columns the file leaves out, and reads prop: columns as single properties', () => {
    const existing: Overlay = { ...gate, properties: { floor: '1', owner: 'ops' } };
    const plan = planOverlayImport([existing], csv('externalId,label,prop:floor,prop:owner', 'gate-1,Main gate,2,'));
    expect(plan.ok).toBe(true);
    expect(plan.rows[0]!.overlay).toEqual({ ...gate, label: 'Main gate', properties: { floor: '2' } });
    expect(plan.rows[0]!.changes).toEqual(['label', 'properties.floor', 'properties.owner']);
  });

  it('strips a BOM and matches header names without regard to case', () => {
    const plan = planOverlayImport([], { format: 'csv', content: '\uFEFFExternalID,Label\r\na,A\r\n' });
    expect(plan.rows[0]).toMatchObject({ outcome: 'created', overlay: { externalId: 'a', label: 'A' } });
    const fromBuffer = planOverlayImport([], {
      format: 'csv',
      content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('externalId,label\nb,Bé\n')]),
    });
    expect(fromBuffer.rows[0]!.overlay?.label).toBe('Bé');
  });

  it('refuses unknown columns, listing the allowed ones', () => {
    const err = thrown(() => planOverlayImport([], csv('externalId,label,colour', 'a,A,red')));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain('"colour"');
    expect(err.message).toContain('externalId, shapeId, label, bindingType, bindingTarget, layer');
    expect(err.message).toContain('prop:<name>');
  });

  it('refuses a file without header or without an externalId column', () => {
    expect(thrown(() => planOverlayImport([], { format: 'csv', content: '' })).message).toMatch(/empty.*header/);
    expect(thrown(() => planOverlayImport([], csv('label', 'A'))).message).toMatch(/no externalId column/);
    expect(thrown(() => planOverlayImport([], csv('externalId,bindingType', 'a,zone'))).message).toMatch(
      /bindingType and bindingTarget/,
    );
  });

  it('refuses invalid UTF-8 with the byte offset', () => {
    const bytes = Buffer.concat([Buffer.from('externalId,label\na,Caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const err = thrown(() => planOverlayImport([], { format: 'csv', content: bytes }));
    expect(err.message).toContain('byte offset 22 (line 2)');
    expect(err.message).toContain('UTF-8');
  });

  it('rejects every line of a duplicated externalId, naming the first line', () => {
    const plan = planOverlayImport([], csv('externalId,label', 'a,A', 'b,B', 'a,A again', 'a,A thrice'));
    expect(plan.rows.map((r) => r.outcome)).toEqual(['rejected', 'created', 'rejected', 'rejected']);
    expect(plan.rows[0]!.reasons[0]).toBe('externalId "a" appears again on lines 4, 5');
    expect(plan.rows[2]!.reasons[0]).toBe('externalId "a" is a duplicate: it first appears on line 2');
    expect(plan.ok).toBe(false);
  });

  it('gives the reason for missing or invalid fields and wrong column counts', () => {
    const plan = planOverlayImport(
      [],
      csv(
        HEADER,
        ',,No id,,,',
        'x1,,,,,',
        'x2,,X2,sensor,s-1,',
        'x3,,X3,device,,',
        'x4,,X4,,dev-4,',
        'x5,,X5',
        '"x6","",X6 "quoted",unit,u-6,',
      ),
    );
    const reasons = plan.rows.map((r) => r.reasons.join('; '));
    expect(reasons[0]).toBe('externalId is missing');
    expect(reasons[1]).toBe('label is empty');
    expect(reasons[2]).toMatch(/bindingType "sensor" must be device, camera, zone or unit/);
    expect(reasons[3]).toMatch(/bindingTarget is empty/);
    expect(reasons[4]).toMatch(/bindingType is empty/);
    expect(reasons[5]).toBe('has 3 columns, but the header has 6');
    expect(plan.rows[6]).toMatchObject({ line: 8, outcome: 'created', overlay: { label: 'X6 "quoted"' } });
  });

  it('needs a label for a new overlay when the file has no label column', () => {
    const plan = planOverlayImport([gate], csv('externalId,bindingType,bindingTarget', 'gate-1,zone,z', 'new,zone,z'));
    expect(plan.rows[0]).toMatchObject({ outcome: 'updated', changes: ['binding'] });
    expect(plan.rows[1]!.reasons).toEqual(['label is missing: a new overlay needs a label']);
  });

  it('numbers rows by the line they start on, past quoted line breaks and blank lines', () => {
    const plan = planOverlayImport([], csv('externalId,label', 'a,"two', 'lines"', '', 'b,B', ',,'));
    expect(plan.rows.map((r) => [r.line, r.externalId])).toEqual([
      [2, 'a'],
      [5, 'b'],
    ]);
    expect(plan.rows[0]!.outcome).toBe('rejected'); // control character (line break) in a label
  });

  it('refuses broken quoting with the line, and too many rows as a whole', () => {
    expect(thrown(() => planOverlayImport([], csv('externalId,label', 'a,"open'))).message).toMatch(/line 2/);
    const err = thrown(() => planOverlayImport([], csv('externalId,label', 'a,A', 'b,B', 'c,C'), { maxRows: 2 }));
    expect(err.code).toBe('payload_too_large');
  });

  it('plans 10,000 rows with progress every 1,000 rows', () => {
    const lines = [HEADER];
    const existing: Overlay[] = [];
    for (let i = 0; i < 10_000; i++) {
      lines.push(`ov-${i},shape-${i},Overlay ${i},device,dev-${i % 50},floor-${i % 3}`);
      if (i % 2 === 0) existing.push({ externalId: `ov-${i}`, shapeId: `shape-${i}`, label: 'old', binding: null });
    }
    const progress: [number, number][] = [];
    const plan = planOverlayImport(existing, csv(...lines), { onProgress: (d, t) => progress.push([d, t]) });
    expect(plan.summary).toEqual({ created: 5_000, updated: 5_000, unchanged: 0, rejected: 0 });
    expect(progress).toHaveLength(10);
    expect(progress.at(-1)).toEqual([10_000, 10_000]);
  });

  it('plans the same asynchronously, letting other work run between chunks of rows', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 3_500; i++) lines.push(`ov-${i},,Overlay ${i},,,`);
    lines.push('bad id!,,Broken,,,');
    const input = csv(...lines);
    // Another task waiting for the event loop: it must get turns while the plan is under way.
    let turns = 0;
    let waiting = true;
    const other = (): void => {
      turns++;
      if (waiting) setImmediate(other);
    };
    setImmediate(other);
    const seen: [number, number][] = [];
    const plan = await planOverlayImportAsync([gate], input, { onProgress: (done) => seen.push([done, turns]) });
    waiting = false;
    expect(plan).toEqual(planOverlayImport([gate], input));
    expect(seen.map(([done]) => done)).toEqual([1_000, 2_000, 3_000, 3_501]);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![1]).toBeGreaterThan(seen[i - 1]![1]);
  });
});

describe('planOverlayImport (JSON)', () => {
  it('accepts an array or {overlays: [...]} and validates each item with its path and line', () => {
    const content = JSON.stringify(
      {
        version: 1,
        overlays: [
          { externalId: 'a', label: 'A', binding: { type: 'zone', zone: 'north' } },
          { externalId: 'b', label: 'B', binding: { type: 'zone' } },
          { externalId: 'c', label: 'C', binding: { type: 'tank', id: 'x' }, colour: 'red' },
          'not an object',
        ],
      },
      null,
      2,
    );
    const plan = planOverlayImport([], { format: 'json', content });
    expect(plan.rows.map((r) => [r.line, r.externalId, r.outcome])).toEqual([
      [4, 'a', 'created'],
      [12, 'b', 'rejected'],
      [19, 'c', 'rejected'],
      [28, null, 'rejected'],
    ]);
    expect(plan.rows[1]!.reasons).toEqual(['overlays[1].binding.zone: is missing']);
    expect(plan.rows[2]!.reasons).toContain('overlays[2].binding.type: must be "device", "camera", "zone" or "unit"');
    expect(plan.rows[2]!.reasons.join(' ')).toContain('colour');
    expect(plan.rows[3]!.reasons[0]).toMatch(/^overlays\[3\]: must be an object/);

    const bare = planOverlayImport([gate], { format: 'json', content: '[{"externalId":"gate-1","layer":null}]' });
    expect(bare.rows[0]).toMatchObject({ line: 1, outcome: 'updated', changes: ['layer'] });
  });

  it('refuses text that is not JSON, or JSON that is not a list of overlays', () => {
    expect(thrown(() => planOverlayImport([], { format: 'json', content: '[{"externalId":' })).message).toMatch(
      /could not be read/,
    );
    expect(thrown(() => planOverlayImport([], { format: 'json', content: '{"items":[]}' })).message).toMatch(
      /array of overlays/,
    );
  });

  it('never lets a property named __proto__ through', () => {
    const content = '[{"externalId":"a","label":"A","properties":{"__proto__":"x"}}]';
    const plan = planOverlayImport([], { format: 'json', content });
    expect(plan.rows[0]!.reasons).toEqual(['[0].properties: "__proto__" is not allowed as a property name']);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});

describe('helpers', () => {
  it('finds the line each array item starts on, ignoring brackets inside strings', () => {
    expect(arrayItemLines('[\n{"a":"[,]"},\n\n 2,\n"x\\"]"\n]', null)).toEqual([2, 4, 5]);
    expect(arrayItemLines('{"x":[1,2],\n"overlays":\n[\n1,\n{"b":[3]}]}', 'overlays')).toEqual([4, 5]);
  });

  it('finds the first byte that is not UTF-8', () => {
    expect(firstInvalidUtf8Offset(Buffer.from('héllo ✓ 😀'))).toBe(-1);
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2); // surrogate
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xe2, 0x9c]))).toBe(1); // truncated
  });
});
