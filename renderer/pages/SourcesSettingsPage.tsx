import { useEffect } from 'react';
import { can } from '../api/access.js';
import { DevicesSection } from '../components/DevicesSection.js';
import { LoadState } from '../components/LoadState.js';
import { NewSourceForm } from '../components/NewSourceForm.js';
import { SettingsHeader } from '../components/SettingsHeader.js';
import { SourcesTable } from '../components/SourcesTable.js';
import { useSession, useSources } from '../state/app-state.js';

export function SourcesSettingsPage() {
  const role = useSession((s) => s.user?.role);
  const { status, items, error, load, watch } = useSources();
  const mayCreate = can(role, 'sources.create');

  useEffect(() => {
    void useSources.getState().load();
    return watch();
  }, [watch]);

  return (
    <>
      <SettingsHeader title="Sources" />
      <LoadState
        status={status}
        error={error}
        loading="Loading sources…"
        isEmpty={items.length === 0}
        empty={
          <p>
            {mayCreate
              ? 'No sources yet. Add the first one below.'
              : 'No sources yet. A technician or an admin can add them.'}
          </p>
        }
        onRetry={() => void load()}
      >
        <SourcesTable sources={items} />
      </LoadState>

      <DevicesSection />

      {mayCreate ? (
        <section aria-labelledby="new-source-heading" className="panel">
          <h2 id="new-source-heading">Add source</h2>
          <NewSourceForm />
        </section>
      ) : (
        <p className="muted">Only technicians and admins can add or change sources.</p>
      )}
    </>
  );
}
