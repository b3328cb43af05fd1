import { Base64File } from '../contract/index.js';

/** Keys whose values never reach the audit log, at any depth (matched case-insensitively, by substring). */
// auth.?header: a status integration's `authHeader` ({name, value}) goes whole.
const SECRET_KEY = /password|secret|token|authorization|auth.?header|cookie|private.?key|api.?key/i;
const MAX_DETAIL_CHARS = 4000;
const MAX_DEPTH = 8;

function scrub(value: unknown, depth: number): unknown {
  // A file in the input: its size, never its bytes.
  if (value instanceof Base64File) return `[file, ${value.decodedBytes} bytes as base64]`;
  // Bytes already moved to a worker read as empty here.
  if (ArrayBuffer.isView(value)) return value.byteLength > 0 ? `[file, ${value.byteLength} bytes]` : '[file]';
  if (value === null || typeof value !== 'object')
    return typeof value === 'string' && value.length > 500 ? `${value.slice(0, 500)}…` : value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[removed]' : scrub(inner, depth + 1);
  }
  return out;
}

/**
 * The JSON detail of an audit entry: the call's input with secrets removed, and the error code
 * when the call did not succeed. Bounded, because denied calls may carry anything.
 */
export function auditDetail(input: unknown, error?: { code: string; message: string }): string {
  const detail: Record<string, unknown> = { input: scrub(input, 0) };
  if (error) detail.error = error;
  const json = JSON.stringify(detail);
  if (json.length <= MAX_DETAIL_CHARS) return json;
  return JSON.stringify({ truncated: true, error, input: json.slice(0, MAX_DETAIL_CHARS) });
}
