/**
 * Payment card numbers: 13–19 digits, optionally grouped by spaces or dashes, passing the Luhn
 * check. Only numbers starting with 2–6 (the issuer ranges of Visa, Mastercard, Amex, Discover, JCB,
 * Diners and UnionPay) are considered, so millisecond timestamps (1…) and most ids stay readable.
 */
export const CARD_CANDIDATE = /(?<![\d-])[2-6](?:[ -]?\d){12,18}(?!\d)/g;
/** Every card candidate holds two adjacent four-digit runs, which most log lines do not. */
export const CARD_HINT = /\d{4}[ -]?\d{4}/;

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Whether a CARD_CANDIDATE match is a plausible card number. */
export function isCardNumber(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, '');
  return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
}
