import { useState } from 'react';
import { useMediaUrl } from '../api/use-media-url.js';
import { api } from '../state/app-state.js';

interface SnapshotProps {
  sha256: string;
  alt: string;
}

/** An event's snapshot, fetched with the session's token (see useMediaUrl), or why it cannot be shown. */
export function Snapshot({ sha256, alt }: SnapshotProps) {
  const media = useMediaUrl(sha256, api);
  // The bytes arrived but the browser could not decode them as an image.
  const [undecodable, setUndecodable] = useState<string | null>(null);

  let content;
  if (media.status === 'loading') {
    content = (
      <p className="muted" role="status">
        Loading the snapshot…
      </p>
    );
  } else if (media.status === 'unavailable') {
    content = <p className="message">{media.message}</p>;
  } else if (media.status === 'error') {
    content = (
      <p role="alert" className="message message-error">
        The snapshot could not be loaded: {media.message}
      </p>
    );
  } else if (undecodable === media.url) {
    content = (
      <p role="alert" className="message message-error">
        The snapshot was downloaded but is not a picture this browser can show.
      </p>
    );
  } else {
    content = <img src={media.url} alt={alt} onError={() => setUndecodable(media.url)} />;
  }
  return (
    <figure className="snapshot" aria-busy={media.status === 'loading'}>
      {content}
    </figure>
  );
}
