import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { MediaInfo } from '../../../main/contract/index.js';
import { formatClipTime, frameSeconds, SPEEDS, stripFrame } from './player-time.js';
import { MediaUnavailable } from './MediaUnavailable.js';
import { useMediaInfo } from './use-media-info.js';
import { KeyScope } from '../KeyScope.js';

interface ClipPlayerProps {
  mediaId: string;
  /** Says what the clip shows, for the video's accessible name. */
  label: string;
}

/**
 * A clip with the controls an operator needs: play, seek (with the preview strip under the pointer
 * before that part has loaded), frame step, speed and download. The clip streams from a signed
 * link with `Range`, so it starts at once and seeks anywhere; an expired link is renewed in place.
 * Keys while the player has focus: Space or K play/pause, ←/→ 5 s, , and . one frame.
 */
export function ClipPlayer({ mediaId, label }: ClipPlayerProps) {
  const { state, refresh } = useMediaInfo(mediaId);
  if (state.status === 'loading') {
    return (
      <p className="muted" role="status">
        Loading the clip…
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <p role="alert" className="message message-error">
        The clip could not be loaded: {state.message}
      </p>
    );
  }
  if (state.info.state !== 'available' || !state.info.url) {
    return <MediaUnavailable info={state.info} onRestored={refresh} />;
  }
  return <Player info={state.info} label={label} onLinkExpired={refresh} />;
}

function Player({
  info,
  label,
  onLinkExpired,
}: {
  info: MediaInfo;
  label: string;
  onLinkExpired: () => Promise<void>;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const resumeAt = useRef<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const [duration, setDuration] = useState((info.meta.durationMs ?? 0) / 1000);
  const [speed, setSpeed] = useState(1);
  const [hover, setHover] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const speedId = useId();
  const step = frameSeconds(info.meta.fps);

  useEffect(() => {
    if (video.current) video.current.playbackRate = speed;
  }, [speed]);

  function seek(to: number): void {
    const v = video.current;
    if (!v) return;
    v.currentTime = Math.min(Math.max(0, to), duration || v.duration || 0);
    setPosition(v.currentTime);
  }

  function toggle(): void {
    const v = video.current;
    if (!v) return;
    if (v.paused) void v.play().catch((err: unknown) => setProblem(String(err)));
    else v.pause();
  }

  function frame(direction: 1 | -1): void {
    video.current?.pause();
    seek((video.current?.currentTime ?? 0) + direction * step);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    if ((e.target as HTMLElement).tagName === 'SELECT') return;
    const keys: Record<string, () => void> = {
      ' ': toggle,
      k: toggle,
      ArrowLeft: () => seek(position - 5),
      ArrowRight: () => seek(position + 5),
      ',': () => frame(-1),
      '.': () => frame(1),
    };
    // The position slider handles its own arrows.
    if ((e.target as HTMLElement).getAttribute('type') === 'range' && e.key.startsWith('Arrow')) return;
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  }

  const preview = info.preview;
  const shown = hover ?? position;
  return (
    <div className="clip-player">
      <KeyScope onKeyDown={onKeyDown}>
        {/* Camera clips carry no speech and no caption file exists for them; the clip's label names it. */}
        {/* eslint-disable-next-line jsx-a11y/media-has-caption */}
        <video
          ref={video}
          src={info.url ?? undefined}
          preload="metadata"
          playsInline
          aria-label={label}
          {...(info.thumbnail ? { poster: info.thumbnail.url } : {})}
          onClick={toggle}
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onTimeUpdate={(e) => setPosition(e.currentTarget.currentTime)}
          onLoadedMetadata={(e) => {
            if (Number.isFinite(e.currentTarget.duration)) setDuration(e.currentTarget.duration);
            e.currentTarget.playbackRate = speed;
            if (resumeAt.current !== null) {
              e.currentTarget.currentTime = resumeAt.current;
              resumeAt.current = null;
            }
          }}
          onError={() => {
            // Most often the signed link expired: fetch a fresh one and go on from here.
            resumeAt.current = video.current?.currentTime ?? 0;
            setProblem(null);
            void onLinkExpired();
          }}
        />
        <div className="clip-controls" role="group" aria-label="Clip controls">
          <button type="button" className="button" onClick={toggle} aria-label={playing ? 'Pause' : 'Play'}>
            {playing ? 'Pause' : 'Play'}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => frame(-1)}
            aria-label="Back one frame"
          >
            ‹ Frame
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => frame(1)}
            aria-label="Forward one frame"
          >
            Frame ›
          </button>
          <div className="clip-seek">
            <input
              type="range"
              min={0}
              max={duration || 0}
              step={step}
              value={Math.min(position, duration || 0)}
              aria-label="Position"
              aria-valuetext={`${formatClipTime(position)} of ${formatClipTime(duration)}`}
              onChange={(e) => seek(Number(e.currentTarget.value))}
              onPointerMove={(e) => {
                const box = e.currentTarget.getBoundingClientRect();
                setHover(((e.clientX - box.left) / box.width) * duration);
              }}
              onPointerLeave={() => setHover(null)}
            />
            {preview && hover !== null && (
              <div
                className="clip-strip-frame"
                aria-hidden="true"
                style={{
                  backgroundImage: `url("${preview.url}")`,
                  backgroundSize: `${preview.frames * 100}% 100%`,
                  backgroundPosition: `${(stripFrame(shown, duration, preview.frames) / Math.max(1, preview.frames - 1)) * 100}% 0`,
                  left: `${duration > 0 ? (shown / duration) * 100 : 0}%`,
                }}
              />
            )}
          </div>
          <span className="clip-time mono" aria-live="off">
            {formatClipTime(position, !playing)} / {formatClipTime(duration)}
          </span>
          <label htmlFor={speedId} className="visually-hidden">
            Speed
          </label>
          <select id={speedId} value={speed} onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
          {info.downloadUrl && (
            <a className="button button-secondary" href={info.downloadUrl} download>
              Download
            </a>
          )}
        </div>
        {problem && (
          <p role="alert" className="message message-error">
            The clip could not play: {problem}
          </p>
        )}
      </KeyScope>
    </div>
  );
}
