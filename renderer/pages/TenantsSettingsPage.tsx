import { useCallback, useEffect, useState } from 'react';
import type { Tenant } from '../../main/contract/index.js';
import { mayManageTenants } from '../api/access.js';
import { describeError } from '../api/api-error.js';
import { ActionFeedback } from '../components/ActionFeedback.js';
import { useConfirm } from '../components/ConfirmDialog.js';
import { LoadState } from '../components/LoadState.js';
import { SettingsHeader } from '../components/SettingsHeader.js';
import { NewTenantForm } from '../components/tenants/NewTenantForm.js';
import { TenantsTable } from '../components/tenants/TenantsTable.js';
import { api, useSession } from '../state/app-state.js';

type ListState = { status: 'loading' | 'ready' | 'error'; tenants: Tenant[]; error: string | null };

/**
 * Settings → Tenants: the installation's tenants, for installation admins only (a tenant's own admins
 * never see the others). Tenants can be created, disabled and enabled again; the contract has no
 * rename or removal.
 */
export function TenantsSettingsPage() {
  const me = useSession((s) => s.user);
  const allowed = mayManageTenants(me);
  const [list, setList] = useState<ListState>({ status: 'loading', tenants: [], error: null });
  const [outcome, setOutcome] = useState<{ message: string | null; error: string | null; attempt: number }>({
    message: null,
    error: null,
    attempt: 0,
  });
  const { confirm, dialog } = useConfirm();

  const load = useCallback(async (showLoading: boolean) => {
    if (showLoading) setList((l) => ({ ...l, status: 'loading', error: null }));
    try {
      const { tenants } = await api.call('tenants.list', {});
      setList({ status: 'ready', tenants, error: null });
    } catch (err) {
      // A failed reload keeps the table the admin is looking at.
      setList((l) => (l.status === 'ready' ? l : { status: 'error', tenants: [], error: describeError(err) }));
    }
  }, []);

  useEffect(() => {
    if (allowed) void load(true);
  }, [allowed, load]);

  async function setDisabled(tenant: Tenant, disabled: boolean) {
    if (
      disabled &&
      !(await confirm({
        title: `Disable ${tenant.name}?`,
        body: `Its ${tenant.users === 1 ? 'user is' : `${tenant.users} users are`} signed out at once and cannot sign in, and its sources stop. Nothing is deleted: enable it again to undo.`,
        confirmLabel: `Disable ${tenant.name}`,
      }))
    )
      return;
    const attempt = outcome.attempt + 1;
    try {
      const changed = await api.call(disabled ? 'tenants.disable' : 'tenants.enable', { slug: tenant.slug });
      setOutcome({
        message: `${changed.name} is ${changed.disabledAt === null ? 'enabled again' : 'disabled'}.`,
        error: null,
        attempt,
      });
    } catch (err) {
      setOutcome({ message: null, error: describeError(err), attempt });
    }
    await load(false);
  }

  if (!allowed) {
    return (
      <>
        <SettingsHeader title="Tenants" />
        <p>
          Tenants are managed by the installation&apos;s admins. Ask one of them, or use Settings → Users for your own.
        </p>
      </>
    );
  }

  return (
    <>
      <SettingsHeader title="Tenants" />
      {dialog}
      <p className="muted">
        Each tenant has its own users, sites, sources and data; its admins never see the others. Disabling one signs its
        users out and stops its sources, and deletes nothing.
      </p>
      <LoadState
        status={list.status}
        error={list.error}
        loading="Loading tenants…"
        isEmpty={list.tenants.length === 0}
        empty={<p>No tenants yet.</p>}
        onRetry={() => void load(true)}
      >
        <TenantsTable
          tenants={list.tenants}
          ownTenantId={me?.tenantId}
          onSetDisabled={(t, d) => void setDisabled(t, d)}
        />
      </LoadState>
      <ActionFeedback error={outcome.error} message={outcome.message} attempt={outcome.attempt} />
      <section aria-labelledby="new-tenant-heading" className="panel">
        <h2 id="new-tenant-heading">New tenant</h2>
        <NewTenantForm onCreated={() => void load(false)} />
      </section>
    </>
  );
}
