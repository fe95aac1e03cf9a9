import type { Config } from '@backstage/config';
import {
  EnvironmentKnowledge,
  productionEnvironments,
} from './insights/productionStage';

/**
 * The environments of `slipway.environments` (the scaffolder module's
 * settings, read here for their names and `production` marks only).
 */
export function readEnvironmentKnowledge(config: Config): EnvironmentKnowledge {
  const environments = config.getOptionalConfig('slipway.environments');
  return productionEnvironments(
    (environments?.keys() ?? []).map(name => ({
      name,
      production:
        environments!.getOptionalBoolean(`${name}.production`) ?? false,
    })),
  );
}
