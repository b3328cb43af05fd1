import type { Tenant } from '../../../main/contract/index.js';
import { formatDateTime } from '../time-format.js';

/** The installation's tenants with their state; the caller's own tenant cannot be disabled from here. */
export function TenantsTable({
  tenants,
  ownTenantId,
  onSetDisabled,
}: {
  tenants: Tenant[];
  ownTenantId: string | undefined;
  onSetDisabled: (tenant: Tenant, disabled: boolean) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Tenants</caption>
        <thead>
          <tr>
            <th scope="col">Tenant</th>
            <th scope="col">Users</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {tenants.map((tenant) => {
            const own = tenant.id === ownTenantId;
            return (
              <tr key={tenant.id}>
                <th scope="row">
                  {tenant.name}
                  {own && <span className="muted"> (yours)</span>}
                  <div className="muted mono">{tenant.slug}</div>
                </th>
                <td>{tenant.users}</td>
                <td>{tenant.disabledAt === null ? 'Active' : `Disabled since ${formatDateTime(tenant.disabledAt)}`}</td>
                <td>
                  {own ? (
                    <span className="muted">You are signed in to it</span>
                  ) : (
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-label={`${tenant.disabledAt === null ? 'Disable' : 'Enable'} ${tenant.name}`}
                      onClick={() => onSetDisabled(tenant, tenant.disabledAt === null)}
                    >
                      {tenant.disabledAt === null ? 'Disable' : 'Enable'}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
