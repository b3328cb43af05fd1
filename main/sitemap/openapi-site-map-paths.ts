import { z } from 'zod';
import { PublicStatus, UploadAssetOutput } from '../contract/index.js';
import type { ErrorResponses } from '../server/route-kit/index.js';
import { ASSET_CSP } from './uploads/asset-headers.js';
import { STATUS_MAX_AGE_SECONDS } from './public/public-sitemap-routes.js';

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const pathParam = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

const slugParam = pathParam('slug', "The site's slug. A malformed or unknown slug answers 404.", {
  type: 'string',
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  minLength: 2,
  maxLength: 64,
});

const envParam = {
  name: 'env',
  in: 'query',
  required: false,
  description: 'Which environment: `production` (the default) or `staging`. Anything else answers 400.',
  schema: { type: 'string', enum: ['production', 'staging'], default: 'production' },
};

const header = (description: string) => ({ schema: { type: 'string' }, description });
const cors = { 'Access-Control-Allow-Origin': header('`*`: any origin may read it (no credentials are involved).') };
const fileBody = { content: { '*/*': { schema: { type: 'string', format: 'binary' } } } };

/**
 * The site map's routes outside `/api/rpc` (written by hand: they are plain HTTP routes, not
 * contract methods): asset upload and download for signed-in users, and the public endpoints.
 */
export function siteMapPaths(errorResponses: ErrorResponses): Record<string, unknown> {
  const publicRoute = (
    operationId: string,
    parameters: object[],
    summary: string,
    description: string,
    responses: object,
  ) => ({
    get: { operationId, summary, description, tags: ['public'], security: [], parameters, responses },
  });
  return {
    '/api/sites/{siteId}/assets': {
      post: {
        operationId: 'uploadSiteAsset',
        parameters: [pathParam('siteId', 'The site.')],
        summary: "Uploads the draft's base map (PNG, JPEG or SVG) or overlay layer (SVG); SVGs are sanitised first.",
        description:
          'Multipart/form-data with a field `kind` (`basemap` or `overlay`, before or after the file) and a file field ' +
          '`file`. The same call as `sitemap.uploadAsset`: role `technician` or higher, audited. A file larger than ' +
          '`sitemap.maxBasemapBytes` / `sitemap.maxOverlaySvgBytes` answers 413, a file of another type 415.',
        tags: ['sitemap'],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['kind', 'file'],
                properties: {
                  kind: { type: 'string', enum: ['basemap', 'overlay'] },
                  file: { type: 'string', format: 'binary' },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Stored. `removed` lists what sanitising took out of an SVG.',
            headers: { Location: header('Where the stored file can be read.') },
            content: { 'application/json': { schema: schemaOf(UploadAssetOutput) } },
          },
          ...errorResponses([
            'invalid_input',
            'unauthenticated',
            'forbidden',
            'not_found',
            'payload_too_large',
            'unsupported_media_type',
            'rate_limited',
            'internal',
          ]),
        },
      },
    },
    '/api/sites/{siteId}/assets/{assetId}': {
      get: {
        operationId: 'getSiteAsset',
        parameters: [pathParam('siteId', 'The site.'), pathParam('assetId', 'The asset, as the upload answered.')],
        summary: 'The stored (sanitised) bytes of a base map or overlay layer.',
        description: `Role \`viewer\` or higher. Served with \`Content-Security-Policy: ${ASSET_CSP}\` and \`X-Content-Type-Options: nosniff\`; the ETag is the SHA-256.`,
        tags: ['sitemap'],
        responses: {
          '200': { description: 'The file, with its content type.', ...fileBody },
          '304': { description: '`If-None-Match` matched.' },
          ...errorResponses(['invalid_input', 'unauthenticated', 'forbidden', 'not_found', 'rate_limited', 'internal']),
        },
      },
    },
    '/api/public/{slug}/release.json': {
      ...publicRoute(
        'publicRelease',
        [slugParam, envParam],
        'The current release of an environment: its release.json, exactly as published.',
        'No session. `ETag` is the SHA-256 of the bytes (strong), `Cache-Control: public, max-age=<sitemap.publicMaxAgeSeconds>`, ' +
          '`Last-Modified` is when the release was published; `If-None-Match` answers 304. Only published releases are reachable.',
        {
          '200': {
            description: 'The release manifest.',
            headers: { ETag: header('"<sha256>"'), 'Cache-Control': header('public, max-age=…'), ...cors },
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          '304': { description: '`If-None-Match` matched.' },
          ...errorResponses(['invalid_input', 'not_found', 'rate_limited', 'internal']),
        },
      ),
    },
    '/api/public/{slug}/status': {
      ...publicRoute(
        'publicStatus',
        [slugParam, envParam],
        "The current release's overlays with their normalised statuses, and the legend.",
        `No session. From the status cache (the source is asked at most once per \`sitemap.statusCacheSeconds\`); when the source fails, the last good answer with \`stale\`, its age and the error. \`Cache-Control: public, max-age=${STATUS_MAX_AGE_SECONDS}\` at most. 503 (with Retry-After) until the source first answers.`,
        {
          '200': {
            description: 'Statuses.',
            headers: cors,
            content: { 'application/json': { schema: schemaOf(PublicStatus) } },
          },
          ...errorResponses(['invalid_input', 'not_found', 'rate_limited', 'internal', 'unavailable']),
        },
      ),
    },
    '/api/public/{slug}/assets/{sha256}': {
      ...publicRoute(
        'publicAsset',
        [slugParam, pathParam('sha256', 'The file hash, as release.json lists it.')],
        'A file (base map, overlay layer) that a current release of the site references.',
        'No session. Content-addressed: `Cache-Control: public, max-age=31536000, immutable`, the hash is the ETag; a single `Range` answers 206.',
        {
          '200': { description: 'The file.', headers: cors, ...fileBody },
          '206': { description: 'The requested range.', ...fileBody },
          '304': { description: '`If-None-Match` matched.' },
          ...errorResponses(['invalid_input', 'not_found', 'rate_limited', 'internal']),
        },
      ),
    },
  };
}
