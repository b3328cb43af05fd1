import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The renderer ships every script and style as a file of its own origin, so nothing inline is
 * needed anywhere, /docs included (its stylesheet is a file too).
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    // Without helmet's defaults: they add `upgrade-insecure-requests`, which breaks a hub reached over plain HTTP on a LAN.
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Outpost itself speaks plain HTTP; HSTS (with includeSubDomains) belongs to whatever proxy terminates TLS.
    strictTransportSecurity: false,
    // One framing policy: no page of Outpost may be framed anywhere (frame-ancestors 'none' above, and
    // DENY for browsers that only know X-Frame-Options; helmet's default SAMEORIGIN contradicted it).
    // The wall board may later want embedding: then /wall/* alone gets `frame-ancestors <listed origins>`
    // from a setting, without X-Frame-Options (which cannot list origins), and everything else keeps this.
    xFrameOptions: { action: 'deny' },
  });
}
