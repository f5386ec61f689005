/**
 * The start-up check against a cluster: every shortfall of the namespace (missing, short
 * retention, a search attribute missing or of the wrong type) comes out as one line that names
 * it and the `temporal` command that fixes it; a namespace set up as the deployment guide says passes.
 */
import { clusterShortfall, readNamespaceFacts, type NamespaceFacts } from '../../src/temporal/cluster-check';
import { defaultRetentionDays, isTemporalCloud } from '../../src/temporal/retention';
import { allSearchAttributeKeys } from '../../workflows/search-attributes';

const config = { recordRetentionDays: 3650, temporal: { address: 'temporal:7233', namespace: 'board' } };
const cli = 'temporal operator --address temporal:7233';
const registered = Object.fromEntries(allSearchAttributeKeys.map((key) => [key.name, key.type]));
const ready: NamespaceFacts = {
  namespace: 'board',
  exists: true,
  retentionSeconds: 3650 * 86400,
  searchAttributes: { ...registered, CustomOther: 'INT' },
};

test('a namespace set up as documented passes', () => {
  expect(clusterShortfall(ready, config)).toBeUndefined();
});

test('a missing namespace: create it with the retention, and register every attribute', () => {
  const line = clusterShortfall(
    { namespace: 'board', exists: false, retentionSeconds: 0, searchAttributes: {} },
    config,
  )!;
  expect(line).not.toContain('\n');
  expect(line).toContain('namespace "board" does not exist');
  expect(line).toContain(`Run: ${cli} namespace create --namespace board --retention 3650d`);
  expect(line).toContain(
    `${cli} search-attribute create --namespace board --name BoardAwaiting --type KeywordList`,
  );
  expect(line).toContain(`--name BoardDueAt --type Datetime`);
  expect(line).toContain(`--name BoardTitle --type Text`);
});

test('a retention shorter than RECORD_RETENTION names both and the update to run', () => {
  const line = clusterShortfall({ ...ready, retentionSeconds: 30 * 86400 }, config);
  expect(line).toBe(
    'Temporal at temporal:7233 is not ready for this application: namespace "board" keeps closed workflows 30 days, ' +
      `less than RECORD_RETENTION (3650 days). Run: ${cli} namespace update --namespace board --retention 3650d`,
  );
  expect(
    clusterShortfall({ ...ready, retentionSeconds: 30 * 86400 }, { ...config, recordRetentionDays: 30 }),
  ).toBeUndefined();
});

test('a missing search attribute and one of the wrong type', () => {
  const { BoardParent: _dropped, ...rest } = registered;
  const line = clusterShortfall({ ...ready, searchAttributes: { ...rest, BoardDueAt: 'KEYWORD' } }, config);
  expect(line).toBe(
    'Temporal at temporal:7233 is not ready for this application: search attribute BoardDueAt is registered as KEYWORD, ' +
      'not DATETIME; search attributes not registered: BoardParent. ' +
      `Run: ${cli} search-attribute remove --namespace board --name BoardDueAt --yes && ` +
      `${cli} search-attribute create --namespace board --name BoardDueAt --type Datetime && ` +
      `${cli} search-attribute create --namespace board --name BoardParent --type Keyword`,
  );
});

test('the facts are read from describeNamespace and listSearchAttributes; NOT_FOUND means no namespace', async () => {
  const services = {
    workflowService: {
      describeNamespace: jest.fn(async () => ({
        config: { workflowExecutionRetentionTtl: { seconds: 86400 * 7 } },
      })),
    },
    operatorService: {
      listSearchAttributes: jest.fn(async () => ({
        customAttributes: { BoardKind: 2, BoardAwaiting: 7, Odd: 99 },
      })),
    },
  };
  expect(await readNamespaceFacts(services as never, 'board')).toEqual({
    namespace: 'board',
    exists: true,
    retentionSeconds: 7 * 86400,
    searchAttributes: { BoardKind: 'KEYWORD', BoardAwaiting: 'KEYWORD_LIST', Odd: 'UNKNOWN' },
  });
  services.workflowService.describeNamespace.mockRejectedValueOnce(
    Object.assign(new Error('not found'), { code: 5 }),
  );
  expect(await readNamespaceFacts(services as never, 'board')).toMatchObject({ exists: false });
  services.workflowService.describeNamespace.mockRejectedValueOnce(
    Object.assign(new Error('unavailable'), { code: 14 }),
  );
  await expect(readNamespaceFacts(services as never, 'board')).rejects.toThrow('unavailable');
});

test('Temporal Cloud: ninety days asked by default, a longer RECORD_RETENTION refused with the reason', () => {
  const cloud = 'board.a1b2c.tmprl.cloud:7233';
  expect(isTemporalCloud(cloud)).toBe(true);
  expect(isTemporalCloud('temporal-frontend.board.svc:7233')).toBe(false);
  expect(defaultRetentionDays(cloud)).toBe(90);
  expect(defaultRetentionDays('temporal:7233')).toBe(3650);
  const onCloud = { recordRetentionDays: 90, temporal: { address: cloud, namespace: 'board' } };
  expect(clusterShortfall({ ...ready, retentionSeconds: 90 * 86400 }, onCloud)).toBeUndefined();
  const line = clusterShortfall(
    { ...ready, retentionSeconds: 90 * 86400 },
    { ...onCloud, recordRetentionDays: 3650 },
  );
  expect(line).toContain('keeps them at most 90');
  expect(line).toContain('set RECORD_RETENTION=P90D');
});
