/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 12;

/**
 * A receipt code for an anonymous report, chosen here so the phone shows it at once: 12 characters
 * of ALPHABET from the browser's cryptographic random source (rejection sampling, no modulo bias).
 */
export function newReceiptCode(): string {
  const limit = 256 - (256 % ALPHABET.length);
  let code = '';
  while (code.length < LENGTH) {
    for (const b of crypto.getRandomValues(new Uint8Array(LENGTH * 2))) {
      if (b < limit && code.length < LENGTH) code += ALPHABET[b % ALPHABET.length];
    }
  }
  return code;
}

/** A typed code as the server keeps it: capitals, no spaces or dashes. */
export const normaliseReceiptCode = (typed: string) => typed.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** What the server takes as a receipt code. */
export const RECEIPT_CODE_RE = /^[A-Z0-9]{10,32}$/;
