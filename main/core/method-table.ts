import { methods as contractMethods, type MethodName, type MethodSpec } from '../contract/index.js';
import type { Handler, HandlerTable } from './slice-kit/index.js';

/** One slice's handlers, named for the error messages. */
export interface SliceTable {
  slice: string;
  handlers: Partial<HandlerTable>;
}

/** The methods some slice of `S` handles (a union over the slices, not only the keys they share). */
export type HandledBy<S extends readonly SliceTable[]> = S[number] extends infer T
  ? T extends { handlers: infer H }
    ? keyof H
    : never
  : never;

/** A contract method with the handler that serves it and the slice that owns it. */
export interface MethodEntry {
  spec: MethodSpec;
  handler: Handler<MethodName>;
  slice: string;
}

/** Every method a Core serves, by name: the dispatcher runs calls from it and /docs lists it. */
export type MethodTable = ReadonlyMap<string, MethodEntry>;

/**
 * Merges the slices' handler tables into the one method table. Throws, naming the slices and the
 * method, when two slices handle the same method, when a slice handles a method the contract does
 * not declare, when a contract entry's key differs from its spec's name (the name is what callers
 * send), and when a contract method has no handler. Object spreads would silently keep the last of
 * two handlers; this refuses to start instead.
 */
export function mergeMethodTables(
  slices: readonly SliceTable[],
  contract: Readonly<Record<string, MethodSpec>> = contractMethods,
): MethodTable {
  const table = new Map<string, MethodEntry>();
  for (const { slice, handlers } of slices) {
    for (const [name, handler] of Object.entries(handlers)) {
      if (handler === undefined) continue;
      const taken = table.get(name);
      if (taken) throw new Error(`Method "${name}" has two handlers, in the ${taken.slice} and ${slice} slices.`);
      const spec = Object.hasOwn(contract, name) ? contract[name] : undefined;
      if (!spec) throw new Error(`The ${slice} slice handles "${name}", which the contract does not declare.`);
      if (spec.name !== name) {
        throw new Error(`The contract lists "${name}" under a spec named "${spec.name}"; the key must be the name.`);
      }
      table.set(name, { spec, handler: handler as Handler<MethodName>, slice });
    }
  }
  const missing = Object.keys(contract).filter((name) => !table.has(name));
  if (missing.length > 0) throw new Error(`No slice handles ${missing.join(', ')}: add the handlers to a slice.`);
  return table;
}
