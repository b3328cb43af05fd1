import { isAbsolute } from 'node:path';
import { z } from 'zod';

export const FolderConfigSchema = z
  .object({
    /** The folder cameras upload into (FTP root or a share), watched with its subfolders. */
    path: z.string().min(1).refine(isAbsolute, 'Must be an absolute path, e.g. /srv/ftp/cameras'),
    /** Which files to look at (without the dot, any case); others are left alone. */
    extensions: z
      .array(
        z
          .string()
          .regex(/^[a-z0-9]{1,10}$/i, 'Must be letters or digits without the dot, e.g. jpg')
          .transform((e) => e.toLowerCase()),
      )
      .min(1)
      .default(['jpg', 'jpeg', 'png', 'mp4']),
    /** Where the camera's name comes from: its upload folder, the file name before `_`/`-`, or nowhere. */
    deviceFrom: z.enum(['parent-folder', 'filename-prefix', 'none']).default('parent-folder'),
    /** A file is complete once its size has not changed for this long (uploads can stall). */
    stableMs: z.number().int().min(50).max(600_000).default(2000),
    deleteAfterImport: z.boolean().default(false),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(4 * 1024 * 1024 * 1024)
      .default(200 * 1024 * 1024),
  })
  .strict();
export type FolderConfig = z.infer<typeof FolderConfigSchema>;
