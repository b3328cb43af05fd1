import type { Role, TopicName, TopicPayload } from '../../contract/index.js';

/** Where a call came from. Written to the audit log as "from where". */
export interface CallContext {
  transport: 'http' | 'ipc' | 'cli';
  /** Bearer token of the session, when the caller has one. */
  token?: string | undefined;
  /** Remote address (HTTP), or `ipc`/`cli`. */
  address: string;
  userAgent?: string | undefined;
}

/** An authenticated caller. */
export interface Session {
  sessionId: string;
  userId: string;
  tenantId: string;
  email: string;
  role: Role;
  /** May call the `tenants.*` methods (access `installation`); nothing more. */
  installationAdmin: boolean;
  expiresAt: number;
}

export type TopicListener = <T extends TopicName>(topic: T, payload: TopicPayload<T>) => void;
