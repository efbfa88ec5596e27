/**
 * What a failed database call means for the caller. Postgres names the class of every error in the first two
 * characters of its SQLSTATE: a data exception (22), a program limit such as an oversized index row (54) or an
 * integrity constraint violation (23) fails the same way on every retry, so it must reach the caller at once; a
 * lost or refused connection, a shutdown or a cancelled statement (08, 57, 53) heals by waiting, so it is worth a
 * retry and, when retries run out, a 503.
 */
export type TDbFailure =
  | { kind: 'invalid_data'; sqlState: string; message: string }
  | { kind: 'constraint'; sqlState: string; message: string }
  | { kind: 'unavailable'; message: string };

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The pg error behind a Drizzle wrapper (DrizzleQueryError keeps it as `cause`). */
function rootCause(err: unknown): unknown {
  let current = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return current;
    if (current.cause === undefined) break;
    current = current.cause;
  }
  return current;
}

export function classifyDbError(err: unknown): TDbFailure | null {
  const root = rootCause(err);
  if (!(root instanceof Error)) return null;
  const code = (root as { code?: unknown }).code;
  const column = (root as { column?: unknown }).column;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    const where = typeof column === 'string' ? ` (column ${column})` : '';
    // 22 data exception (NUL, bad encoding, out of range); 54 program limit exceeded (a value too large for an
    // index row): the same value fails the same way every time.
    if (code.startsWith('22') || code.startsWith('54'))
      return { kind: 'invalid_data', sqlState: code, message: `${root.message}${where}` };
    if (code.startsWith('23'))
      return { kind: 'constraint', sqlState: code, message: `${root.message}${where}` };
    // connection exception, operator intervention (shutdown, statement timeout), insufficient resources,
    // a database closed to connections
    if (code.startsWith('08') || code.startsWith('57') || code.startsWith('53') || code === '55000')
      return { kind: 'unavailable', message: root.message };
    return null;
  }
  if (typeof code === 'string' && CONNECTION_CODES.has(code))
    return { kind: 'unavailable', message: root.message };
  // node-postgres' own messages when the server goes away or the pool cannot get a connection in time
  if (
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      root.message,
    )
  )
    return { kind: 'unavailable', message: root.message };
  return null;
}
