import { z } from 'zod';

/** Lists may come from an env variable as JSON text (`OUTPOST_PIPELINE_NOTIFY_WEBHOOKS='[{"url":…}]'`). */
export const fromJsonText = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};
export const jsonList = <T extends z.ZodType>(item: T) => z.preprocess(fromJsonText, z.array(item));

/** The event pipeline's settings (`pipeline.*`). Defaults suit a site with a few hundred events per second. */
export const PipelineSection = z
  .object({
    grouping: z
      .object({
        /**
         * Cosine similarity at or above which a new template joins the nearest group of its site.
         * 0.975, not lower: on the LogHub samples joins below it merged different events (OpenSSH's
         * failures with and without `user=`, BGL's register dumps), which also hides their new-group
         * alerts. Since the miner groups runs and lists of values itself, the one join left on those
         * samples at 0.975 is a message written in other letter case (bench/results/grouping-accuracy.md).
         */
        similarityThreshold: z.coerce.number().min(0).max(1).default(0.975),
      })
      .strict()
      .prefault({}),
    batch: z
      .object({
        /**
         * Events per transaction at most. Only reached under load (otherwise maxWaitMs flushes first);
         * each commit rewrites the index pages the batch touched (one per group and device), so
         * 2,000-event batches cost about half as much per event as 500-event ones.
         */
        maxEvents: z.coerce.number().int().min(1).max(10_000).default(2000),
        /** Longest wait for more events before committing, in ms (the floor of ingest latency). */
        maxWaitMs: z.coerce.number().int().min(0).max(5000).default(20),
      })
      .strict()
      .prefault({}),
    /** Spike detector parameters (see main/pipeline/stages: baseline, test, minimum count, cooldown). */
    spike: z.preprocess(fromJsonText, z.record(z.string(), z.unknown())).default({}),
    redaction: z
      .object({
        /** Extra patterns: `{name, pattern, flags?, replacement?}`; matches become `<name>` or the replacement. */
        patterns: jsonList(
          z
            .object({
              name: z.string().min(1),
              pattern: z.string().min(1),
              flags: z.string().optional(),
              replacement: z.string().optional(),
            })
            .strict(),
        ).default([]),
        /** Built-in redactions to turn off: secrets, email, card, ipv6, ipv4. */
        disable: jsonList(z.string()).default([]),
      })
      .strict()
      .prefault({}),
    classifier: z
      .object({
        /** Extra classification rules (see main/pipeline/stages), tried before the built-in ones. */
        rules: jsonList(
          z
            .object({
              category: z.string().min(1).max(64),
              match: z.object({ field: z.enum(['message', 'label', 'device']), pattern: z.string().min(1) }).strict(),
              tags: z.array(z.string().min(1).max(64)).optional(),
            })
            .strict(),
        ).default([]),
        /** Similarity a template needs to a labelled prototype to take its category. */
        minSimilarity: z.coerce.number().min(0).max(1).optional(),
      })
      .strict()
      .prefault({}),
    notify: z
      .object({
        /** Outgoing webhooks: each new alert at or above `minSeverity` is POSTed as JSON. */
        webhooks: jsonList(
          z
            .object({
              url: z.url({ protocol: /^https?$/ }),
              minSeverity: z.enum(['info', 'warning', 'critical']).default('warning'),
            })
            .strict(),
        ).default([]),
      })
      .strict()
      .prefault({}),
    /**
     * Overrides of the relevance floors (main/pipeline/relevance-floors.ts): the similarity a group
     * needs to be a search result by meaning alone, and to be suggested as similar. Unset: the floors
     * measured for the active embedder.
     */
    relevance: z
      .object({
        search: z.coerce.number().min(-1).max(1).optional(),
        similarGroups: z.coerce.number().min(-1).max(1).optional(),
      })
      .strict()
      .prefault({}),
    /** Groups per site above which nearest-group search uses an HNSW index instead of a vec0 scan. */
    annThreshold: z.coerce.number().int().min(0).max(10_000_000).default(5000),
    /** How often device-silent rules are checked, in seconds. */
    deviceCheckSeconds: z.coerce.number().int().min(1).max(3600).default(30),
    media: z
      .object({
        /** Largest snapshot or clip accepted with a webhook event, in bytes. */
        maxBytes: z.coerce.number().int().min(1024).max(2_147_483_648).default(26_214_400),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});
