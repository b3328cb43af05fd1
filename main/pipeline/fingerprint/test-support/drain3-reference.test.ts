import { describe, expect, it } from 'vitest';
import { DRAIN3_DEFAULTS, ReferenceDrain3 } from './drain3-reference.js';

describe('reference Drain3', () => {
  it('mines the example of Drain3’s README into its three templates', () => {
    const drain = new ReferenceDrain3();
    const ids = [
      'connected to 10.0.0.1',
      'connected to 10.0.0.2',
      'connected to 10.0.0.3',
      'Hex number 0xDEADBEAF',
      'Hex number 0x10000',
      'user davidoh logged in',
      'user eranr logged in',
    ].map((line) => drain.add(line));
    expect(ids).toEqual([1, 1, 1, 2, 2, 3, 3]);
    expect(drain.clusterCount).toBe(3);
  });

  it('joins a line when at least sim_th of its tokens match, and branches on the first token only', () => {
    const drain = new ReferenceDrain3({ ...DRAIN3_DEFAULTS, masking: [] });
    const a = drain.add('alpha beta gamma delta epsilon');
    // 2 of 5 tokens match: 0.4 reaches the default sim_th.
    expect(drain.add('alpha beta x y z')).toBe(a);
    // 1 of 5 does not.
    expect(drain.add('alpha q x y w')).not.toBe(a);
    // Another first token is another branch, however alike the rest.
    expect(drain.add('omega beta gamma delta epsilon')).not.toBe(a);
  });

  it('sends tokens with digits down the <*> branch', () => {
    const drain = new ReferenceDrain3({ ...DRAIN3_DEFAULTS, masking: [] });
    expect(drain.add('job7 started on node')).toBe(drain.add('job8 started on node'));
  });
});
