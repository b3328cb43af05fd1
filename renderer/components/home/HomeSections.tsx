import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Home } from '../../../main/contract/index.js';
import { SeverityBadge } from '../SeverityBadge.js';
import { formatAgo, formatTime } from '../time-format.js';
import { ALERTS_PAGE, groupOf, mapOf, plural, SOURCES_PAGE, TUNNELS_PAGE } from './home-links.js';

function Section({ id, title, count, children }: { id: string; title: string; count: number; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="panel home-section">
      <h2 id={id}>
        {title} <span className="home-count">({count})</span>
      </h2>
      {children}
    </section>
  );
}

function New({ isNew }: { isNew: boolean }) {
  return isNew ? <span className="badge-new">New</span> : null;
}

/** Home's lists: each item names its site and links to where it is handled. */
export function HomeSections({ home, now }: { home: Home; now: number }) {
  const siteName = (id: string | null) => home.sites.find((s) => s.id === id)?.name ?? 'Unknown site';
  const { alerts, offline, groups, overlays, sources, tunnels, sync } = home;
  const openTotal = alerts.open.critical + alerts.open.warning + alerts.open.info;

  return (
    <>
      <Section id="home-alerts" title="Alerts" count={openTotal + alerts.acknowledged}>
        <p>
          {plural(openTotal, 'open alert')}: {alerts.open.critical} critical, {alerts.open.warning} warning,{' '}
          {alerts.open.info} info; {alerts.acknowledged} acknowledged. <Link to={ALERTS_PAGE}>Handle alerts</Link>
        </p>
        {alerts.items.length > 0 && (
          <ul className="home-list">
            {alerts.items.map((a) => (
              <li key={a.id}>
                <SeverityBadge severity={a.severity} />{' '}
                <Link to={a.groupId ? groupOf(a.groupId) : ALERTS_PAGE}>{a.title}</Link>{' '}
                <span className="muted">
                  {siteName(a.siteId)}
                  {a.device ? ` · ${a.device}` : ''} · {a.state === 'open' ? 'open' : 'acknowledged'} since{' '}
                  {formatTime(a.openedAt, now)}
                </span>{' '}
                <New isNew={a.isNew} />
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="home-offline" title="Offline" count={offline.items.length}>
        <p>
          {plural(offline.devices, 'device')} and {plural(offline.cameras, 'camera')} offline.
        </p>
        {offline.items.length > 0 && (
          <ul className="home-list">
            {offline.items.map((d) => (
              <li key={`${d.siteId}/${d.id}`}>
                <Link to={mapOf(d.siteId)}>{d.id}</Link>{' '}
                <span className="muted">
                  {d.type === 'camera' ? 'Camera' : 'Device'} · {siteName(d.siteId)} · last seen{' '}
                  {d.lastSeen === null ? 'never' : formatAgo(d.lastSeen, now)}
                </span>{' '}
                <New isNew={d.isNew} />
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="home-groups" title="Spiking and new groups" count={groups.spiking.length + groups.new.length}>
        {groups.spiking.length + groups.new.length === 0 && <p>No group is spiking, and none is new.</p>}
        <ul className="home-list">
          {groups.spiking.map((g) => (
            <li key={`spike-${g.groupId}`}>
              <span className="badge-spike">Spiking</span> <Link to={groupOf(g.groupId)}>{g.template}</Link>{' '}
              <span className="muted">
                {siteName(g.siteId)} · {g.count} events in a minute (about {Math.round(g.expected)} expected) ·{' '}
                {formatTime(g.at, now)}
              </span>{' '}
              <New isNew={g.isNew} />
            </li>
          ))}
          {groups.new.map((g) => (
            <li key={`new-${g.id}`}>
              <SeverityBadge severity={g.severity} /> <Link to={groupOf(g.id)}>{g.template}</Link>{' '}
              <span className="muted">
                {siteName(g.siteId)} · first seen {formatTime(g.firstSeen, now)}
              </span>{' '}
              <New isNew={g.isNew} />
            </li>
          ))}
        </ul>
      </Section>

      {overlays.alarm.length > 0 && (
        <Section id="home-overlays" title="Map overlays in alarm" count={overlays.alarm.length}>
          <ul className="home-list">
            {overlays.alarm.map((o) => (
              <li key={`${o.siteId}/${o.externalId}`}>
                <Link to={mapOf(o.siteId)}>{o.label}</Link>{' '}
                <span className="muted">
                  {siteName(o.siteId)}
                  {o.target ? ` · ${o.target}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {sources.failing.length > 0 && (
        <Section id="home-sources" title="Sources failing" count={sources.failing.length}>
          <ul className="home-list">
            {sources.failing.map((s) => (
              <li key={s.id}>
                <Link to={SOURCES_PAGE}>{s.name}</Link>{' '}
                <span className="muted">
                  {s.state === 'down' ? 'Down' : 'Degraded'} · {siteName(s.siteId)}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {tunnels && tunnels.items.length > 0 && (
        <Section id="home-tunnels" title="Tunnels" count={tunnels.items.length}>
          <p>
            {tunnels.up} up, {tunnels.stale} stale, {tunnels.down} down. <Link to={TUNNELS_PAGE}>Open tunnels</Link>
          </p>
          <ul className="home-list">
            {tunnels.items.map((p) => (
              <li key={p.peerId}>
                {p.name}{' '}
                <span className="muted">
                  {p.state}
                  {p.siteId ? ` · ${siteName(p.siteId)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {sync && sync.sites.some((s) => s.state !== 'ok') && (
        <Section id="home-sync" title="Sync" count={sync.sites.filter((s) => s.state !== 'ok').length}>
          <ul className="home-list">
            {sync.sites
              .filter((s) => s.state !== 'ok')
              .map((s) => (
                <li key={s.siteId}>
                  {siteName(s.siteId)}{' '}
                  <span className="muted">
                    {s.state}
                    {s.pendingRecords ? ` · ${plural(s.pendingRecords, 'record')} waiting` : ''}
                    {s.error ? ` · ${s.error}` : ''}
                  </span>
                </li>
              ))}
          </ul>
        </Section>
      )}
    </>
  );
}
