import { describe, expect, it } from 'vitest';
import { createTemplateMiner } from './index.js';

const SITE = 'site-a';
const OTHER_SITE = 'site-b';

function learnt() {
  const miner = createTemplateMiner();
  const lines = ['door 4 buzzed by badge alice', 'door 9 buzzed by badge bob', 'door 4 buzzed by badge carol'];
  const ids = lines.map((line) => miner.add(line, SITE).templateId);
  return { miner, lines, parent: ids[0]! };
}

describe('splitting a template by token position', () => {
  it('gives each value seen at the position a template of its own, for old and new lines', () => {
    const { miner, lines, parent } = learnt();
    expect(miner.templateTokens(parent)).toEqual(['door', '<*>', 'buzzed', 'by', 'badge', '<*>']);

    const moved = miner.splitByPosition(parent, 1, SITE, lines);
    expect(moved.map((m) => m.template)).toEqual([
      'door 4 buzzed by badge <*>',
      'door 9 buzzed by badge <*>',
      'door 4 buzzed by badge <*>',
    ]);
    expect(moved[0]!.templateId).toBe(moved[2]!.templateId);
    expect(moved[0]!.templateId).not.toBe(moved[1]!.templateId);
    expect(moved.every((m) => m.splitOf === parent)).toBe(true);

    const again = miner.add('door 9 buzzed by badge dave', SITE);
    expect(again).toMatchObject({ templateId: moved[1]!.templateId, isNew: false, params: ['9', 'dave'] });
    const fresh = miner.add('door 12 buzzed by badge erin', SITE);
    expect(fresh).toMatchObject({ isNew: true, template: 'door 12 buzzed by badge <*>', splitOf: parent });
  });

  it('applies only in the partition it was made in', () => {
    const { miner, lines, parent } = learnt();
    miner.splitByPosition(parent, 1, SITE, lines);
    expect(miner.add('door 9 buzzed by badge frank', OTHER_SITE)).toMatchObject({ templateId: parent, isNew: false });
    expect(miner.add('door 9 buzzed by badge frank')).toMatchObject({ templateId: parent });
  });

  it('keeps the values apart while the template keeps learning', () => {
    const { miner, lines, parent } = learnt();
    const [four, nine] = miner.splitByPosition(parent, 1, SITE, lines.slice(0, 2));
    // `buzzed` becomes `<*>` in the split template; the children follow it and stay apart.
    const closed = miner.add('door 4 chimed by badge alice', SITE);
    expect(closed).toMatchObject({ templateId: four!.templateId, changed: true, template: 'door 4 <*> by badge <*>' });
    expect(miner.add('door 9 chimed by badge bob', SITE).templateId).toBe(nine!.templateId);
  });

  it('splits a child again at another position', () => {
    const { miner, lines, parent } = learnt();
    const [four] = miner.splitByPosition(parent, 1, SITE, lines);
    const byBadge = miner.splitByPosition(four!.templateId, 5, SITE, [lines[0]!, lines[2]!]);
    expect(byBadge.map((m) => m.template)).toEqual(['door 4 buzzed by badge alice', 'door 4 buzzed by badge carol']);
    expect(miner.add('door 4 buzzed by badge alice', SITE).templateId).toBe(byBadge[0]!.templateId);
    expect(miner.add('door 9 buzzed by badge alice', SITE).template).toBe('door 9 buzzed by badge <*>');
  });

  it('survives saving and restoring the miner', () => {
    const { miner, lines, parent } = learnt();
    const moved = miner.splitByPosition(parent, 1, SITE, lines);
    const restored = createTemplateMiner({}, miner.exportState());
    expect(restored.exportState()).toBe(miner.exportState());
    expect(restored.add('door 9 buzzed by badge gina', SITE).templateId).toBe(moved[1]!.templateId);
    expect(restored.templateTokens(moved[1]!.templateId)).toEqual(['door', '9', 'buzzed', 'by', 'badge', '<*>']);
  });

  it('is never forgotten to make room for newer templates', () => {
    const miner = createTemplateMiner({ maxClusters: 2 });
    const parent = miner.add('valve 3 shut by operator ann', SITE).templateId;
    miner.splitByPosition(parent, 1, SITE, []);
    miner.add('pump station alpha primed and running', SITE);
    miner.add('chiller loop bravo drained for service', SITE);
    expect(miner.templates().map((t) => t.templateId)).toContain(parent);
    expect(miner.add('valve 3 shut by operator ben', SITE).splitOf).toBe(parent);
  });

  it('refuses an unknown template, a position outside it, and a second split of the same template', () => {
    const { miner, parent } = learnt();
    expect(() => miner.splitByPosition('nope', 1, SITE, [])).toThrow(/not known/);
    expect(() => miner.splitByPosition(parent, 6, SITE, [])).toThrow(/position must be a token index from 0 to 5/);
    miner.splitByPosition(parent, 1, SITE, []);
    expect(() => miner.splitByPosition(parent, 5, SITE, [])).toThrow(/already split/);
  });

  it('answers match() for a split template without making a child', () => {
    const { miner, lines, parent } = learnt();
    miner.splitByPosition(parent, 1, SITE, lines);
    expect(miner.match('door 77 buzzed by badge hal', SITE)).toMatchObject({ templateId: parent, splitOf: parent });
    expect(miner.templates()).toHaveLength(1);
  });
});
