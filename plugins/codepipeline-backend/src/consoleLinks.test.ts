import { ConfigReader } from '@backstage/config';
import { codeDeployDeploymentConsoleUrl } from './aws/codeDeploy';
import { ecsConsoleUrl } from './aws/ecs';
import {
  ConsoleLinks,
  DIRECT_CONSOLE_LINKS,
  readConsoleSsoSettings,
} from './consoleLinks';
import {
  buildConsoleUrl,
  executionConsoleUrl,
  pipelineConsoleUrl,
} from './services/consoleUrls';

const DELIVERY = '111111111111';
const WORKLOADS = '222222222222';

const pipelineInDelivery = {
  arn: `arn:aws:codepipeline:us-east-1:${DELIVERY}:orders-api`,
  name: 'orders-api',
  partition: 'aws',
  accountId: DELIVERY,
  region: 'us-east-1',
};
const prodClusterInWorkloads = {
  partition: 'aws',
  accountId: WORKLOADS,
  region: 'eu-west-1',
  clusterName: 'prod',
};

const ssoWithProdRole = new ConsoleLinks(
  readConsoleSsoSettings(
    new ConfigReader({
      aws: {
        sso: {
          startUrl: 'https://acme.awsapps.com/start',
          roleName: 'DeveloperReadOnly',
          accounts: [{ accountId: WORKLOADS, roleName: 'ProdReadOnly' }],
        },
      },
    }),
  ),
);

/** The parts of an IAM Identity Center console shortcut. */
function shortcut(link: string) {
  const [portal, query] = link.split('/#/console?');
  return { portal, ...Object.fromEntries(new URLSearchParams(query)) };
}

describe('console links', () => {
  describe('without aws.sso', () => {
    it('point straight at the console page in the resource region', () => {
      expect(pipelineConsoleUrl(pipelineInDelivery)).toBe(
        'https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/orders-api/view?region=us-east-1',
      );
      expect(
        executionConsoleUrl(pipelineInDelivery, 'exec-1', DIRECT_CONSOLE_LINKS),
      ).toBe(
        'https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/orders-api/executions/exec-1/timeline?region=us-east-1',
      );
      expect(
        ecsConsoleUrl(prodClusterInWorkloads, 'services/orders-api/health'),
      ).toBe(
        'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/orders-api/health?region=eu-west-1',
      );
    });
  });

  describe('with aws.sso', () => {
    it("open a pipeline through the portal, signed in to the pipeline's account with the default role", () => {
      expect(
        shortcut(pipelineConsoleUrl(pipelineInDelivery, ssoWithProdRole)),
      ).toEqual({
        portal: 'https://acme.awsapps.com/start',
        account_id: DELIVERY,
        role_name: 'DeveloperReadOnly',
        destination:
          'https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/orders-api/view?region=us-east-1',
      });
      expect(
        shortcut(
          buildConsoleUrl(
            pipelineInDelivery,
            'orders-api:0d1e2f3a',
            ssoWithProdRole,
          ),
        ),
      ).toMatchObject({
        account_id: DELIVERY,
        destination: `https://us-east-1.console.aws.amazon.com/codesuite/codebuild/${DELIVERY}/projects/orders-api/build/orders-api%3A0d1e2f3a/?region=us-east-1`,
      });
    });

    it("open ECS and CodeDeploy pages in the workloads account with that account's own role", () => {
      expect(
        shortcut(
          ecsConsoleUrl(
            prodClusterInWorkloads,
            'services/orders-api/health',
            ssoWithProdRole,
          ),
        ),
      ).toEqual({
        portal: 'https://acme.awsapps.com/start',
        account_id: WORKLOADS,
        role_name: 'ProdReadOnly',
        destination:
          'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/orders-api/health?region=eu-west-1',
      });
      expect(
        shortcut(
          codeDeployDeploymentConsoleUrl(
            prodClusterInWorkloads,
            'd-ABCDEF123',
            ssoWithProdRole,
          ),
        ),
      ).toMatchObject({ account_id: WORKLOADS, role_name: 'ProdReadOnly' });
    });

    it('encode the destination so that its own query survives the round trip', () => {
      const link = ecsConsoleUrl(
        prodClusterInWorkloads,
        'services/orders-api/health',
        ssoWithProdRole,
      );
      expect(link).toContain(
        'destination=https%3A%2F%2Feu-west-1.console.aws.amazon.com%2Fecs%2Fv2%2Fclusters%2Fprod%2Fservices%2Forders-api%2Fhealth%3Fregion%3Deu-west-1',
      );
    });

    it('link straight to the console in an account that has no role to sign in with', () => {
      const prodOnly = new ConsoleLinks({
        startUrl: 'https://acme.awsapps.com/start',
        roleNames: { [WORKLOADS]: 'ProdReadOnly' },
      });
      expect(pipelineConsoleUrl(pipelineInDelivery, prodOnly)).toBe(
        pipelineConsoleUrl(pipelineInDelivery),
      );
      expect(prodOnly.to(WORKLOADS, 'https://console.aws.amazon.com/')).toMatch(
        /^https:\/\/acme\.awsapps\.com\/start\/#\/console\?account_id=222222222222&/,
      );
    });
  });

  describe('readConsoleSsoSettings', () => {
    it('is undefined without aws.sso, and drops a trailing slash from the start URL', () => {
      expect(readConsoleSsoSettings(new ConfigReader({}))).toBeUndefined();
      expect(
        readConsoleSsoSettings(
          new ConfigReader({
            aws: { sso: { startUrl: 'https://acme.awsapps.com/start/' } },
          }),
        ),
      ).toEqual({
        startUrl: 'https://acme.awsapps.com/start',
        roleName: undefined,
        roleNames: {},
      });
    });

    it('refuses a start URL that is not https, naming the key', () => {
      expect(() =>
        readConsoleSsoSettings(
          new ConfigReader({
            aws: {
              sso: { startUrl: 'http://acme.awsapps.com/start', roleName: 'R' },
            },
          }),
        ),
      ).toThrow(/aws\.sso\.startUrl must be the https URL/);
    });
  });
});
