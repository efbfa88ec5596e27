import { DefaultLogger, Runtime } from '@temporalio/worker';

// One Temporal Core runtime per test process; quiet, and without signal handlers of its own.
try {
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
} catch {
  // already installed by an earlier file in this process
}
