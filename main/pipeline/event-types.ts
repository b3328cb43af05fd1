import type { MediaMeta } from '../contract/index.js';

/**
 * The shapes that flow through the pipeline. Sources produce RawEvents; the pipeline normalises,
 * redacts, fingerprints, groups, classifies and stores them.
 */
export const SEVERITIES = ['debug', 'info', 'notice', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const EVENT_KINDS = ['log', 'detection', 'device', 'error'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** A media file already written to the blob store (content-addressed by SHA-256). */
export interface MediaRef {
  kind: 'snapshot' | 'clip';
  sha256: string;
  contentType: string;
  size: number;
  /** What ffprobe found (duration, codec, size), when the media slice checked the file. */
  meta?: MediaMeta;
}

/** What a source hands to the pipeline. Everything but `message` is optional. */
export interface RawEvent {
  /**
   * A stable id from the sender (Frigate's event id, a row id, …). Two RawEvents of one source
   * with the same externalId are the same Outpost event, updated in place.
   */
  externalId?: string;
  /** UTC ms when it happened; the receive time when absent. */
  time?: number;
  message: string;
  severity?: Severity;
  kind?: EventKind;
  /** Device or camera name as the source knows it. */
  device?: string;
  /** Detection label (person, vehicle, …) or a classification hint. */
  label?: string;
  /** Extra structured fields, kept as JSON (redacted like the message). */
  attributes?: Record<string, unknown>;
  media?: MediaRef[];
}

/** Where an event is stored: every event belongs to one tenant and one site. */
export interface PipelineScope {
  tenantId: string;
  siteId: string;
}

/**
 * The pipeline's front door. `ingest` resolves only after the events are committed to SQLite,
 * so a source may acknowledge its sender then (a crash never loses an acknowledged event).
 * It rejects with OutpostError `invalid_input` (nothing stored) when an event is malformed.
 */
export interface IngestSink {
  ingest(scope: PipelineScope, sourceId: string, events: RawEvent[]): Promise<{ ids: string[] }>;
}
