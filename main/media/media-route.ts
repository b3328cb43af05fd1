import { attachment, bearerToken, sendStoredFile, type SliceRoutes } from '../server/route-kit/index.js';
import { authorizedMediaFile, type MediaAccess } from './media-access.js';

/**
 * `GET /api/media/{mediaId}`: a snapshot, clip, thumbnail or preview strip of the caller's tenant,
 * for a bearer token or a short-lived signed link (`?t=…`, from `media.get`: `<video>` and `<img>`
 * cannot send a header). A media id's bytes never change, so the browser may keep them (privately:
 * they are a customer's camera images) and the content hash is the ETag. `Range` (single, open,
 * suffix), `If-Range` and `If-None-Match` let a player seek and a download resume; `?download=1`
 * names the file for saving. Files stored before media had ids are still found by their SHA-256.
 * Requests are logged at warn only: a player makes many, and the link's token is in the URL.
 */
export function mediaRoutes(media: MediaAccess): SliceRoutes {
  return {
    register(app, core) {
      // An export made by media.export: one tar, streamed; its link is its only credential.
      app.get<{ Params: { exportId: string }; Querystring: { t?: string } }>(
        '/api/media/exports/:exportId',
        { logLevel: 'warn' },
        async (request, reply) => {
          const { fileName, stream } = await media.openExport(request.params.exportId, request.query.t ?? '');
          return reply
            .header('content-type', 'application/x-tar')
            .header('content-disposition', attachment(fileName))
            .header('cache-control', 'no-store')
            .header('x-content-type-options', 'nosniff')
            .send(stream);
        },
      );

      app.get<{ Params: { id: string }; Querystring: { t?: string; download?: string } }>(
        '/api/media/:id',
        { logLevel: 'warn' },
        async (request, reply) => {
          const { id } = request.params;
          const { t: link, download } = request.query;
          const file = await authorizedMediaFile(media, (token) => core.authenticate(token), id, {
            link,
            token: bearerToken(request.headers.authorization),
          });
          if (download === '1') reply.header('content-disposition', attachment(file.fileName));
          return sendStoredFile(
            request,
            reply,
            file,
            (range) => media.open(file.sha256, range),
            'private, max-age=31536000, immutable',
          );
        },
      );
    },
  };
}
