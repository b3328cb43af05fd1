import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';

/** The non-secret settings of an archive target (contract ArchiveTargetInput without the secret). */
export interface S3TargetConfig {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  forcePathStyle: boolean;
}

/**
 * How archive requests leave the machine. The Core's outgoing-request guard (issue 8) plugs in here:
 * agents whose `lookup` refuses loopback and private addresses unless an admin allow-listed them.
 * Absent, Node's default agents are used.
 */
export interface S3Transport {
  httpAgent?: HttpAgent;
  httpsAgent?: HttpsAgent;
}

let sdk: Promise<typeof S3Sdk> | undefined;

/**
 * The AWS SDK, loaded on the first archive operation rather than with the media slice: it is about a
 * megabyte of modules that took ~0.15 s of every cold start, on installations that mostly archive
 * nothing (serve-cold-start bench).
 */
export function loadS3Sdk(): Promise<typeof S3Sdk> {
  sdk ??= import('@aws-sdk/client-s3');
  return sdk;
}

export async function createS3Client(
  target: S3TargetConfig,
  secretAccessKey: string,
  transport: S3Transport = {},
): Promise<S3Client> {
  const [{ S3Client }, { NodeHttpHandler }] = await Promise.all([loadS3Sdk(), import('@smithy/node-http-handler')]);
  return new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    forcePathStyle: target.forcePathStyle,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey },
    // Parts are retried by the uploader, which knows what was sent; the SDK tries once more at most.
    maxAttempts: 2,
    // Not every S3 API (MinIO versions, s3rver) takes the SDK's default flexible checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 10_000,
      requestTimeout: 120_000,
      ...(transport.httpAgent ? { httpAgent: transport.httpAgent } : {}),
      ...(transport.httpsAgent ? { httpsAgent: transport.httpsAgent } : {}),
    }),
  });
}

/** An S3 error in words a user can act on (never the secret, never a stack). */
export function describeS3Error(err: unknown): string {
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  switch (e.name) {
    case 'NoSuchBucket':
    case 'NotFound':
      return 'The bucket does not exist: create it, or fix the bucket name.';
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
      return 'The storage refused the access key or secret: check both.';
    case 'AccessDenied':
      return 'The storage refused access: the key needs read, write and delete rights on the bucket.';
  }
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ECONNRESET' || e.code === 'ETIMEDOUT') {
    return `Could not reach the storage endpoint (${e.code}): check the address and the network.`;
  }
  return `${e.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(err)}`;
}
