import { DEFAULT_REDACTION } from '../contract/index.js';
import type { Embedder } from './embed/index.js';
import type { SpikeObserver } from './minute-spikes.js';
import type { PipelineConfig } from './pipeline-types.js';
import {
  createClassifier,
  createInPlaceRedactor,
  createSpikeDetector,
  DEFAULT_PROTOTYPE_TEXTS,
  normalizeEvent,
  type NormalizedEvent,
  type RedactionChoice,
  type RedactInPlace,
  type SpikeParams,
} from './stages/index.js';

/**
 * An event ready to store: validated, cleaned, redacted and given a category by the rules;
 * `redactions` counts what each redaction rule replaced.
 */
export type PreparedEvent = NormalizedEvent & { category: string | null; redactions: Record<string, number> };

/** What classification looks at: the text, and the detection label and device. */
export type Classifiable = Pick<NormalizedEvent, 'message' | 'label' | 'device'>;

export interface PipelineStages {
  /**
   * Throws OutpostError invalid_input naming the field; nothing is stored then. `redaction` is the
   * source's choice (DEFAULT_REDACTION when absent); secrets are redacted whatever it says.
   */
  prepare(raw: unknown, now: number, redaction?: RedactionChoice): PreparedEvent;
  /** The category of a new group: rules, then similarity of its template to the labelled prototypes. */
  categorize(founder: Classifiable, template: string, vector: Float32Array | null): string | null;
  spikeDetector: SpikeObserver;
}

/**
 * Builds the stateless stages from the config: redaction patterns compiled once, the labelled
 * prototypes embedded once at start (with whichever embedder is active).
 */
export async function createPipelineStages(config: PipelineConfig, embedder: Embedder): Promise<PipelineStages> {
  const redactors = new Map<string, RedactInPlace>();
  const redactorFor = (choice: RedactionChoice): RedactInPlace => {
    const key = `${choice.personal ? 'p' : ''}${choice.network ? 'n' : ''}`;
    let redactor = redactors.get(key);
    if (!redactor) {
      redactor = createInPlaceRedactor({
        patterns: config.redaction.patterns,
        disable: config.redaction.disable,
        choice,
      });
      redactors.set(key, redactor);
    }
    return redactor;
  };
  // Built now, so a bad pattern in the settings stops start-up rather than the first event.
  redactorFor(DEFAULT_REDACTION);
  const labelled = Object.entries(DEFAULT_PROTOTYPE_TEXTS).flatMap(([category, texts]) =>
    texts.map((text) => ({ category, text })),
  );
  // The installation's own work (no tenant's): the labelled prototypes, once at start-up.
  const vectors = await embedder.embed(
    labelled.map((p) => p.text),
    '',
  );
  const classifier = createClassifier({
    rules: config.classifier.rules,
    prototypes: labelled.map((p, i) => ({ category: p.category, vector: vectors[i]! })),
    ...(config.classifier.minSimilarity === undefined ? {} : { minSimilarity: config.classifier.minSimilarity }),
  });
  const spikeDetector = createSpikeDetector(config.spike as Partial<SpikeParams>);
  const asEvent = (e: Classifiable): NormalizedEvent => ({
    externalId: null,
    time: 0,
    receivedAt: 0,
    severity: 'info',
    kind: 'log',
    attributes: {},
    media: [],
    textReplaced: 0,
    ...e,
  });

  return {
    prepare(raw, now, redaction = DEFAULT_REDACTION) {
      // One object from here to the store: normalize makes it, redaction and the category fill it in.
      const event = normalizeEvent(raw, now) as PreparedEvent;
      event.redactions = redactorFor(redaction)(event);
      event.category = classifier.classify(event).category;
      return event;
    },
    categorize: (founder, template, vector) =>
      classifier.classify(asEvent({ ...founder, message: template }), vector ?? undefined).category,
    spikeDetector,
  };
}
