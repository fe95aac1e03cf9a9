import type { Config } from '@backstage/config';
import type { AwsClientFactory } from '../aws/clients';

/** What every Slipway action is built from; created once by the module. */
export interface SlipwayActionDeps {
  config: Config;
  clients: AwsClientFactory;
}
