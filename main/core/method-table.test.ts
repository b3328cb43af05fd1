import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineMethod, methods, type MethodSpec } from '../contract/index.js';
import { mergeMethodTables } from './method-table.js';

const spec = (name: string): MethodSpec =>
  defineMethod({
    name,
    summary: name,
    input: z.object({}),
    output: z.object({ ok: z.literal(true) }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  });

const ok = () => ({ ok: true as const });

describe('mergeMethodTables', () => {
  const contract = { 'a.one': spec('a.one'), 'a.two': spec('a.two'), 'b.one': spec('b.one') };

  it('merges the slices into one table that knows each method, its spec and its slice', () => {
    const table = mergeMethodTables(
      [
        { slice: 'a', handlers: { 'a.one': ok, 'a.two': ok } as never },
        { slice: 'b', handlers: { 'b.one': ok } as never },
      ],
      contract,
    );
    expect([...table.keys()]).toEqual(['a.one', 'a.two', 'b.one']);
    expect(table.get('b.one')).toMatchObject({ spec: contract['b.one'], slice: 'b' });
  });

  it('refuses a method handled by two slices, naming both', () => {
    expect(() =>
      mergeMethodTables(
        [
          { slice: 'a', handlers: { 'a.one': ok, 'a.two': ok, 'b.one': ok } as never },
          { slice: 'b', handlers: { 'b.one': ok } as never },
        ],
        contract,
      ),
    ).toThrow('Method "b.one" has two handlers, in the a and b slices.');
  });

  it('refuses a contract key that differs from its spec name', () => {
    const misnamed = { ...contract, 'b.one': spec('b.uno') };
    expect(() =>
      mergeMethodTables([{ slice: 'a', handlers: { 'a.one': ok, 'a.two': ok, 'b.one': ok } as never }], misnamed),
    ).toThrow('The contract lists "b.one" under a spec named "b.uno"; the key must be the name.');
  });

  it('refuses a contract method without a handler, naming it', () => {
    expect(() => mergeMethodTables([{ slice: 'a', handlers: { 'a.one': ok } as never }], contract)).toThrow(
      'No slice handles a.two, b.one: add the handlers to a slice.',
    );
  });

  it('refuses a handler for a method the contract does not declare', () => {
    expect(() =>
      mergeMethodTables(
        [{ slice: 'a', handlers: { 'a.one': ok, 'a.two': ok, 'b.one': ok, 'a.three': ok } as never }],
        contract,
      ),
    ).toThrow('The a slice handles "a.three", which the contract does not declare.');
  });

  it("holds every method of the real contract under its own name (each key is its spec's name)", () => {
    for (const [key, value] of Object.entries(methods)) expect(value.name).toBe(key);
  });
});
