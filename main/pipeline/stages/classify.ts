import { compileLinearRegex } from '../../../native/regex/index.js';
import { OutpostError, type FieldIssue } from '../../contract/index.js';
import type { NormalizedEvent } from './normalize.js';
import { DEFAULT_CLASSIFIER_RULES } from './classifier-defaults.js';

export interface ClassifierRule {
  category: string;
  /** `pattern` is a case-insensitive regular expression over the field's text. */
  match: { field: 'message' | 'label' | 'device'; pattern: string };
  tags?: string[];
}

export interface Classification {
  category: string | null;
  tags: string[];
  via: 'rule' | 'prototype' | null;
}

export interface Classifier {
  classify(event: NormalizedEvent, templateVector?: Float32Array): Classification;
}

export interface ClassifierOptions {
  /** Checked first, in order, before the default rules. */
  rules?: ClassifierRule[];
  /** Set false to use only `rules` (the defaults are then not consulted). */
  useDefaultRules?: boolean;
  /** Labelled vectors (e.g. embeddings of DEFAULT_PROTOTYPE_TEXTS); used when no rule matched. */
  prototypes?: { category: string; vector: Float32Array }[];
  /** Lowest cosine similarity for a prototype to count. */
  minSimilarity?: number;
}

export const DEFAULT_MIN_SIMILARITY = 0.55;

interface CompiledRule {
  category: string;
  field: ClassifierRule['match']['field'];
  regex: RegExp;
  tags: string[];
}

/** Users' patterns run on the linear-time engine; the built-in rules are ours and stay on V8's. */
const compileUserPattern = (pattern: string) => compileLinearRegex(pattern, 'i');
// eslint-disable-next-line no-restricted-syntax -- only the built-in rules (classifier-defaults.ts); user rules use compileLinearRegex
const compileBuiltinPattern = (pattern: string) => new RegExp(pattern, 'i');

function compileRules(
  rules: readonly ClassifierRule[],
  pathPrefix: string,
  compilePattern: (pattern: string) => RegExp,
): CompiledRule[] {
  return rules.map((rule, i) => {
    const issues: FieldIssue[] = [];
    const at = `${pathPrefix}.${i}`;
    if (typeof rule.category !== 'string' || rule.category.trim() === '') {
      issues.push({ path: `${at}.category`, message: 'Must be a non-empty name' });
    }
    if (!['message', 'label', 'device'].includes(rule.match?.field)) {
      issues.push({ path: `${at}.match.field`, message: 'Must be message, label or device' });
    }
    let regex: RegExp | null = null;
    try {
      regex = compilePattern(rule.match?.pattern);
    } catch (err) {
      issues.push({ path: `${at}.match.pattern`, message: `The pattern ${(err as Error).message}` });
    }
    if (issues.length > 0 || !regex) {
      const list = issues.map((x) => `${x.path}: ${x.message}`).join('; ');
      throw new OutpostError('invalid_input', `Classifier rule ${i + 1} is invalid: ${list}`, { issues });
    }
    return { category: rule.category.trim(), field: rule.match.field, regex, tags: rule.tags ?? [] };
  });
}

function normalised(vector: Float32Array): Float32Array | null {
  let sum = 0;
  for (const x of vector) sum += x * x;
  if (!(sum > 0) || !Number.isFinite(sum)) return null;
  const inv = 1 / Math.sqrt(sum);
  return vector.map((x) => x * inv);
}

/**
 * Rules first (user rules, then the defaults); when none matches and the group's template vector is
 * given, the most similar labelled prototype at or above `minSimilarity`.
 */
export function createClassifier(options: ClassifierOptions = {}): Classifier {
  const rules = [
    ...compileRules(options.rules ?? [], 'rules', compileUserPattern),
    ...(options.useDefaultRules === false
      ? []
      : compileRules(DEFAULT_CLASSIFIER_RULES, 'defaultRules', compileBuiltinPattern)),
  ];
  const minSimilarity = options.minSimilarity ?? DEFAULT_MIN_SIMILARITY;
  const prototypes: { category: string; vector: Float32Array }[] = [];
  for (const [i, p] of (options.prototypes ?? []).entries()) {
    const vector = normalised(p.vector);
    if (!vector) {
      throw new OutpostError('invalid_input', `Prototype ${i + 1} (${p.category}) has a zero or invalid vector`, {
        issues: [{ path: `prototypes.${i}.vector`, message: 'Must be a non-zero vector of finite numbers' }],
      });
    }
    prototypes.push({ category: p.category, vector });
  }

  return {
    classify(event, templateVector) {
      for (const rule of rules) {
        const text = event[rule.field];
        if (text !== null && rule.regex.test(text)) {
          return { category: rule.category, tags: [...rule.tags], via: 'rule' };
        }
      }
      if (!templateVector || prototypes.length === 0) return { category: null, tags: [], via: null };
      const query = normalised(templateVector);
      let best: { category: string; similarity: number } | null = null;
      for (const p of prototypes) {
        // Vectors of another model (another dimension) say nothing about this one.
        if (!query || p.vector.length !== query.length) continue;
        let dot = 0;
        for (let k = 0; k < query.length; k++) dot += query[k]! * p.vector[k]!;
        if (dot >= minSimilarity && (!best || dot > best.similarity)) best = { category: p.category, similarity: dot };
      }
      return best ? { category: best.category, tags: [], via: 'prototype' } : { category: null, tags: [], via: null };
    },
  };
}
