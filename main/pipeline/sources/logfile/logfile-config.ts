import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { linearRegexProblem } from '../../../../native/regex/index.js';

/** The pattern runs on every line of the file: on the linear-time engine, like every user pattern. */
function regexProblem(source: string): string | null {
  const problem = linearRegexProblem(source);
  return problem === null ? null : `The pattern ${problem}`;
}

export const MultilineSchema = z
  .object({
    /**
     * A line matching this starts a new event; other lines continue the previous one. Without it,
     * a line starts an event unless it is indented or a stack trace line (Caused by:, Traceback …).
     */
    startPattern: z
      .string()
      .min(1)
      .max(1000)
      .refine((s) => regexProblem(s) === null, { error: (issue) => regexProblem(String(issue.input)) ?? 'Bad regex' })
      .optional(),
    /** Longest event in lines; 1 turns joining off. */
    maxLines: z.number().int().min(1).max(10_000).default(200),
  })
  .strict();

export const LogfileConfigSchema = z
  .object({
    path: z.string().min(1).refine(isAbsolute, 'Must be an absolute path, e.g. /var/log/app/app.log'),
    multiline: MultilineSchema.default({ maxLines: 200 }),
    /** Read what the file holds already on the first start (otherwise only what is written later). */
    fromStart: z.boolean().default(false),
    /** Longer lines are cut into pieces of this size. */
    maxLineBytes: z
      .number()
      .int()
      .min(256)
      .max(1024 * 1024)
      .default(64 * 1024),
    pollIntervalMs: z.number().int().min(100).max(3_600_000).default(1000),
  })
  .strict();
export type LogfileConfig = z.infer<typeof LogfileConfigSchema>;
