/**
 * `npm run bench [-- name …] [-- --quick]`: discovers bench/cases/*.ts (each default-exports
 * `{ name, description, run(ctx) }`), runs them one after another (all, or those named), and writes
 * bench/results/latest.json and latest.md. A filtered run keeps the other cases' previous results.
 * `npx tsx bench/run.ts --markdown` only rewrites latest.md from latest.json.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineInfo, packageVersions, type MachineInfo } from './lib/machine.js';
import { round } from './lib/stats.js';
import { isLatency, type Aim, type BenchCase, type Figure } from './lib/types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CASES_DIR = join(ROOT, 'bench', 'cases');
const RESULTS_DIR = join(ROOT, 'bench', 'results');

interface CaseResult {
  name: string;
  description: string;
  ranAt: string;
  durationSeconds: number;
  /** 1, 5 and 15 minute load averages when this case started. */
  loadAverage?: number[];
  notes: string[];
  figures: Figure[];
  error?: string;
}

interface Report {
  date: string;
  quick: boolean;
  machine: MachineInfo;
  versions: Record<string, string>;
  cases: CaseResult[];
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function isBenchCase(value: unknown): value is BenchCase {
  const c = value as Partial<BenchCase> | undefined;
  return typeof c?.name === 'string' && typeof c.description === 'string' && typeof c.run === 'function';
}

async function discover(): Promise<BenchCase[]> {
  const files = (await readdir(CASES_DIR)).filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f)).sort();
  const cases: BenchCase[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(CASES_DIR, file)).href)) as { default?: unknown };
    if (!isBenchCase(mod.default)) {
      throw new Error(`bench/cases/${file} must default-export { name, description, run(ctx) }`);
    }
    cases.push(mod.default);
  }
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`two benchmarks are named ${c.name}`);
    names.add(c.name);
  }
  return cases;
}

function aimValue(figure: Figure, aim: Aim): number {
  if (aim.stat === 'value') {
    if (isLatency(figure)) throw new Error(`${figure.name}: a latency figure's aim needs a percentile stat`);
    return figure.value;
  }
  if (!isLatency(figure)) throw new Error(`${figure.name}: aim on ${aim.stat} needs a latency figure`);
  return figure[aim.stat];
}

function finish(figure: Figure): Figure {
  const rounded: Figure = isLatency(figure)
    ? {
        ...figure,
        p50: round(figure.p50),
        p95: round(figure.p95),
        p99: round(figure.p99),
        min: round(figure.min),
        max: round(figure.max),
      }
    : { ...figure, value: round(figure.value) };
  // Latency summaries may carry extra fields (mean): keep the documented shape only.
  if (isLatency(rounded)) delete (rounded as unknown as Record<string, unknown>).mean;
  if (rounded.aim) {
    const actual = aimValue(rounded, rounded.aim);
    rounded.met = rounded.aim.op === '<=' ? actual <= rounded.aim.target : actual >= rounded.aim.target;
  }
  return rounded;
}

function aimText(figure: Figure): string {
  if (!figure.aim) return '';
  const { stat, op, target } = figure.aim;
  return `${stat === 'value' ? '' : `${stat} `}${op === '<=' ? '≤' : '≥'} ${target}${figure.met ? ' ✅ met' : ' ❌ missed'}`;
}

function cell(text: string | number): string {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdown(report: Report): string {
  const m = report.machine;
  const lines = [
    '# Outpost benchmarks',
    '',
    `Written by \`npm run bench\` on ${report.date}${report.quick ? ' (**--quick**: shortened runs, not for comparison)' : ''}.`,
    '',
    '| machine | |',
    '| --- | --- |',
    `| CPU | ${cell(m.cpu)} |`,
    `| cores | ${m.cores} |`,
    `| memory | ${m.memoryGiB} GiB |`,
    `| OS | ${cell(m.os)} |`,
    `| Node | ${m.node} |`,
    `| load average at start (1/5/15 min) | ${m.loadAverage.join(' / ')} |`,
    '',
    '| package | version |',
    '| --- | --- |',
    ...Object.entries(report.versions).map(([k, v]) => `| ${k} | ${cell(v)} |`),
    '',
    'Latencies in milliseconds; percentiles by nearest rank.',
  ];
  for (const c of report.cases) {
    lines.push('', `## ${c.name}`, '', c.description, '');
    const load = c.loadAverage ? `, load average at start ${c.loadAverage.join(' / ')}` : '';
    lines.push(`Ran ${c.ranAt}, took ${c.durationSeconds} s${load}.`);
    for (const note of c.notes) lines.push(`- ${note}`);
    if (c.error) {
      lines.push('', `**Failed:** ${cell(c.error)}`);
      continue;
    }
    const latencies = c.figures.filter(isLatency);
    const values = c.figures.filter((f) => !isLatency(f));
    if (latencies.length > 0) {
      lines.push('', '| figure | p50 | p95 | p99 | min | max | samples | aim | note |');
      lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
      for (const f of latencies) {
        lines.push(
          `| ${cell(f.name)} | ${f.p50} | ${f.p95} | ${f.p99} | ${f.min} | ${f.max} | ${f.samples} | ${aimText(f)} | ${cell(f.note ?? '')} |`,
        );
      }
    }
    if (values.length > 0) {
      lines.push('', '| figure | value | unit | aim | note |', '| --- | ---: | --- | --- | --- |');
      for (const f of values) {
        if (isLatency(f)) continue;
        lines.push(`| ${cell(f.name)} | ${f.value} | ${f.unit} | ${aimText(f)} | ${cell(f.note ?? '')} |`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

async function previousCases(): Promise<CaseResult[]> {
  try {
    const report = JSON.parse(await readFile(join(RESULTS_DIR, 'latest.json'), 'utf8')) as Partial<Report>;
    return Array.isArray(report.cases) ? report.cases : [];
  } catch {
    return [];
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const unknownFlags = args.filter((a) => a.startsWith('-') && a !== '--quick' && a !== '--markdown');
  if (unknownFlags.length > 0) throw new Error(`unknown option ${unknownFlags.join(' ')} (known: --quick, --markdown)`);
  if (args.includes('--markdown')) {
    // Rewrites latest.md from latest.json alone: after two branches' results were joined by hand.
    const report = JSON.parse(await readFile(join(RESULTS_DIR, 'latest.json'), 'utf8')) as Report;
    await writeAtomically(join(RESULTS_DIR, 'latest.md'), markdown(report));
    log('wrote bench/results/latest.md from latest.json');
    return 0;
  }
  const wanted = args.filter((a) => !a.startsWith('-'));

  const machine = machineInfo();
  const all = await discover();
  const unknown = wanted.filter((w) => !all.some((c) => c.name === w));
  if (unknown.length > 0) {
    throw new Error(`no benchmark named ${unknown.join(', ')}; known: ${all.map((c) => c.name).join(', ')}`);
  }
  const selected = wanted.length > 0 ? all.filter((c) => wanted.includes(c.name)) : all;

  const results: CaseResult[] = [];
  for (const benchCase of selected) {
    log(`bench ${benchCase.name}: ${benchCase.description}`);
    const notes: string[] = [];
    const started = performance.now();
    const ranAt = new Date().toISOString();
    const loadAverage = loadavg().map((l) => Math.round(l * 100) / 100);
    let result: CaseResult;
    try {
      const figures = (await benchCase.run({ root: ROOT, quick, log, note: (n) => notes.push(n) })).map(finish);
      result = { name: benchCase.name, description: benchCase.description, ranAt, durationSeconds: 0, notes, figures };
      for (const f of figures) {
        const summary = isLatency(f)
          ? `p50 ${f.p50} p95 ${f.p95} p99 ${f.p99} ms (n=${f.samples})`
          : `${f.value} ${f.unit}`;
        log(`  ${f.name}: ${summary}${f.aim ? ` — aim ${aimText(f)}` : ''}`);
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log(`  FAILED: ${message}`);
      result = {
        name: benchCase.name,
        description: benchCase.description,
        ranAt,
        durationSeconds: 0,
        notes,
        figures: [],
      };
      result.error = message.split('\n').slice(0, 5).join('\n');
    }
    result.durationSeconds = Math.round((performance.now() - started) / 100) / 10;
    result.loadAverage = loadAverage;
    results.push(result);
  }

  // A filtered run replaces only the cases it ran; the others keep their last results (and dates).
  const kept = wanted.length > 0 ? (await previousCases()).filter((c) => !wanted.includes(c.name)) : [];
  const order = new Map(all.map((c, i) => [c.name, i]));
  const cases = [...kept.filter((c) => order.has(c.name)), ...results].sort(
    (a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0),
  );

  const report: Report = {
    date: new Date().toISOString(),
    quick,
    machine,
    versions: await packageVersions(ROOT),
    cases,
  };
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeAtomically(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeAtomically(join(RESULTS_DIR, 'latest.md'), markdown(report));
  log(`wrote bench/results/latest.json and bench/results/latest.md`);

  const failed = results.filter((r) => r.error !== undefined);
  const missed = results.flatMap((r) => r.figures.filter((f) => f.met === false).map((f) => `${r.name}: ${f.name}`));
  if (missed.length > 0) log(`aims missed: ${missed.join('; ')}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
