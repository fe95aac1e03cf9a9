import { CodeSnippet } from '@backstage/core-components';
import { Alert, Flex, Text } from '@backstage/ui';
import type { AwsConnectivity } from '@slipway/plugin-codepipeline-common';

const EXAMPLE = `aws:
  mainAccount:
    profile: my-profile # or accessKeyId / secretAccessKey`;

/** What to set so the backend can read AWS: the one setup state of a page. */
export function AwsSetupPanel(props: { aws: AwsConnectivity }) {
  const { aws } = props;
  if (aws.configured) {
    return (
      <Alert
        status="danger"
        icon
        role="status"
        aria-label="AWS is not reachable"
        title="AWS is not reachable"
        description={aws.message}
      />
    );
  }
  return (
    <Alert
      status="warning"
      icon
      role="status"
      aria-label="AWS is not configured"
      title="AWS is not configured"
      description={
        <Flex direction="column" gap="2" mt="1">
          <Text as="p" variant="body-small">
            The Slipway backend found no AWS credentials, so nothing on this
            page can be read from AWS yet. To connect an account, add it to
            app-config.local.yaml (beside app-config.yaml; git ignores it) and
            restart the portal:
          </Text>
          <CodeSnippet language="yaml" text={EXAMPLE} />
          <Text as="p" variant="body-small">
            aws.accounts adds more accounts; the standard AWS environment
            (AWS_PROFILE, AWS_ACCESS_KEY_ID) works too, and AWS_ENDPOINT_URL
            points the backend at an emulator. To try Slipway without AWS, start
            the portal with SLIPWAY_WORLD=local npm start: it runs on the local
            world, an emulator on this machine.
          </Text>
        </Flex>
      }
    />
  );
}
