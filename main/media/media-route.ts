import { bearerToken, sendStoredFile, type SliceRoutes } from '../server/route-kit/index.js';
import type { MediaAccess } from './media-access.js';

/**
 * `GET /api/media/{sha256}`: a stored snapshot or clip, for a signed-in user whose tenant has an
 * event that references it. Files are content-addressed, so a hash's bytes never change: the
 * browser may keep them for a year (privately: they are a customer's camera images), and the hash
 * is the ETag. A single `Range` is honoured so a video player can seek in a clip.
 */
export function mediaRoutes(media: MediaAccess): SliceRoutes {
  return {
    register(app, core) {
      app.get<{ Params: { sha256: string } }>('/api/media/:sha256', async (request, reply) => {
        const session = await core.authenticate(bearerToken(request.headers.authorization));
        const file = await media.find(session, request.params.sha256);
        return sendStoredFile(
          request,
          reply,
          file,
          (range) => media.open(file.sha256, range),
          'private, max-age=31536000, immutable',
        );
      });
    },
  };
}
