/**
 * Worker thread entry (run by svg-processor.ts's pool): checks uploaded site-map files off the Core's
 * event loop: decodes base64, tells the type from the bytes, sanitises SVGs and lists their overlay shapes,
 * and hashes what will be stored. jsdom and DOMPurify are slow on big drawings (seconds for thousands of
 * shapes), and a 9 MB file's base64, copies and hash cost tens of milliseconds; here they block only this
 * thread. The pool sends one job at a time.
 */
import { servePoolJobs } from '../../native/worker/index.js';
import { extractOverlays } from './svg-overlays.js';
import { sanitizeSvg } from './svg-sanitize.js';
import { runMapFileJob, type MapFileJob, type MapFileJobResult } from './svg-job.js';

// Builds the jsdom window and the DOMPurify instance now, so the first upload's time limit counts only
// the work on its own file.
extractOverlays(sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><rect id="a" width="1" height="1"/></svg>').svg);

servePoolJobs<MapFileJob, MapFileJobResult>(runMapFileJob, {
  // The stored bytes go back without a copy.
  transfer: (result) => (result.ok ? [result.bytes.buffer as ArrayBuffer] : []),
});
