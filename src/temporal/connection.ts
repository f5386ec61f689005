/**
 * Connections to Temporal for the API (client) and the worker, from one set of options.
 *
 * Against a cluster (`TEMPORAL_ADDRESS` set), security comes from Temporal's own environment
 * configuration (`@temporalio/envconfig`): `TEMPORAL_API_KEY`, `TEMPORAL_TLS*`,
 * `TEMPORAL_GRPC_META_*`, `TEMPORAL_PROFILE` and `TEMPORAL_CONFIG_FILE` (default
 * `~/.config/temporalio/temporal.toml`), the same settings the `temporal` CLI reads. Address and
 * namespace always come from {@link AppConfig}.
 */
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { AppConfig } from '../config/env';
import { activeTracing } from '../observability/tracing';

/** Options both {@link Connection.connect} and {@link NativeConnection.connect} accept. */
export type SharedConnectionOptions = Pick<
  NativeConnectionOptions,
  'address' | 'tls' | 'apiKey' | 'metadata'
>;

/** What {@link clientConnectionOptions} returns. */
export interface TemporalConnectionSettings {
  connectionOptions: SharedConnectionOptions;
  namespace: string;
}

/**
 * Connection options for `config`: envconfig's API key, TLS and gRPC metadata, with our address
 * and namespace. The embedded dev server is plain local gRPC, so for it envconfig is not read at
 * all: a developer's cloud profile must not send TLS or an API key to 127.0.0.1.
 *
 * @param env where envconfig reads its variables (default `process.env`)
 */
export function clientConnectionOptions(
  config: AppConfig,
  env: NodeJS.ProcessEnv = process.env,
): TemporalConnectionSettings {
  const { address, namespace } = config.temporal;
  if (config.temporal.embedded) return { connectionOptions: { address }, namespace };
  const { tls, apiKey, metadata } = loadClientConnectConfig({
    overrideEnvVars: definedOnly(env),
  }).connectionOptions;
  return { connectionOptions: { address, tls, apiKey, metadata }, namespace };
}

/**
 * Connects the API's Temporal client. Close `connection` on shutdown. When tracing is on
 * (src/observability/tracing.ts), every start, update and query carries the caller's span.
 */
export async function connectClient(config: AppConfig): Promise<{ client: Client; connection: Connection }> {
  const { connectionOptions, namespace } = clientConnectionOptions(config);
  // The SDK's own retries, also for a workflow too busy to take an Update (RESOURCE_EXHAUSTED, 1.7 s
  // back-off): shorter retries for that case were measured to lengthen a saturated live vote's tail
  // (bench/results.md, section 8).
  const connection = await Connection.connect(connectionOptions);
  const interceptors = activeTracing()
    ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] }
    : undefined;
  return { client: new Client({ connection, namespace, interceptors }), connection };
}

/** Connects a worker. The namespace goes to `Worker.create`, so take it from `config.temporal.namespace`. */
export function connectWorkerConnection(config: AppConfig): Promise<NativeConnection> {
  return NativeConnection.connect(clientConnectionOptions(config).connectionOptions);
}

/** envconfig takes `Record<string, string>`; `process.env` may hold undefined entries. */
function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
