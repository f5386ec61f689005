/**
 * Start-up check against a Temporal cluster (`TEMPORAL_ADDRESS` set): the namespace exists, keeps
 * closed workflows at least `RECORD_RETENTION`, and has every search attribute of
 * workflows/search-attributes.ts registered with its type. The embedded dev server is set up by
 * this project itself and is not checked. A shortfall stops the API or the worker with one line
 * that says what is wrong and the `temporal` commands that fix it.
 */
import type { SearchAttributeType } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { allSearchAttributeKeys } from '../../workflows/search-attributes';
import type { AppConfig } from '../config/env';
import { isTemporalCloud, TEMPORAL_CLOUD_MAX_RETENTION_DAYS } from './retention';

/** `IndexedValueType` numbers of Temporal's API, by the SDK's names. */
const indexedTypes: Record<number, SearchAttributeType> = {
  1: 'TEXT',
  2: 'KEYWORD',
  3: 'INT',
  4: 'DOUBLE',
  5: 'BOOL',
  6: 'DATETIME',
  7: 'KEYWORD_LIST',
};

/** The `temporal` CLI's spelling of each type. */
const cliTypes: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** What the server told about the namespace; `undefined` retention: it does not exist. */
export interface NamespaceFacts {
  namespace: string;
  exists: boolean;
  retentionSeconds: number;
  /** Custom search attributes by name, with the type each is registered with. */
  searchAttributes: Record<string, SearchAttributeType | 'UNKNOWN'>;
}

/** Raised when the cluster is not ready for this application; the message is the one line to show. */
export class ClusterCheckError extends Error {
  constructor(message: string) {
    super(message);
    // A StartupError to runMain: one line, no stack.
    this.name = 'StartupError';
  }
}

/**
 * The shortfalls of `facts` for `config` as one line, or undefined when there is none. Pure, so
 * every case is unit-tested.
 */
export function clusterShortfall(
  facts: NamespaceFacts,
  config: Pick<AppConfig, 'recordRetentionDays'> & { temporal: { address: string; namespace: string } },
): string | undefined {
  const { namespace, address } = config.temporal;
  const cli = `temporal operator --address ${address}`;
  const days = config.recordRetentionDays;
  const problems: string[] = [];
  const commands: string[] = [];
  if (isTemporalCloud(address) && days > TEMPORAL_CLOUD_MAX_RETENTION_DAYS) {
    // No command fixes this one: Cloud refuses a longer retention.
    return `RECORD_RETENTION asks Temporal Cloud (${address}) to keep closed workflows ${days} days, but it keeps them at most ${TEMPORAL_CLOUD_MAX_RETENTION_DAYS}; set RECORD_RETENTION=P${TEMPORAL_CLOUD_MAX_RETENTION_DAYS}D (or leave it unset): the board's record in the database (DATABASE_URL) keeps everything after that.`;
  }
  if (!facts.exists) {
    problems.push(`namespace "${namespace}" does not exist`);
    commands.push(`${cli} namespace create --namespace ${namespace} --retention ${days}d`);
  } else if (facts.retentionSeconds < days * 86400) {
    problems.push(
      `namespace "${namespace}" keeps closed workflows ${Math.floor(facts.retentionSeconds / 86400)} days, less than RECORD_RETENTION (${days} days)`,
    );
    commands.push(`${cli} namespace update --namespace ${namespace} --retention ${days}d`);
  }
  const missing: string[] = [];
  for (const key of allSearchAttributeKeys) {
    const registered = facts.searchAttributes[key.name];
    if (registered === key.type) continue;
    if (registered === undefined) {
      missing.push(key.name);
      commands.push(
        `${cli} search-attribute create --namespace ${namespace} --name ${key.name} --type ${cliTypes[key.type]}`,
      );
    } else {
      problems.push(`search attribute ${key.name} is registered as ${registered}, not ${key.type}`);
      commands.push(
        `${cli} search-attribute remove --namespace ${namespace} --name ${key.name} --yes`,
        `${cli} search-attribute create --namespace ${namespace} --name ${key.name} --type ${cliTypes[key.type]}`,
      );
    }
  }
  if (missing.length > 0) problems.push(`search attributes not registered: ${missing.join(', ')}`);
  if (problems.length === 0) return undefined;
  return `Temporal at ${address} is not ready for this application: ${problems.join('; ')}. Run: ${commands.join(' && ')}`;
}

/** The calls both the client's and the worker's connections offer. */
export interface ClusterServices {
  workflowService: Pick<temporal.api.workflowservice.v1.WorkflowService, 'describeNamespace'>;
  operatorService: Pick<temporal.api.operatorservice.v1.OperatorService, 'listSearchAttributes'>;
}

/** Asks the server about the namespace. */
export async function readNamespaceFacts(
  services: ClusterServices,
  namespace: string,
): Promise<NamespaceFacts> {
  let retentionSeconds: number;
  try {
    const described = await services.workflowService.describeNamespace({ namespace });
    retentionSeconds = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  } catch (err) {
    // gRPC NOT_FOUND: the namespace does not exist.
    if ((err as { code?: number }).code === 5)
      return { namespace, exists: false, retentionSeconds: 0, searchAttributes: {} };
    throw err;
  }
  const listed = await services.operatorService.listSearchAttributes({ namespace });
  const searchAttributes = Object.fromEntries(
    Object.entries(listed.customAttributes ?? {}).map(([name, type]) => [
      name,
      indexedTypes[Number(type)] ?? 'UNKNOWN',
    ]),
  );
  return { namespace, exists: true, retentionSeconds, searchAttributes };
}

/** Checks the cluster; throws {@link ClusterCheckError} with the one line to show. */
export async function checkCluster(
  connection: ClusterServices,
  config: Pick<AppConfig, 'recordRetentionDays'> & { temporal: { address: string; namespace: string } },
): Promise<void> {
  const shortfall = clusterShortfall(await readNamespaceFacts(connection, config.temporal.namespace), config);
  if (shortfall) throw new ClusterCheckError(shortfall);
}
