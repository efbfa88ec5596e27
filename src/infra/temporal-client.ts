import { Client, Connection } from '@temporalio/client';

export async function connectTemporal(address: string, namespace: string): Promise<Client> {
  const connection = await Connection.connect({ address });
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
