import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { OutpostError, type UploadAssetOutput } from '../../contract/index.js';
import { assertMayCall, callContext, hashEtag, ifNoneMatchHits, type RouteHost } from '../../server/route-kit/index.js';
import { protectAsset } from './asset-headers.js';
import { assetMultipartLimits, readAssetUpload, type AssetLimits } from './site-asset-multipart.js';

type SiteParams = { siteId: string };
type AssetParams = SiteParams & { assetId: string };

const isMultipartForm = (contentType: string | undefined) => /^multipart\/form-data\b/i.test(contentType ?? '');

/**
 * The site map's files over HTTP, for a signed-in user (`Authorization: Bearer`):
 *
 * - `POST /api/sites/{siteId}/assets`, multipart with `kind` (basemap | overlay) and `file`: stores
 *   the file as the draft's base map or overlay layer through `sitemap.uploadAsset` (its bytes, not
 *   base64), so the role check, the checks in the map-file worker and the audit entry stay in the Core. Answers
 *   **201 Created** (a new asset each time, at the `Location` given) with
 *   `{assetId, kind, removed, overlaysCreated}`; `removed` lists what sanitising took out.
 * - `GET /api/sites/{siteId}/assets/{assetId}`: the stored (sanitised) bytes, under a policy that
 *   lets an SVG opened on its own run and load nothing.
 */
export async function registerSiteAssetsRoute(
  app: FastifyInstance,
  core: RouteHost,
  limits: AssetLimits,
): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: true, limits: assetMultipartLimits(limits) });

    scope.post<{ Params: SiteParams }>('/api/sites/:siteId/assets', {
      // Before the body is read: who may upload at all, then whether this is a form.
      onRequest: async (request) => {
        await assertMayCall(core, 'sitemap.uploadAsset', callContext(request));
        if (!isMultipartForm(request.headers['content-type'])) {
          throw new OutpostError(
            'unsupported_media_type',
            'Send the file as multipart/form-data with a field "kind" ("basemap" or "overlay") and a file field "file".',
          );
        }
      },
      handler: async (request, reply) => {
        const upload = await readAssetUpload(request, limits);
        const output = (await core.call(
          'sitemap.uploadAsset',
          {
            siteId: request.params.siteId,
            kind: upload.kind,
            fileName: upload.fileName,
            // The bytes themselves: they move to the map-file worker, which checks and hashes them there.
            content: upload.data,
          },
          callContext(request),
        )) as UploadAssetOutput;
        const location = `/api/sites/${encodeURIComponent(request.params.siteId)}/assets/${encodeURIComponent(output.assetId)}`;
        return reply.status(201).header('location', location).type('application/json; charset=utf-8').send(output);
      },
    });

    scope.get<{ Params: AssetParams }>('/api/sites/:siteId/assets/:assetId', async (request, reply) => {
      const { siteId, assetId } = request.params;
      const asset = (await core.call('sitemap.assetContent', { siteId, assetId }, callContext(request))) as {
        contentType: string;
        sha256: string;
        contentBase64: string;
      };
      const etag = hashEtag(asset.sha256);
      // Private: a draft's files are the tenant's. Revalidated every time (cheap: a 304 by hash).
      protectAsset(reply).header('etag', etag).header('cache-control', 'private, no-cache');
      if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.status(304).send();
      return reply.type(asset.contentType).send(Buffer.from(asset.contentBase64, 'base64'));
    });
  });
}
