/** The sample site: a first look at Outpost with made-up, clearly marked, removable data. */
export { createSampleService, type SampleDeps, type SampleService } from './sample-service.js';
export { sampleHandlers } from './handlers.js';
export { SAMPLE_SCRIPT, SAMPLE_OFFLINE_MINUTES } from './sample-events.js';
