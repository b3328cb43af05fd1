import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OutpostError, type ErrorCode } from '../contract/index.js';

/*
 * Answers that Node's HTTP parser and Fastify's router give before any route runs (a header block
 * too large, a malformed request line, a request that took too long, a URL that cannot be decoded),
 * in the same `{error: {code, message}}` JSON as every other error of the API, instead of their
 * own shapes.
 */

/** Node's parser errors: the answer is written to the socket by hand (there is no request object). */
const CLIENT_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    code: 'headers_too_large',
    message: 'The request headers are too large. Send fewer or shorter headers (cookies, tokens).',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    code: 'request_timeout',
    message: 'The request took too long to arrive. Send it again, faster.',
  },
};
const MALFORMED = {
  code: 'invalid_input' as const,
  message: 'The request is not valid HTTP. Check the request line and headers.',
};

/** The response to a parser error, in the API's error shape; the connection closes after it. */
export function clientErrorResponse(errorCode: string | undefined): string {
  const { code, message } = (errorCode && CLIENT_ERRORS[errorCode]) || MALFORMED;
  const error = new OutpostError(code, message);
  const body = JSON.stringify(error.toBody());
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Fastify's `clientErrorHandler`: Node's own parser refused the request. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) socket.write(clientErrorResponse(err.code));
  socket.destroy(err);
}

/** Fastify's `frameworkErrors`: the router refused the URL before any route or hook ran. */
export function frameworkError(
  send: (reply: FastifyReply, request: FastifyRequest, err: OutpostError) => FastifyReply,
) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const mapped =
      err.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new OutpostError('uri_too_long', 'A part of the URL is too long. Check the address.')
        : new OutpostError('invalid_input', 'The URL is not valid (a broken %-escape?). Check the address.', {
            issues: [{ path: 'url', message: 'is not a valid URL' }],
          });
    send(reply, request, mapped);
  };
}
