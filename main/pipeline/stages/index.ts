/**
 * The pipeline's pure stages: normalize → redact → classify, spike detection and alert rules.
 * Each takes plain data and returns plain data; storing and wiring happen in the pipeline.
 */
export { normalizeEvent, MAX_MESSAGE_BYTES, MAX_NAME_LENGTH, type NormalizedEvent } from './normalize.js';
export { parseSeverity, severityRank } from './severity-names.js';
export {
  createRedactor,
  createInPlaceRedactor,
  builtinsOff,
  BUILTIN_REDACTIONS,
  REDACTION_CATEGORIES,
  type RedactionChoice,
  type BuiltinRedaction,
  type RedactionPattern,
  type RedactedEvent,
  type Redactor,
  type RedactInPlace,
} from './redact.js';
export {
  createClassifier,
  DEFAULT_MIN_SIMILARITY,
  type Classification,
  type Classifier,
  type ClassifierOptions,
  type ClassifierRule,
} from './classify.js';
export { DEFAULT_CLASSIFIER_RULES, DEFAULT_PROTOTYPE_TEXTS } from './classifier-defaults.js';
export {
  createSpikeDetector,
  DEFAULT_SPIKE_PARAMS,
  SpikeParamsSchema,
  type SpikeDetector,
  type SpikeParams,
  type SpikeVerdict,
} from './spikes.js';
export {
  evaluateAlertRules,
  type AlertCandidate,
  type AlertRule,
  type AlertSeverity,
  type AlertSignal,
} from './alert-rules.js';
