export { webhookAdapter, WebhookConfigSchema, type WebhookConfig } from './webhook-adapter.js';
