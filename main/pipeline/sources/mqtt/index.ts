export { mqttSource } from './mqtt-adapter.js';
export { MqttConfigSchema, MqttMappingSchema, type MqttConfig, type MqttMapping } from './mqtt-config.js';
