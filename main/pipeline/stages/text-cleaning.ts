/**
 * Cleaning of free text before it is stored: control characters confuse terminals, log viewers and
 * the template miner, so they go; line structure in messages (stack traces) is kept.
 */

// C0 controls except \t (09) and \n (0A), DEL, and C1 controls. \r is handled before this runs.
// eslint-disable-next-line no-control-regex
const MESSAGE_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const ALL_CONTROLS = /[\u0000-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const CARRIAGE_RETURN = /\r\n?/g;

/** Keeps \n and \t; turns \r\n and lone \r into \n; strips every other control character; trims. */
export function cleanMessage(text: string): string {
  let out = text;
  if (out.includes('\r')) out = out.replace(CARRIAGE_RETURN, '\n');
  if (ANY_CONTROL.test(out)) out = out.replace(MESSAGE_CONTROLS, '');
  return out.trim();
}

/** For one-line fields (device, label, ids): every control character goes, then trims. */
export function cleanLine(text: string): string {
  return text.replace(ALL_CONTROLS, '').trim();
}

/** Whether `text` fits in `maxBytes` of UTF-8, without encoding it when the answer is obvious. */
export function fitsUtf8(text: string, maxBytes: number): boolean {
  if (text.length * 3 <= maxBytes) return true;
  if (text.length > maxBytes) return false;
  return Buffer.byteLength(text, 'utf8') <= maxBytes;
}
