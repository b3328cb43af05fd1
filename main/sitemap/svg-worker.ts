/**
 * Worker thread entry (started by svg-processor.ts): sanitises uploaded SVGs and lists their overlay shapes
 * off the Core's event loop. jsdom and DOMPurify are slow on big drawings (seconds for thousands of shapes);
 * here they block only this thread. Jobs arrive one at a time; each is answered by its id.
 */
import { parentPort } from 'node:worker_threads';
import { extractOverlays } from './svg-overlays.js';
import { sanitizeSvg } from './svg-sanitize.js';
import { runSvgJob, type FromSvgWorker, type SvgJob } from './svg-job.js';

const port = parentPort;
if (!port) throw new Error('svg-worker.ts runs only as a worker thread.');

// Builds the jsdom window and the DOMPurify instance now, so the first upload's time limit counts only
// the work on its own file.
extractOverlays(sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><rect id="a" width="1" height="1"/></svg>').svg);

port.on('message', (job: SvgJob) => {
  const message: FromSvgWorker = runSvgJob(job);
  port.postMessage(message);
});
port.postMessage({ ready: true } satisfies FromSvgWorker);
