export {
  startLocalWorld,
  type LocalWorld,
  type LocalWorldContext,
  type LocalWorldPart,
  type LocalWorldPartResult,
  type StartLocalWorldOptions,
} from './startLocalWorld';
export { deliveryParts, type DeliveryOptions } from './delivery';
export { localWorldEnv, useLocalWorldEnv, REAL_AWS_VARIABLES } from './env';
export { startMoto, type Moto, type MotoOptions } from './moto';
export {
  createPlatform,
  slipwayEnvironment,
  type Platform,
  type Routing,
} from '../platform';
export {
  motoGapInterceptors,
  resourcesMotoDoesNotIndex,
  type TaggedResource,
} from '../gaps';
