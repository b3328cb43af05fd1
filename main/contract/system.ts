import { z } from 'zod';
import { defineMethod } from './method.js';
import { Empty } from './common.js';

export const EmbedderKind = z.enum(['onnx', 'hashed-ngram']);

export const HealthReport = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  version: z.string(),
  sqlite: z.string(),
  sqliteVec: z.string(),
  embedder: EmbedderKind,
});
export type HealthReport = z.infer<typeof HealthReport>;

export const SystemInfo = z.object({
  version: z.string(),
  role: z.enum(['site', 'hub']),
  node: z.string(),
  platform: z.string(),
  schemaVersion: z.number().int(),
  startedAt: z.number().int(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const systemMethods = {
  'system.health': defineMethod({
    name: 'system.health',
    summary: 'Whether this Outpost is up, with component versions.',
    input: Empty,
    output: HealthReport,
    access: 'public',
    tenantScoped: false,
    mutates: false,
  }),
  'system.info': defineMethod({
    name: 'system.info',
    summary: 'Version, role (site or hub), runtime and schema version of this installation.',
    input: Empty,
    output: SystemInfo,
    access: 'viewer',
    tenantScoped: false,
    mutates: false,
  }),
};
