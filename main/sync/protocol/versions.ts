/**
 * Protocol versions. A site and the hub exchange theirs at hello; a pair that cannot talk is told
 * which side to upgrade, and nothing is sent or applied meanwhile. Bump PROTOCOL_VERSION when a
 * message or record changes shape; raise MIN_PEER_PROTOCOL only when the old shape is dropped.
 */
export const PROTOCOL_VERSION = 1;
/** The oldest protocol this side still speaks. */
export const MIN_PEER_PROTOCOL = 1;

export type Compatibility = { ok: true } | { ok: false; upgrade: 'site' | 'hub'; message: string };

/** Whether a site speaking `site` can sync with a hub speaking `hub` (each with its own minimum). */
export function compatibility(
  site: { protocol: number; minProtocol: number; version: string },
  hub: { protocol: number; minProtocol: number; version: string },
): Compatibility {
  if (site.protocol < hub.minProtocol) {
    return {
      ok: false,
      upgrade: 'site',
      message: `This site runs Outpost ${site.version} (sync protocol ${site.protocol}); the hub runs ${hub.version} and needs protocol ${hub.minProtocol} or later. Upgrade this site to Outpost ${hub.version} or later.`,
    };
  }
  if (hub.protocol < site.minProtocol) {
    return {
      ok: false,
      upgrade: 'hub',
      message: `The hub runs Outpost ${hub.version} (sync protocol ${hub.protocol}); this site runs ${site.version} and needs protocol ${site.minProtocol} or later. Upgrade the hub to Outpost ${site.version} or later.`,
    };
  }
  return { ok: true };
}

/** The protocol both sides use: the lower of the two (each accepts down to its minimum). */
export const commonProtocol = (a: number, b: number): number => Math.min(a, b);
