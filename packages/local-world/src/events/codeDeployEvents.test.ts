// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { resourceChangeOf } from '../../../../plugins/codepipeline-backend/src/events/awsChangeEvents';
import { codeDeployEvents, type DeploymentLike } from './codeDeployEvents';
import type { AwsEvent } from './emitter';
import { delivered } from './testing';

const PROD_ACCOUNT = '210987654321';

/** As a deployment with a ready wait goes: Created → InProgress → Ready → InProgress → Succeeded. */
const blueGreenWithReadyWait = [
  'Created',
  'InProgress',
  'InProgress',
  'Ready',
  'InProgress',
  'Succeeded',
];

describe('codeDeployEvents', () => {
  it('tells each new state once, in the deployment group of its account', () => {
    const sent: AwsEvent[] = [];
    const changed = codeDeployEvents({ emit: event => sent.push(event) });
    const deployment: DeploymentLike = {
      region: 'eu-west-1',
      accountId: PROD_ACCOUNT,
      deploymentId: 'd-ABCDEF123',
      applicationName: 'web',
      deploymentGroupName: 'web-prod',
      status: 'Created',
    };
    for (const status of blueGreenWithReadyWait) {
      changed({ ...deployment, status });
    }
    expect(sent.map(event => event.detail.state)).toEqual([
      'CREATED',
      'START',
      'READY',
      'SUCCESS',
    ]);
    expect(sent[3]).toMatchObject({
      place: { accountId: PROD_ACCOUNT, region: 'eu-west-1' },
      source: 'aws.codedeploy',
      detailType: 'CodeDeploy Deployment State-change Notification',
      resources: [
        `arn:aws:codedeploy:eu-west-1:${PROD_ACCOUNT}:application:web`,
        `arn:aws:codedeploy:eu-west-1:${PROD_ACCOUNT}:deploymentgroup:web/web-prod`,
      ],
      detail: {
        application: 'web',
        deploymentGroup: 'web-prod',
        deploymentId: 'd-ABCDEF123',
        region: 'eu-west-1',
      },
    });
    expect(resourceChangeOf(JSON.stringify(delivered(sent[3])))).toEqual({
      kind: 'codedeploy-group',
      partition: 'aws',
      accountId: PROD_ACCOUNT,
      region: 'eu-west-1',
      application: 'web',
      deploymentGroup: 'web-prod',
      deploymentId: 'd-ABCDEF123',
    });
  });

  it('tells a failed or stopped deployment as FAILURE or STOP', () => {
    const sent: AwsEvent[] = [];
    const changed = codeDeployEvents({ emit: event => sent.push(event) });
    const base = {
      region: 'eu-west-1',
      applicationName: 'web',
      deploymentGroupName: 'web-prod',
    };
    changed({ ...base, deploymentId: 'd-FAILED001', status: 'Failed' });
    changed({ ...base, deploymentId: 'd-STOPPED01', status: 'Stopped' });
    expect(
      sent.map(event => [event.detail.deploymentId, event.detail.state]),
    ).toEqual([
      ['d-FAILED001', 'FAILURE'],
      ['d-STOPPED01', 'STOP'],
    ]);
    expect(sent[0].place.accountId).toBe('123456789012');
  });
});
