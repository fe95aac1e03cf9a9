import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AwsClientFactory } from '../aws/clients';

/** What every Slipway action is built from; created once by the module. */
export interface SlipwayActionDeps {
  config: Config;
  clients: AwsClientFactory;
  /**
   * Only slipway:catalog:unregister uses it; code that runs the AWS actions
   * outside a backend (the demo's provisioning, integration tests) leaves it out.
   */
  catalog?: CatalogService;
}
