import type { ReleaseSummary } from '../../../../main/contract/index.js';
import { api } from '../../../state/app-state.js';
import { ENV_LABELS } from './diff-display.js';
import { publicUrls } from './release-urls.js';

interface PublicUrlsProps {
  slug: string;
  current: Partial<Record<ReleaseSummary['env'], ReleaseSummary>>;
}

/**
 * Where the current releases can be read without signing in. In a browser these are full
 * addresses on this server; the desktop app has no address of its own, so it shows the paths to
 * put after the address `outpost serve` answers on.
 */
export function PublicUrls({ slug, current }: PublicUrlsProps) {
  const envs = (['production', 'staging'] as const).filter((env) => current[env] !== undefined);
  const origin = api.transport === 'http' ? globalThis.location.origin : '';
  return (
    <section className="public-urls" aria-labelledby="public-urls-heading">
      <h3 id="public-urls-heading">Public addresses</h3>
      {envs.length === 0 ? (
        <p className="muted">Nothing is published yet: publish the draft to get public addresses.</p>
      ) : (
        <>
          {origin === '' && <p className="muted">Put these paths after the address the Outpost server answers on.</p>}
          <ul>
            {envs.flatMap((env) =>
              publicUrls(origin, slug, env).map(({ label, url }) => (
                <li key={url}>
                  <span>
                    {label} (version {current[env]!.version}, {ENV_LABELS[env].toLowerCase()}):
                  </span>{' '}
                  {origin === '' ? (
                    <code>{url}</code>
                  ) : (
                    <a href={url} target="_blank" rel="noreferrer" className="mono">
                      {url}
                    </a>
                  )}
                </li>
              )),
            )}
          </ul>
        </>
      )}
    </section>
  );
}
