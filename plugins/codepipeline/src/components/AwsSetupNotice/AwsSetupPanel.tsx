import { CodeSnippet } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { AwsConnectivity } from '@slipway/plugin-codepipeline-common';

const EXAMPLE = `aws:
  mainAccount:
    profile: my-profile # or accessKeyId / secretAccessKey`;

/** What to set so the backend can read AWS: the one setup state of a page. */
export function AwsSetupPanel(props: { aws: AwsConnectivity }) {
  const { aws } = props;
  if (aws.configured) {
    return (
      <Alert severity="error" role="status" aria-label="AWS is not reachable">
        <AlertTitle>AWS is not reachable</AlertTitle>
        {aws.message}
      </Alert>
    );
  }
  return (
    <Alert severity="warning" role="status" aria-label="AWS is not configured">
      <AlertTitle>AWS is not configured</AlertTitle>
      <Typography variant="body2" paragraph>
        The Slipway backend found no AWS credentials, so nothing on this page
        can be read from AWS yet. To connect an account, add it to
        app-config.local.yaml (beside app-config.yaml; git ignores it) and
        restart the portal:
      </Typography>
      <CodeSnippet language="yaml" text={EXAMPLE} />
      <Typography variant="body2" style={{ marginTop: 8 }}>
        aws.accounts adds more accounts; the standard AWS environment
        (AWS_PROFILE, AWS_ACCESS_KEY_ID) works too, and AWS_ENDPOINT_URL points
        the backend at an emulator. To try Slipway without AWS, start the portal
        with SLIPWAY_WORLD=local npm start: it runs on the local world, an
        emulator on this machine.
      </Typography>
    </Alert>
  );
}
