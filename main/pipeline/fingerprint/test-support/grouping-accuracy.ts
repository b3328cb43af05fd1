/**
 * The LogPAI grouping accuracy (Zhu et al., "Tools and Benchmarks for Automated Log Parsing",
 * ICSE-SEIP 2019): a line is correct when the set of lines in its predicted group is exactly the set
 * of lines that share its true EventId. The truth is read here only, never by the miner.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvObjects } from './rfc4180.js';

export interface LabelledLine {
  content: string;
  eventId: string;
}

export interface LabelledSystem {
  system: string;
  lines: LabelledLine[];
}

export function loadLoghub(dir: string): LabelledSystem[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('_2k.log_structured.csv'))
    .sort()
    .map((name) => ({
      system: name.slice(0, -'_2k.log_structured.csv'.length),
      lines: parseCsvObjects(readFileSync(join(dir, name), 'utf8')).map((row) => ({
        content: row['Content'] ?? '',
        eventId: row['EventId'] ?? '',
      })),
    }));
}

export function groupingAccuracy(truth: readonly string[], predicted: readonly string[]): number {
  if (truth.length !== predicted.length) throw new Error('truth and prediction differ in length');
  if (truth.length === 0) return 1;
  const predictedGroups = indexGroups(predicted);
  const truthGroups = indexGroups(truth);
  let correct = 0;
  // Two groups are the same set exactly when they have the same size and one contains the other.
  for (const members of truthGroups.values()) {
    const first = members[0]!;
    const group = predictedGroups.get(predicted[first]!)!;
    if (group.length !== members.length) continue;
    if (members.every((line) => predicted[line] === predicted[first])) correct += members.length;
  }
  return correct / truth.length;
}

function indexGroups(labels: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((label, line) => {
    const members = groups.get(label);
    if (members === undefined) groups.set(label, [line]);
    else members.push(line);
  });
  return groups;
}
