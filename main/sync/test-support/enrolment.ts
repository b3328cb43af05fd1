import type { Installation } from './index.js';

/** A webhook source on an installation: its id and the token senders present. */
export async function webhookSource(on: Installation, name: string): Promise<{ id: string; token: string }> {
  const created = await on.rpc('sources.create', { kind: 'webhook', name, config: {} });
  if (created.status !== 200) throw new Error(`sources.create answered ${created.status}`);
  return { id: created.body.id as string, token: created.body.token as string };
}

/** Enrols `site` with `hub` (reached at `hubUrl`) under a fresh code; answers the hub's id for the site. */
export async function enrolWithHub(
  hub: Installation,
  site: Installation,
  hubUrl: string,
  siteName: string,
  siteId?: string,
): Promise<string> {
  const made = await hub.rpc('sync.createEnrolment', { siteName });
  const enrolled = await site.rpc('sync.enrol', { hubUrl, code: made.body.code, ...(siteId ? { siteId } : {}) });
  if (enrolled.body.state !== 'synced') {
    throw new Error(`Enrolment ended ${String(enrolled.body.state)}: ${String(enrolled.body.lastError)}`);
  }
  return enrolled.body.hubSiteId as string;
}
