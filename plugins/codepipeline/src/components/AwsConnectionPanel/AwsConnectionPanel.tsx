import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Flex, Text } from '@backstage/ui';
import CheckCircle from '@material-ui/icons/CheckCircle';
import { useAwsHealth } from '../../hooks/useAwsHealth';
import { AwsSetupPanel } from '../AwsSetupNotice';

/** Says whether the Slipway backend can reach AWS, and what to set if not. */
export function AwsConnectionPanel() {
  const { value, loading, error } = useAwsHealth();

  if (loading) {
    return <Progress aria-label="Checking AWS connection" />;
  }
  if (error) {
    return (
      <ResponseErrorPanel error={error} title="Slipway backend unavailable" />
    );
  }
  const aws = value!.aws;
  if (!aws.configured || !aws.reachable) {
    return <AwsSetupPanel aws={aws} />;
  }
  return (
    <Flex role="status" align="center" gap="1">
      <CheckCircle fontSize="small" aria-hidden />
      <Text as="span" variant="body-medium">
        Connected to AWS account {aws.accountId}
      </Text>
    </Flex>
  );
}
