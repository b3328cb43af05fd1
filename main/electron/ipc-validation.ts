import { z } from 'zod';
import { TOPIC_NAMES, OutpostError } from '../contract/index.js';
import { originOf } from './app-origin.js';

/** What the main process knows about the frame that sent an IPC message. */
export interface SenderFrame {
  url: string;
  /** False for iframes: only the app's own top-level document may call the Core. */
  isTopFrame: boolean;
}

/**
 * The sender must be our app's top frame at our origin. A missing frame (destroyed or navigated
 * away while the message was in flight) is not trusted either.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigin: string): boolean {
  if (!frame || frame.isTopFrame !== true) return false;
  return originOf(frame.url) === appOrigin.toLowerCase();
}

export const METHOD_NAME_PATTERN = /^[a-z]+(\.[a-zA-Z]+)+$/;

export const CallMessage = z
  .object({
    method: z
      .string()
      .max(100, 'must be at most 100 characters')
      .regex(METHOD_NAME_PATTERN, 'must be a method name such as "sites.list"'),
    // Omitted input means `{}`, as an empty HTTP body does.
    input: z.unknown().optional(),
  })
  .strict();
export type CallMessage = z.infer<typeof CallMessage>;

export const SubscribeMessage = z
  .object({
    topic: z.enum(TOPIC_NAMES, { error: () => `must be one of: ${TOPIC_NAMES.join(', ')}` }),
  })
  .strict();
export type SubscribeMessage = z.infer<typeof SubscribeMessage>;

/**
 * Inputs travel as JSON over HTTP; holding IPC to the same rule keeps the transports identical and
 * refuses cyclic or enormous structures before they reach the Core.
 */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

export function checkInputSize(input: unknown): void {
  let json: string | undefined;
  try {
    json = JSON.stringify(input);
  } catch {
    throw new OutpostError(
      'invalid_input',
      'Invalid input: must be plain JSON data (no cycles, BigInts or functions).',
      {
        issues: [{ path: '', message: 'must be plain JSON data' }],
      },
    );
  }
  if (json !== undefined && Buffer.byteLength(json) > MAX_INPUT_BYTES) {
    throw new OutpostError(
      'payload_too_large',
      `The input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB. Send less data per call, or split it into several calls.`,
    );
  }
}
