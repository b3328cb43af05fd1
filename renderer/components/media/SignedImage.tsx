import { useState } from 'react';
import { MediaUnavailable } from './MediaUnavailable.js';
import { useMediaInfo } from './use-media-info.js';

/** A snapshot shown from its signed link (no blob copy in memory), or why it cannot be shown. */
export function SignedImage({ mediaId, alt }: { mediaId: string; alt: string }) {
  const { state, refresh } = useMediaInfo(mediaId);
  const [broken, setBroken] = useState(false);
  let content;
  if (state.status === 'loading') {
    content = (
      <p className="muted" role="status">
        Loading the snapshot…
      </p>
    );
  } else if (state.status === 'error') {
    content = (
      <p role="alert" className="message message-error">
        The snapshot could not be loaded: {state.message}
      </p>
    );
  } else if (state.info.state !== 'available' || !state.info.url) {
    content = <MediaUnavailable info={state.info} onRestored={refresh} />;
  } else if (broken) {
    content = (
      <p role="alert" className="message message-error">
        The snapshot was downloaded but is not a picture this browser can show.
      </p>
    );
  } else {
    content = <img src={state.info.url} alt={alt} onError={() => setBroken(true)} />;
  }
  return (
    <figure className="snapshot" aria-busy={state.status === 'loading'}>
      {content}
    </figure>
  );
}
