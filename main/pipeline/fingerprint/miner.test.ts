import { describe, expect, it } from 'vitest';
import { createTemplateMiner } from './index.js';
import { DrainMiner, DEFAULT_MINER_OPTIONS } from './miner.js';

describe('template miner', () => {
  it('puts repeats of one message with different values into one template', () => {
    const miner = createTemplateMiner();
    const first = miner.add('Connection from 10.0.0.1 closed after 12 s');
    const second = miner.add('Connection from 10.0.0.7 closed after 3 s');
    expect(first.isNew).toBe(true);
    expect(second.isNew).toBe(false);
    expect(second.templateId).toBe(first.templateId);
    expect(second.template).toBe('Connection from <*> closed after <*> s');
    expect(second.params).toEqual(['10.0.0.7', '3']);
  });

  it('keeps different messages apart', () => {
    const miner = createTemplateMiner();
    const a = miner.add('Disk full on volume data');
    const b = miner.add('User admin logged in');
    const c = miner.add('Disk full on volume logs');
    expect(b.templateId).not.toBe(a.templateId);
    expect(c.templateId).toBe(a.templateId);
    expect(miner.templates()).toHaveLength(2);
  });

  it('generalises a template, says so once, and keeps its id', () => {
    const miner = createTemplateMiner();
    const first = miner.add('Invalid user alice from 10.1.1.1');
    const second = miner.add('Invalid user bob from 10.1.1.2');
    const third = miner.add('Invalid user carol from 10.1.1.3');
    expect(first.template).toBe('Invalid user alice from <*>');
    expect(second).toMatchObject({ templateId: first.templateId, changed: true, isNew: false });
    expect(second.template).toBe('Invalid user <*> from <*>');
    expect(third).toMatchObject({ templateId: first.templateId, changed: false, params: ['carol', '10.1.1.3'] });
    expect(miner.templates()).toEqual([
      { templateId: first.templateId, template: 'Invalid user <*> from <*>', size: 3 },
    ]);
  });

  it('treats tokens holding digits as values: they match each other and become <*>', () => {
    const miner = createTemplateMiner();
    const a = miner.add('node R02-M1-N0 parity error corrected');
    const b = miner.add('node R17-M0-N9 parity error corrected');
    expect(b.templateId).toBe(a.templateId);
    expect(b.template).toBe('node <*> parity error corrected');
    expect(b.params).toEqual(['R17-M0-N9']);
  });

  it('lets a line join a template when at most a quarter of its words differ', () => {
    const miner = createTemplateMiner();
    const base = miner.add('backup of volume data finished on schedule with delays today');
    const close = miner.add('backup of volume logs finished on schedule with retries today');
    const far = miner.add('backup of volume home skipped by operator without notice today');
    expect(close.templateId).toBe(base.templateId);
    expect(far.templateId).not.toBe(base.templateId);
  });

  it('groups lines by token count and first words (the parse tree)', () => {
    const miner = createTemplateMiner();
    const short = miner.add('Job 1 started');
    const long = miner.add('Job 1 started on worker 3');
    const other = miner.add('Task 1 started');
    expect(new Set([short.templateId, long.templateId, other.templateId]).size).toBe(3);
  });

  it('splits tokens on = , : and brackets so a glued value becomes its own token', () => {
    const miner = createTemplateMiner();
    const a = miner.add('state:RUNNING,owner:alice');
    const b = miner.add('state:RUNNING,owner:bob');
    expect(b.templateId).toBe(a.templateId);
    expect(b.template).toBe('state:RUNNING,owner:<*>');
    expect(b.params).toEqual(['bob']);
  });

  it('match answers without learning', () => {
    const miner = createTemplateMiner();
    const known = miner.add('Cache miss for key 17');
    expect(miner.match('Cache miss for key 99')).toMatchObject({
      templateId: known.templateId,
      isNew: false,
      changed: false,
      params: ['99'],
    });
    expect(miner.match('Something else entirely happened here')).toBeUndefined();
    expect(miner.templates()).toEqual([{ templateId: known.templateId, template: 'Cache miss for key <*>', size: 1 }]);
  });

  it('forgets the least recently used template beyond maxClusters', () => {
    const miner = createTemplateMiner({ maxClusters: 2 });
    const alpha = miner.add('alpha service started');
    miner.add('beta service restarted quickly');
    miner.add('alpha service started'); // alpha is now the most recently used
    miner.add('gamma queue drained fully now');
    const ids = miner.templates().map((t) => t.templateId);
    expect(ids).toHaveLength(2);
    expect(ids).toContain(alpha.templateId);
    expect(miner.match('beta service restarted quickly')).toBeUndefined();
  });

  it('bounds the branches per node: words beyond maxChildren share the <*> branch', () => {
    const miner = new DrainMiner({ ...DEFAULT_MINER_OPTIONS, maxChildren: 3 });
    for (const word of ['apple', 'banana', 'cherry', 'damson', 'elder']) miner.add(`${word} crate loaded onto truck`);
    const lengthNode = miner.tree.byLength.get(5)!;
    expect(lengthNode.children.size).toBeLessThanOrEqual(3);
    expect([...lengthNode.children.keys()]).toContain('<*>');
  });

  it('gives empty and blank lines one empty template', () => {
    const miner = createTemplateMiner();
    const empty = miner.add('');
    expect(miner.add('   ')).toMatchObject({ templateId: empty.templateId, template: '', params: [] });
  });

  it('rejects options that cannot work, naming the field', () => {
    expect(() => createTemplateMiner({ similarityThreshold: 0 })).toThrow(/similarityThreshold/);
    expect(() => createTemplateMiner({ depth: 2 })).toThrow(/depth/);
  });
});

describe('template miner state', () => {
  const lines = [
    'Received disconnect from 10.0.0.1: 11: Bye Bye [preauth]',
    'Failed password for root from 10.0.0.2 port 22 ssh2',
    'Failed password for admin from 10.0.0.3 port 2222 ssh2',
    'Received disconnect from 10.0.0.4: 11: Bye Bye [preauth]',
    'session opened for user alice',
    'session opened for user bob',
  ];
  const probes = [
    'Failed password for guest from 10.9.9.9 port 1 ssh2',
    'session opened for user carol',
    'Received disconnect from 10.0.0.8: 3: Bye Bye [preauth]',
    'a line nobody has seen',
  ];

  it('restores a miner that gives the same answers and keeps learning the same way', () => {
    const original = createTemplateMiner({ maxClusters: 50 });
    for (const line of lines) original.add(line);
    const state = original.exportState();
    const restored = createTemplateMiner({}, state);
    expect(restored.exportState()).toBe(state);
    expect(restored.templates()).toEqual(original.templates());
    for (const probe of probes) expect(restored.match(probe)).toEqual(original.match(probe));
    for (const probe of probes) {
      const a = original.add(probe);
      const b = restored.add(probe);
      expect({ ...b, templateId: a.isNew ? a.templateId : b.templateId }).toEqual(a);
    }
    // Only the ids of templates created after the restore differ (each miner draws its own ULIDs).
    const withoutIds = (miner: typeof original) => miner.templates().map(({ template, size }) => ({ template, size }));
    expect(withoutIds(restored)).toEqual(withoutIds(original));
  });

  it('keeps its options, and refuses a different tree shape on restore', () => {
    const original = createTemplateMiner({ depth: 5, maxClusters: 7 });
    const state = original.exportState();
    expect(JSON.parse(createTemplateMiner({}, state).exportState()).options).toMatchObject({
      depth: 5,
      maxClusters: 7,
    });
    expect(() => createTemplateMiner({ depth: 4 }, state)).toThrow(/depth 5/);
  });

  it('rejects state that is not its own with a clear error', () => {
    expect(() => createTemplateMiner({}, 'not json')).toThrow(/not JSON/);
    expect(() => createTemplateMiner({}, '{"format":"other"}')).toThrow(/state is invalid at format/);
  });
});
