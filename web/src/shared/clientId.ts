/**
 * An id for a request the user may send again (a retry after a timeout on a weak network, a
 * double tap): the server records the request once and answers a resend with the first answer.
 * `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost); a plant server reached
 * over plain HTTP still has `crypto.getRandomValues`.
 */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `c-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
