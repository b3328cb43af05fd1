import { describe, expect, it } from 'vitest';
import type { Overlay } from '../../../../main/contract/index.js';
import { COALESCE_MS, emptyUndoStack, invert, record, redo, sameOverlay, undo, type Operation } from './undo-stack.js';

const door = (label: string): Overlay => ({ externalId: 'door-1', shapeId: 's1', label, binding: null });
const gate: Overlay = { externalId: 'gate', shapeId: 's2', label: 'Gate', binding: { type: 'zone', zone: 'yard' } };

const op = (edits: Operation['edits'], at = 0, coalesceKey?: string): Operation =>
  coalesceKey === undefined ? { edits, at } : { edits, at, coalesceKey };

describe('undo stack', () => {
  it('undo gives the inverse of the last operation, redo gives it back', () => {
    let stack = record(emptyUndoStack(), op([{ externalId: 'door-1', before: door('A'), after: door('B') }]));
    const undone = undo(stack)!;
    expect(undone.apply.edits).toEqual([{ externalId: 'door-1', before: door('B'), after: door('A') }]);
    stack = undone.stack;
    expect(stack.past).toHaveLength(0);
    expect(stack.future).toHaveLength(1);
    const redone = redo(stack)!;
    expect(redone.apply.edits).toEqual([{ externalId: 'door-1', before: door('A'), after: door('B') }]);
    expect(redone.stack.past).toHaveLength(1);
    expect(redone.stack.future).toHaveLength(0);
  });

  it('has nothing to undo or redo when empty', () => {
    expect(undo(emptyUndoStack())).toBeNull();
    expect(redo(emptyUndoStack())).toBeNull();
  });

  it('a new operation clears what could be redone', () => {
    let stack = record(emptyUndoStack(), op([{ externalId: 'gate', before: null, after: gate }]));
    stack = undo(stack)!.stack;
    stack = record(stack, op([{ externalId: 'door-1', before: door('A'), after: door('B') }]));
    expect(stack.future).toEqual([]);
    expect(stack.past).toHaveLength(1);
  });

  it('inverts creations into deletions and reverses the order of edits', () => {
    const inverse = invert(
      op([
        { externalId: 'gate', before: null, after: gate },
        { externalId: 'door-1', before: door('A'), after: null },
      ]),
    );
    expect(inverse.edits).toEqual([
      { externalId: 'door-1', before: null, after: door('A') },
      { externalId: 'gate', before: gate, after: null },
    ]);
  });

  it('ignores operations that change nothing', () => {
    const stack = record(emptyUndoStack(), op([{ externalId: 'door-1', before: door('A'), after: door('A') }]));
    expect(stack.past).toEqual([]);
  });

  it('coalesces typing in one field into one step that undoes to the first value', () => {
    let stack = emptyUndoStack();
    stack = record(stack, op([{ externalId: 'door-1', before: door('A'), after: door('Ab') }], 0, 'label:door-1'));
    stack = record(stack, op([{ externalId: 'door-1', before: door('Ab'), after: door('Abc') }], 500, 'label:door-1'));
    expect(stack.past).toHaveLength(1);
    expect(undo(stack)!.apply.edits).toEqual([{ externalId: 'door-1', before: door('Abc'), after: door('A') }]);
  });

  it('does not coalesce after a pause or across fields', () => {
    let stack = emptyUndoStack();
    stack = record(stack, op([{ externalId: 'door-1', before: door('A'), after: door('B') }], 0, 'label:door-1'));
    stack = record(
      stack,
      op([{ externalId: 'door-1', before: door('B'), after: door('C') }], COALESCE_MS + 1, 'label:door-1'),
    );
    stack = record(stack, op([{ externalId: 'gate', before: gate, after: { ...gate, label: 'G' } }], 0, 'label:gate'));
    expect(stack.past).toHaveLength(3);
  });

  it('drops a coalesced step that ends where it started', () => {
    let stack = emptyUndoStack();
    stack = record(stack, op([{ externalId: 'door-1', before: door('A'), after: door('AB') }], 0, 'k'));
    stack = record(stack, op([{ externalId: 'door-1', before: door('AB'), after: door('A') }], 10, 'k'));
    expect(stack.past).toEqual([]);
  });

  it('keeps at most `limit` steps', () => {
    let stack = emptyUndoStack();
    for (let i = 0; i < 5; i++) {
      stack = record(stack, op([{ externalId: 'door-1', before: door(`${i}`), after: door(`${i + 1}`) }]), 3);
    }
    expect(stack.past.map((p) => p.edits[0]!.after!.label)).toEqual(['3', '4', '5']);
  });

  it('compares overlays by content, whatever the key order of their properties', () => {
    const a: Overlay = { ...gate, properties: { floor: '1', wing: 'B' } };
    const b: Overlay = { ...gate, properties: { wing: 'B', floor: '1' } };
    expect(sameOverlay(a, b)).toBe(true);
    expect(sameOverlay(a, { ...b, layer: 'doors' })).toBe(false);
    expect(sameOverlay(null, a)).toBe(false);
  });
});
