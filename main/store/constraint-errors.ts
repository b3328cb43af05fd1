import { OutpostError } from '../contract/index.js';

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** How a trigger's refusal starts (migration 014's release guard). */
const REFUSED = 'refused: ';

export interface ConstraintMessages {
  /**
   * Keyed by the columns SQLite names in "UNIQUE constraint failed: sites.tenant_id, sites.slug";
   * each becomes a `conflict` with that message.
   */
  unique?: Record<string, string>;
  /** A foreign-key failure becomes `not_found` with this message. */
  foreignKey?: string;
}

/**
 * Runs `write` and turns the constraint failures the caller expects into OutpostErrors a user
 * can act on. Anything else is rethrown untouched: it is a bug, not bad input.
 */
export function translateConstraints<T>(write: () => T, messages: ConstraintMessages): T {
  try {
    return write();
  } catch (err) {
    const code = sqliteCode(err);
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && messages.unique) {
      const text = (err as Error).message;
      for (const [columns, message] of Object.entries(messages.unique)) {
        if (text.endsWith(columns)) throw new OutpostError('conflict', message, { cause: err });
      }
    }
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' && messages.foreignKey) {
      throw new OutpostError('not_found', messages.foreignKey, { cause: err });
    }
    // A trigger's refusal (RAISE(ABORT, 'refused: …')) says why in words meant for the user.
    const text = (err as Error | null)?.message ?? '';
    if (code === 'SQLITE_CONSTRAINT_TRIGGER' && text.startsWith(REFUSED)) {
      throw new OutpostError('conflict', text.slice(REFUSED.length), { cause: err });
    }
    throw err;
  }
}
