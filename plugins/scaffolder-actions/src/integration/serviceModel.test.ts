import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
} from '@aws-sdk/client-ecr';
import { FaultInjector } from './__testUtils__/faults';
import { MotoServer, startMotoServer } from './__testUtils__/motoServer';
import {
  checkRecordedRequests,
  encodeInput,
  validateAgainstServiceModel,
} from './__testUtils__/serviceModel';
import { REGION } from './__testUtils__/world';

/**
 * The service-model check itself: botocore rejects what AWS would, whatever
 * moto (and the SDK for JavaScript, which drops unknown keys) accepts.
 */

jest.setTimeout(60_000);

describe('AWS requests against the service model (botocore)', () => {
  it('rejects an unknown key, a wrong type, a missing required member and a value outside an enum', async () => {
    const report = await validateAgainstServiceModel([
      {
        call: 'ECR.CreateRepository',
        input: { repositoryName: 'x', bogus: 1 },
      },
      { call: 'ECR.CreateRepository', input: { repositoryName: 42 } },
      { call: 'ECS.CreateService', input: { cluster: 'dev-cluster' } },
      {
        call: 'ECR.CreateRepository',
        input: { repositoryName: 'orders', imageTagMutability: 'SOMETIMES' },
      },
      { call: 'ECS.LaunchRocket', input: {} },
      { call: 'Unknown.Call', input: {} },
    ]);
    expect(report.valid).toBe(0);
    expect(report.invalid.map(i => [i.index, i.call])).toEqual([
      [0, 'ECR.CreateRepository'],
      [1, 'ECR.CreateRepository'],
      [2, 'ECS.CreateService'],
      [3, 'ECR.CreateRepository'],
      [4, 'ECS.LaunchRocket'],
      [5, 'Unknown.Call'],
    ]);
    const errors = report.invalid.map(i => i.errors.join(' '));
    expect(errors[0]).toMatch(/Unknown parameter in input: "bogus"/);
    expect(errors[1]).toMatch(/Invalid type for parameter repositoryName/);
    expect(errors[2]).toMatch(/Missing required parameter.*serviceName/);
    expect(errors[3]).toMatch(/imageTagMutability: 'SOMETIMES'/);
    expect(errors[4]).toMatch(/no operation 'LaunchRocket'/);
    expect(errors[5]).toMatch(/no botocore service is mapped/);
  });

  it('accepts valid requests, with Date as timestamp and Uint8Array as blob', async () => {
    const report = await validateAgainstServiceModel([
      {
        call: 'ECR.CreateRepository',
        input: {
          repositoryName: 'orders',
          imageTagMutability: 'IMMUTABLE',
          tags: [{ Key: 'slipway:component', Value: 'default/orders' }],
          registryId: undefined,
        },
      },
      {
        call: 'CodeDeploy.ListDeployments',
        input: {
          createTimeRange: { start: new Date('2026-01-01T00:00:00Z') },
        },
      },
      {
        call: 'CloudWatchLogs.GetLogEvents',
        input: { logGroupName: 'g', logStreamName: 's', startTime: 5 },
      },
      {
        call: 'ECR.UploadLayerPart',
        input: {
          repositoryName: 'orders',
          uploadId: 'u',
          partFirstByte: 0,
          partLastByte: 2,
          layerPartBlob: new Uint8Array([1, 2, 3]),
        },
      },
      {
        call: 'ElasticLoadBalancingV2.CreateRule',
        input: {
          ListenerArn: 'arn:aws:elasticloadbalancing:us-east-1:1:listener/x',
          Priority: 1,
          Conditions: [{ Field: 'host-header', Values: ['a.example.com'] }],
          Actions: [{ Type: 'forward', TargetGroupArn: 'arn:tg' }],
        },
      },
    ]);
    expect(report.invalid).toEqual([]);
    expect(report.valid).toBe(5);
    expect(
      encodeInput({ at: new Date(0), blob: new Uint8Array([104, 105]) }),
    ).toEqual({
      at: { $timestamp: '1970-01-01T00:00:00.000Z' },
      blob: { $blob: 'aGk=' },
    });
  });

  describe('on a client instrumented like the actions’ clients', () => {
    let moto: MotoServer;
    beforeAll(async () => {
      moto = await startMotoServer();
    });
    afterAll(async () => {
      await moto?.stop();
    });

    it('fails a request that moto accepts, because the key is not in the model', async () => {
      const ecr = new ECRClient({ region: REGION, maxAttempts: 1 });
      new FaultInjector().install(ecr);
      // The SDK drops the unknown key on the wire: moto (and AWS) would never see the mistake.
      await ecr.send(
        new CreateRepositoryCommand({
          repositoryName: 'service-model-check',
          bogus: 1,
        } as any),
      );
      const { repositories = [] } = await ecr.send(
        new DescribeRepositoriesCommand({}),
      );
      expect(repositories.map(r => r.repositoryName)).toEqual([
        'service-model-check',
      ]);
      // …but the check the integration suites run after each test does.
      await expect(checkRecordedRequests()).rejects.toThrow(
        /1 of 2 AWS request\(s\) do not match the AWS service model[\s\S]*ECR\.CreateRepository[\s\S]*Unknown parameter in input: "bogus"/,
      );
    });
  });
});
