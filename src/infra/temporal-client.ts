import {
  connectivityState,
  InterceptingCall,
  status,
  type ChannelInterface,
  type Interceptor,
} from '@grpc/grpc-js';
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

/** How long one attempt of a call waits for a connection to the frontend before it fails as not connected. */
export const CONNECT_ATTEMPT_BUDGET_MS = 1_000;

/**
 * grpc-js has no connect timeout, and the Temporal client sets no deadline on most calls. If the frontend host drops
 * packets, or accepts TCP and never speaks HTTP/2, the channel stays CONNECTING and every call waits in it with no
 * limit. An attempt that finds no ready connection within `budgetMs` is cancelled as UNAVAILABLE "No connection
 * established". It was never sent, so repeating it is safe, and the retry decider above gives it the short budget of an
 * unreachable frontend: the API answers 503 with Retry-After within seconds. The connection attempt goes on in the
 * background, and a later call goes out as soon as the frontend answers. `channelOf` is the connection's channel once
 * bound; before that (the SDK's own connect at start-up, with its own timeout) attempts are not bounded.
 */
export function connectBudgetInterceptor(
  channelOf: () => ChannelInterface | undefined,
  budgetMs = CONNECT_ATTEMPT_BUDGET_MS,
): Interceptor {
  return (options, nextCall) => {
    const call = nextCall(options);
    return new InterceptingCall(call, {
      start(metadata, listener, next) {
        next(metadata, listener);
        const channel = channelOf();
        if (!channel) return;
        const deadline = Date.now() + budgetMs;
        const check = () => {
          const state = channel.getConnectivityState(true);
          // Ready: the call is (or was) sent and must run its course. Shut down: grpc-js ends the call itself.
          if (state === connectivityState.READY || state === connectivityState.SHUTDOWN) return;
          if (Date.now() >= deadline) {
            call.cancelWithStatus(
              status.UNAVAILABLE,
              `No connection established to the Temporal frontend within ${budgetMs} ms`,
            );
            return;
          }
          channel.watchConnectivityState(state, deadline, check);
        };
        check();
      },
    });
  };
}

/**
 * The API's connection options: its address, the retry budget above and the connect budget of each attempt (bound to
 * the channel `channelOf` returns).
 */
export const apiConnectionOptions = (
  address: string,
  channelOf: () => ChannelInterface | undefined = () => undefined,
): ConnectionOptions => ({
  address,
  interceptors: [makeGrpcRetryInterceptor(apiGrpcRetryOptions()), connectBudgetInterceptor(channelOf)],
});

/**
 * A lazy connection whose attempts are bounded from its first call (no connect at construction): for a client that
 * must answer even when the frontend is unreachable from the start.
 */
export function lazyApiConnection(address: string): Connection {
  const bound: { connection?: ApiConnection } = {};
  // `lazy` builds `new this(...)`: an ApiConnection, typed as its base class.
  bound.connection = ApiConnection.lazy(
    apiConnectionOptions(address, () => bound.connection?.channel),
  ) as ApiConnection;
  return bound.connection;
}

/** A Connection that lends its gRPC channel to the connect budget (the SDK keeps its gRPC client protected). */
class ApiConnection extends Connection {
  get channel(): ChannelInterface {
    return this.client.getChannel();
  }
}

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
  const bound: { connection?: ApiConnection } = {};
  // The first connect keeps the SDK's connect timeout (the frontend may still be starting); calls after it are bounded.
  const connection = (await ApiConnection.connect(
    apiConnectionOptions(address, () => bound.connection?.channel),
  )) as ApiConnection;
  bound.connection = connection;
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
