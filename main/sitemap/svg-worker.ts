/**
 * Worker thread entry (run by svg-processor.ts's pool): sanitises uploaded SVGs and lists their overlay
 * shapes off the Core's event loop. jsdom and DOMPurify are slow on big drawings (seconds for thousands of
 * shapes); here they block only this thread. The pool sends one job at a time.
 */
import { servePoolJobs } from '../../native/worker/index.js';
import { extractOverlays } from './svg-overlays.js';
import { sanitizeSvg } from './svg-sanitize.js';
import { runSvgJob, type SvgJob, type SvgJobResult } from './svg-job.js';

// Builds the jsdom window and the DOMPurify instance now, so the first upload's time limit counts only
// the work on its own file.
extractOverlays(sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><rect id="a" width="1" height="1"/></svg>').svg);

servePoolJobs<SvgJob, SvgJobResult>(runSvgJob);
