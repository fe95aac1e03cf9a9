export { EntityDeliveryTimeline } from './EntityDeliveryTimeline';
