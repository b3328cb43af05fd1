import { z } from 'zod';
import type { ApiErrorBody, TopicName } from '../contract/index.js';
import { TOPIC_NAMES } from '../contract/index.js';

/**
 * The conversation between the main process and the Core's utility process. Main sends one
 * `init` over `process.parentPort` carrying a MessagePort; everything after that goes over the
 * port. Calls carry the same `{ method, input }` as HTTP, plus the session token that main keeps
 * for the window.
 */
export const InitMessage = z
  .object({
    type: z.literal('init'),
    dataDir: z.string().min(1),
    /** The sealing key opened with safeStorage (base64), when the OS offers it: seals tunnel and archive keys. */
    tunnelKey: z.string().length(44).optional(),
  })
  .strict();
export type InitMessage = z.infer<typeof InitMessage>;

const RequestId = z.number().int().nonnegative();
const Token = z.string().min(1).max(8192);

export const CoreRequest = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('call'),
      id: RequestId,
      method: z.string().max(100),
      input: z.unknown().optional(),
      token: Token.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('subscribe'),
      id: RequestId,
      subId: z.string().min(1).max(64),
      token: Token,
      topics: z.array(z.enum(TOPIC_NAMES)).min(1),
    })
    .strict(),
  z.object({ type: z.literal('unsubscribe'), subId: z.string().min(1).max(64) }).strict(),
  /** Which file a media link (`outpost://app/api/media/{mediaId}?t=…`) opens, for main's protocol handler. */
  z
    .object({
      type: z.literal('media'),
      id: RequestId,
      mediaId: z.string().min(1).max(100),
      link: z.string().min(1).max(4096),
    })
    .strict(),
  /** Which file an export link (`outpost://app/api/media/exports/{exportId}?t=…`) is spooled to. */
  z
    .object({
      type: z.literal('export'),
      id: RequestId,
      exportId: z.string().min(1).max(100),
      link: z.string().min(1).max(4096),
    })
    .strict(),
  z.object({ type: z.literal('close'), id: RequestId }).strict(),
]);
export type CoreRequest = z.infer<typeof CoreRequest>;

export type ErrorBody = ApiErrorBody['error'];

/** What the Core process sends back. */
export type CoreReply =
  /** The store is open; `notices` are things the user should hear about (e.g. the HTTP server could not start). */
  | { type: 'ready'; notices?: string[] }
  | { type: 'fatal'; error: ErrorBody }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: ErrorBody }
  | { type: 'event'; subId: string; topic: TopicName; payload: unknown }
  /** The Core ended a subscription by itself, e.g. because its session expired. */
  | { type: 'subscription-ended'; subId: string; error: ErrorBody };

/** The slice of a MessagePort both ends use; Electron's MessagePortMain and test fakes fit it. */
export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}
