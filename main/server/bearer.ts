/** The token of an `Authorization: Bearer <token>` header, or undefined for any other header. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * The `sub` claim of a JWT-shaped token, read WITHOUT checking the signature. Only good for
 * choosing a rate-limit bucket: a forged token merely picks another bucket, still keyed by address too.
 */
export function unverifiedSubject(token: string | undefined): string | undefined {
  if (!token || token.length > 4096) return undefined;
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return undefined;
    const sub = (claims as { sub?: unknown }).sub;
    return typeof sub === 'string' && sub.length > 0 && sub.length <= 128 ? sub : undefined;
  } catch {
    return undefined;
  }
}
