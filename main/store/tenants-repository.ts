import type { Database } from '../../native/sqlite/index.js';
import { translateConstraints } from './constraint-errors.js';
import { newId } from './ids.js';
import type { Store, TenantRow } from './types.js';

const COLUMNS = 'id, slug, name, created_at AS createdAt, disabled_at AS disabledAt';
const DEFAULT_TENANT = { slug: 'default', name: 'Default' } as const;

/** Tenants are installation-wide rows: the one repository without a scope. */
export function createTenantsRepository(db: Database): Store['tenants'] {
  const insert = db.prepare<[Omit<TenantRow, 'disabledAt'>]>(
    'INSERT INTO tenants (id, slug, name, created_at) VALUES (@id, @slug, @name, @createdAt)',
  );
  const insertIfMissing = db.prepare<[Omit<TenantRow, 'disabledAt'>]>(
    'INSERT INTO tenants (id, slug, name, created_at) VALUES (@id, @slug, @name, @createdAt) ON CONFLICT (slug) DO NOTHING',
  );
  const byId = db.prepare<[string], TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE id = ?`);
  const bySlug = db.prepare<[string], TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE slug = ?`);
  const all = db.prepare<[], TenantRow>(`SELECT ${COLUMNS} FROM tenants ORDER BY slug`);
  const setDisabled = db.prepare<[number | null, string], TenantRow>(
    `UPDATE tenants SET disabled_at = ? WHERE id = ? RETURNING ${COLUMNS}`,
  );

  return {
    create(data) {
      const row: TenantRow = {
        id: newId(),
        slug: data.slug,
        name: data.name,
        createdAt: Date.now(),
        disabledAt: null,
      };
      const { disabledAt: _disabledAt, ...columns } = row;
      translateConstraints(() => insert.run(columns), {
        unique: {
          'tenants.slug': `A tenant with slug '${data.slug}' already exists. Choose another slug.`,
        },
      });
      return row;
    },
    get: (id) => byId.get(id),
    getBySlug: (slug) => bySlug.get(slug),
    list: () => all.all(),
    ensureDefault() {
      insertIfMissing.run({ id: newId(), ...DEFAULT_TENANT, createdAt: Date.now() });
      const row = bySlug.get(DEFAULT_TENANT.slug);
      if (!row) throw new Error('The default tenant vanished right after it was created.');
      return row;
    },
    setDisabled: (id, disabledAt) => setDisabled.get(disabledAt, id),
  };
}
