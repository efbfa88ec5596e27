// The one module the worker bundles: every workflow the marketplace runs.
export { webhookDeliveryWorkflow } from './webhook-delivery/webhook-delivery.workflow.js';
