import type { ReleaseEnv } from '../../../../main/contract/index.js';

/**
 * The public addresses of a site's current releases, keyed by the site's slug (never its id):
 * what a wall board or a web embed is pointed at. Production is the default environment, so its
 * addresses carry no `env`.
 */
export interface PublicUrl {
  label: string;
  url: string;
}

export function publicUrls(origin: string, slug: string, env: ReleaseEnv): PublicUrl[] {
  const base = origin.replace(/\/+$/, '');
  const s = encodeURIComponent(slug);
  const query = env === 'staging' ? '?env=staging' : '';
  const name = env === 'staging' ? 'Staging' : 'Production';
  return [
    { label: `${name} release.json`, url: `${base}/api/public/${s}/release.json${query}` },
    { label: `${name} live status`, url: `${base}/api/public/${s}/status${query}` },
    { label: `${name} wall board`, url: `${base}/wall/${s}${query}` },
  ];
}
