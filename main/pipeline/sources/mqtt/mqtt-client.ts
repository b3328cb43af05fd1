import { randomBytes } from 'node:crypto';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { MqttConfig } from './mqtt-config.js';

/** The broker URL for messages and logs: credentials in the URL never leave this function. */
export function safeUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_, auth: string) => `//${auth.split(':')[0]}:***@`);
}

export interface ClientPlan {
  clientId: string;
  /** Keep the broker-side session (subscriptions, queued QoS 1 messages) across restarts. */
  persistent: boolean;
  connectTimeoutMs: number;
  /** 0 = never reconnect (the Settings test). */
  reconnectPeriodMs: number;
}

export function createClient(config: MqttConfig, plan: ClientPlan): MqttClient {
  const options: IClientOptions = {
    manualConnect: true,
    clientId: plan.clientId,
    clean: !plan.persistent,
    connectTimeout: plan.connectTimeoutMs,
    reconnectPeriod: plan.reconnectPeriodMs,
    // Receive at QoS 1 where the sender publishes so: the broker keeps what we have not acknowledged.
    resubscribe: true,
  };
  if (config.username !== undefined) options.username = config.username;
  if (config.password !== undefined) options.password = config.password;
  return connect(config.url, options);
}

/** A client id for one-off connections that never takes over the running source's session. */
export function throwawayClientId(): string {
  return `outpost-test-${randomBytes(6).toString('hex')}`;
}

/**
 * Connects and resolves on the broker's CONNACK; rejects with a message that names the broker
 * (without credentials) and what to check, on a refused connection, bad credentials, a timeout
 * or an abort.
 */
export function connected(client: MqttClient, config: MqttConfig, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const where = safeUrl(config.url);
    const cleanup = (): void => {
      client.off('connect', onConnect);
      client.off('error', onError);
      client.off('close', onClose);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (reason: string): void => {
      cleanup();
      reject(new Error(`Could not connect to the MQTT broker ${where}: ${reason}`));
    };
    const onConnect = (): void => {
      cleanup();
      resolve();
    };
    const onError = (err: Error): void => fail(describeMqttError(err));
    // A close before any CONNACK: the broker hung up or the connect timeout hit.
    const onClose = (): void =>
      fail('the connection closed before the broker answered. Check the URL, port and TLS setting.');
    const onAbort = (): void => fail('stopped while connecting.');
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
    signal?.addEventListener('abort', onAbort, { once: true });
    client.connect();
  });
}

export function describeMqttError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return `connection refused (${err.message}). Is the broker running on that port?`;
  if (code === 'ENOTFOUND') return `host not found (${err.message}). Check the host name in the URL.`;
  if (/not authori[sz]ed|bad user ?name or password/i.test(err.message)) {
    return `${err.message}. Check the username and password.`;
  }
  return err.message;
}

/** Subscribes to every topic; a filter the broker refuses (granted QoS 128) is an error naming it. */
export async function subscribeAll(client: MqttClient, topics: string[]): Promise<void> {
  const granted = await client.subscribeAsync(topics, { qos: 1 });
  const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
  if (refused.length > 0) {
    throw new Error(
      `The broker refused the subscription to ${refused.join(', ')}. Check the user's ACL on the broker.`,
    );
  }
}
