import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OutpostError } from '../contract/index.js';
import { parseByteRange, type ByteRange } from './byte-range.js';
import { hashEtag, ifNoneMatchHits } from './etag.js';

/** A content-addressed file: its hash never names other bytes, so it is its own ETag. */
export interface StoredFile {
  sha256: string;
  contentType: string;
  size: number;
}

/**
 * Answers a GET for a stored file: 304 when `If-None-Match` has its hash, 206 with exactly the
 * bytes of a single `Range` (so a player can seek and a browser can resume; honoured only while
 * `If-Range` still names this file), 416 for a range past the end, else the whole file. `cacheControl` says who may keep it and for how long.
 */
export function sendStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: StoredFile,
  open: (range?: ByteRange) => Readable,
  cacheControl: string,
): FastifyReply {
  const etag = hashEtag(file.sha256);
  reply
    .header('content-type', file.contentType)
    .header('cache-control', cacheControl)
    .header('etag', etag)
    .header('accept-ranges', 'bytes')
    .header('x-content-type-options', 'nosniff');

  if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.status(304).send();

  // If-Range (RFC 9110 §13.1.5): resume only when the file is still the one the client has part of
  // (a strong ETag match); otherwise send it whole. Dates never match: no Last-Modified is sent.
  const ifRange = request.headers['if-range'];
  const rangeHeader = ifRange === undefined || String(ifRange).trim() === etag ? request.headers.range : undefined;
  const range = parseByteRange(rangeHeader, file.size);
  if (range === 'unsatisfiable') {
    const error = new OutpostError(
      'invalid_input',
      `The requested range is outside the file, which has ${file.size} bytes. Ask for a range within it.`,
      { issues: [{ path: 'range', message: `must start below ${file.size}` }] },
    );
    return reply
      .status(416)
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-range', `bytes */${file.size}`)
      .send(error.toBody());
  }
  if (range === undefined) return reply.status(200).header('content-length', file.size).send(open());
  return reply
    .status(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
    .header('content-length', range.end - range.start + 1)
    .send(open(range));
}
