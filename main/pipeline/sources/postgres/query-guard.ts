/**
 * Checks that a configured query is one SELECT (or WITH … SELECT) statement. It is a first line
 * of defence that names the field at config time; the poll also runs inside a READ ONLY
 * transaction and the extended protocol (used when parameters are sent) allows one statement.
 * Hand-written rather than a SQL parser dependency: we only need to find statement boundaries
 * outside quotes and comments, not understand the query.
 */
export function checkSelectQuery(query: string): string | undefined {
  const code = stripQuotedAndComments(query);
  if (code === undefined) return 'has an unclosed quote or comment';
  const trimmed = code.trim().replace(/;\s*$/, '');
  if (trimmed.includes(';')) return 'must be a single statement (found more than one ";")';
  if (!/^(select|with)\b/i.test(trimmed)) return 'must be a SELECT (or WITH … SELECT) statement';
  if (/\b(insert|update|delete|merge|truncate|drop|alter|create|grant|revoke|copy|call|do)\b/i.test(trimmed)) {
    return 'may only read: INSERT, UPDATE, DELETE and other writing commands are not allowed';
  }
  if (!/\$1(?!\d)/.test(trimmed)) return 'must use $1 for the cursor (e.g. WHERE id > $1)';
  if (!/\$2(?!\d)/.test(trimmed)) return 'must use $2 for the row limit (e.g. LIMIT $2)';
  if (/\$([3-9]|\d\d)/.test(trimmed)) return 'may only use the parameters $1 (cursor) and $2 (row limit)';
  return undefined;
}

/** The query with string literals, quoted identifiers and comments blanked out; undefined if one is unclosed. */
function stripQuotedAndComments(sql: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const two = sql.slice(i, i + 2);
    const ch = sql[i] ?? '';
    let end: number;
    if (two === '--') {
      end = sql.indexOf('\n', i);
      if (end === -1) end = sql.length;
    } else if (two === '/*') {
      end = sql.indexOf('*/', i + 2);
      if (end === -1) return undefined;
      end += 2;
    } else if (ch === "'" || ch === '"') {
      end = i + 1;
      for (;;) {
        end = sql.indexOf(ch, end);
        if (end === -1) return undefined;
        // A doubled quote is an escaped quote inside the literal.
        if (sql[end + 1] === ch) end += 2;
        else break;
      }
      end += 1;
    } else if (ch === '$' && /^\$[A-Za-z_]?\w*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]?\w*\$/.exec(sql.slice(i))?.[0] ?? '$$';
      end = sql.indexOf(tag, i + tag.length);
      if (end === -1) return undefined;
      end += tag.length;
    } else {
      out += ch;
      i += 1;
      continue;
    }
    out += ' ';
    i = end;
  }
  return out;
}
