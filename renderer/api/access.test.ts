import { describe, expect, it } from 'vitest';
import {
  FILE_SOURCE_KINDS as CONTRACT_FILE_KINDS,
  methods,
  ROLES,
  sourceKindAccess,
} from '../../main/contract/index.js';
import { can, canManageSource, FILE_SOURCE_KINDS, mayManageTenants, ROLE_ORDER } from './access.js';

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

describe('canManageSource', () => {
  it('keeps the file-reading kinds to admins, as the contract does', () => {
    for (const kind of ['webhook', 'mqtt', 'folder', 'logfile', 'syslog', 'postgres'] as const) {
      for (const role of ROLES) {
        const needed = sourceKindAccess(kind);
        const expected = ROLES.indexOf(role) >= ROLES.indexOf(needed);
        expect(canManageSource(role, kind), `${role} → ${kind}`).toBe(expected);
      }
    }
    expect(FILE_SOURCE_KINDS).toEqual(CONTRACT_FILE_KINDS);
  });
});

describe('mayManageTenants', () => {
  it('follows the installation-admin flag, whatever the role', () => {
    expect(mayManageTenants({ installationAdmin: true })).toBe(true);
    expect(mayManageTenants({ installationAdmin: false })).toBe(false);
    expect(mayManageTenants(null)).toBe(false);
    expect(mayManageTenants(undefined)).toBe(false);
  });
});
