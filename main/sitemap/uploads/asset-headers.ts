import type { FastifyReply } from 'fastify';

/**
 * The policy of a site-map file opened on its own (a base map or overlay layer URL typed into the
 * address bar, or followed from elsewhere). SVGs are sanitised before they are stored, so this is
 * defence in depth: even if something slipped through, the document may run nothing and load
 * nothing; only its inline styles and data: images (embedded in some exported maps) apply.
 */
export const ASSET_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

/**
 * Headers every site-map file is served with: the restrictive policy above, shown inline (not
 * downloaded), and never sniffed into another type than the one it was stored as. The policy is
 * sent for PNG and JPEG too: an image needs nothing it forbids.
 */
export function protectAsset(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', ASSET_CSP)
    .header('content-disposition', 'inline')
    .header('x-content-type-options', 'nosniff');
}
