import { describe, expect, it } from 'vitest';
import { methods, ROLES } from '../../main/contract/index.js';
import { can, ROLE_ORDER } from './access.js';

describe('can', () => {
  it('uses the same role order as the contract', () => {
    expect(ROLE_ORDER).toEqual(ROLES);
  });

  it('agrees with every method access in the contract', () => {
    for (const [name, spec] of Object.entries(methods)) {
      for (const role of ROLES) {
        const expected =
          spec.access === 'public' ||
          (spec.access !== 'installation' && ROLES.indexOf(role) >= ROLES.indexOf(spec.access));
        expect(can(role, name as keyof typeof methods), `${role} → ${name}`).toBe(expected);
      }
    }
  });

  it('lets only admins create sites and nobody signed out call non-public methods', () => {
    expect(can('admin', 'sites.create')).toBe(true);
    expect(can('technician', 'sites.create')).toBe(false);
    expect(can('viewer', 'sites.create')).toBe(false);
    expect(can(null, 'sites.list')).toBe(false);
    expect(can(null, 'auth.login')).toBe(true);
  });
});
