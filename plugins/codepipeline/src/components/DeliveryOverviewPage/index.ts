export { DeliveryOverviewPage } from './DeliveryOverviewPage';
export type { DeliveryOverviewPageProps } from './DeliveryOverviewPage';
