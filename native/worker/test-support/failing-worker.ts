/** A pool worker that cannot start (as when a model file is damaged), for native/worker's tests. */
import { failPoolWorker } from '../pool-messages.js';

failPoolWorker('the model file is damaged');
