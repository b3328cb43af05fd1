/** Media tests and benchmarks: a Core and server with media, the slice alone, an S3 peer, the archive format. */
export * from './media-server.js';
export * from './media-slice-fixture.js';
export * from './s3-peer.js';
export { newObject, sealChunk } from '../archive/envelope.js';
