import { createWebhookDeliveryActivities, type TWebhookDeps } from './webhook-delivery.activities.js';

export type TActivityDeps = TWebhookDeps;

/** Every activity the worker registers, built from one set of dependencies. */
export function createActivities(deps: TActivityDeps) {
  return {
    ...createWebhookDeliveryActivities(deps),
  };
}
