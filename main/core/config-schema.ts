import { z } from 'zod';

/**
 * Every setting of Outpost, in one schema. Values come from (lowest to highest precedence)
 * the defaults here, `<dataDir>/config.json`, `OUTPOST_*` environment variables, then CLI flags.
 * The env name of a setting is its path in upper snake case: `server.port` → `OUTPOST_SERVER_PORT`,
 * `auth.sessionTtlMinutes` → `OUTPOST_AUTH_SESSION_TTL_MINUTES`.
 */
export const ConfigSchema = z
  .object({
    /** Where the database, keys, backups and blobs live. */
    dataDir: z.string().min(1),
    /** `site` on a workstation or edge box; `hub` on the central server. */
    role: z.enum(['site', 'hub']).default('site'),
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.coerce.number().int().min(0).max(65535).default(4870),
        /** Largest accepted request body, in bytes. */
        bodyLimitBytes: z.coerce.number().int().min(1024).max(1_073_741_824).default(1_048_576),
        /** Seconds to let in-flight requests finish on SIGTERM/SIGINT before closing anyway. */
        shutdownGraceSeconds: z.coerce.number().min(0).max(300).default(10),
        /** Serve the built renderer from this folder; empty means `dist/renderer` of the install. */
        rendererDir: z.string().default(''),
      })
      .strict()
      .prefault({}),
    rateLimit: z
      .object({
        /** Token bucket per user and address: burst size. */
        burst: z.coerce.number().int().min(1).max(100_000).default(200),
        /** Tokens added per second. */
        refillPerSecond: z.coerce.number().min(0.01).max(100_000).default(100),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        sessionTtlMinutes: z.coerce.number().int().min(1).max(525_600).default(720),
        /** Failed logins allowed per account, and separately per address, per window. */
        loginMaxFailures: z.coerce.number().int().min(1).max(1000).default(5),
        loginWindowMinutes: z.coerce.number().min(1).max(1440).default(15),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
    models: z
      .object({
        /** A folder holding model_quantized.onnx and tokenizer files; empty means the default search path. */
        dir: z.string().default(''),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
