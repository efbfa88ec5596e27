import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type ConnectionOptions,
  type GrpcRetryOptions,
} from '@temporalio/client';

/** grpc-js's words for a call that never reached the server: the channel could not connect (refused, unreachable). */
const NOT_CONNECTED = /^No connection established\b/;
/** Attempts of a call while no connection can be made: ~1 s of backoff (170, 290, 490 ms), then the caller hears. */
export const UNREACHABLE_ATTEMPTS = 4;

/**
 * The SDK's default gRPC retries (10 attempts, backoff up to 5 s) hold a request for ~20 s per call when the frontend
 * is down, ~40 s for an Update: far past what a person waits for a 503. A call that could not even connect is retried
 * only briefly, so the API answers 503 with Retry-After within a few seconds; every other retryable status (an
 * overloaded or restarting frontend that did answer) keeps the default budget, so normal calls under load are not
 * cut short.
 */
export function apiGrpcRetryOptions(): GrpcRetryOptions {
  const base = defaultGrpcRetryOptions();
  return {
    delayFunction: base.delayFunction,
    retryableDecider: (attempt, status) =>
      NOT_CONNECTED.test(status.details ?? '')
        ? attempt < UNREACHABLE_ATTEMPTS && base.retryableDecider(attempt, status)
        : base.retryableDecider(attempt, status),
  };
}

/** The API's connection options: its address and the retry budget above. */
export const apiConnectionOptions = (address: string): ConnectionOptions => ({
  address,
  interceptors: [makeGrpcRetryInterceptor(apiGrpcRetryOptions())],
});

/** gRPC status codes of a call that did not reach, or did not hear back from, the Temporal frontend. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/**
 * Whether an error (or one of its causes: the client wraps the gRPC error) says the Temporal frontend could not be
 * reached or did not answer in time: the caller should answer 503 with Retry-After, never 500.
 */
export function isTemporalUnreachable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const x = e as { code?: unknown; details?: unknown; cause?: unknown };
    if (typeof x.details === 'string' && (x.code === GRPC_UNAVAILABLE || x.code === GRPC_DEADLINE_EXCEEDED))
      return true;
    e = x.cause;
  }
  return false;
}

export async function connectTemporal(address: string, namespace: string): Promise<Client> {
  const connection = await Connection.connect(apiConnectionOptions(address));
  return new Client({ connection, namespace });
}

/**
 * One Temporal Core runtime per process: quiet unless asked, and without its own signal handlers, because
 * our launchers decide the shutdown order (API, then worker, then servers).
 */
export async function installTemporalRuntime(logLevel: string): Promise<void> {
  const { DefaultLogger, Runtime } = await import('@temporalio/worker');
  const level =
    logLevel === 'debug' || logLevel === 'trace' ? 'DEBUG' : logLevel === 'info' ? 'WARN' : 'ERROR';
  Runtime.install({ logger: new DefaultLogger(level), shutdownSignals: [] });
}
