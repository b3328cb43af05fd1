/**
 * The server's door for slices that own HTTP routes: the registration interface and the HTTP
 * helpers their routes share with the server's own (errors, bearer tokens, stored files, ETags,
 * token buckets). It does not import the server itself, so a slice can use it without loading it.
 */
export type { ErrorResponses, LargeRpcBody, RateLimitRule, RouteHost, SliceRoutes } from './slice-routes.js';
export { acceptsGzip } from '../accept-encoding.js';
export { bearerToken } from '../bearer.js';
export { attachment } from '../content-disposition.js';
export { parseByteRange, type ByteRange } from '../byte-range.js';
export { callContext } from '../call-context.js';
export { assertMayCall } from '../call-precheck.js';
export { sendError } from '../error-reply.js';
export { hashEtag, ifNoneMatchHits } from '../etag.js';
export { sendStoredFile, type StoredFile } from '../send-stored-file.js';
export { TokenBuckets } from '../token-bucket.js';
