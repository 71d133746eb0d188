/**
 * Code probes, per grammar and on public repositories. For each: the whole code pass (each file
 * read, parsed once, every query of its page run) in total and per file, against detection of the
 * same tree, and the longest time the thread was held (the largest gap between ticks of a 1 ms
 * timer while the pass runs).
 *
 * - A synthetic unit of 2,000 files per grammar a built-in page parses (bench/codeSources.ts).
 * - ripgrep (Rust), flask (Python) and microservices-demo (Go, C#, Java, Python, JavaScript) from
 *   the snapshots in /work/.mirror when this machine has them (git archive into a temporary
 *   folder); otherwise the row says it was skipped.
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { detectFolder } from '../src/core/detect/detector';
import { DetectionCache } from '../src/core/detect/detectionCache';
import { EvidenceReader, evaluateUnit } from '../src/core/evidence/evaluate';
import { nestedUnitsOf } from '../src/core/evidence/checklistEvidence';
import type { Profile } from '../src/core/profiles/model';
import { buildChecklist } from '../src/core/review/checklist';
import { NodeFileSystem } from '../src/node/nodeFileSystem';
import { nodeSyntax } from '../src/node/grammars';
import { SYNTHETIC_UNITS } from './codeSources';

export interface CodeRow {
  measure: string;
  value: string;
  against: string;
  result: string;
}

/** Files per synthetic unit (BENCH_CODE_FILES makes a quick run smaller). */
const FILES = Number(process.env.BENCH_CODE_FILES) || 2000;
/** Rounds per tree: the first (the JIT cold, the grammar loaded if no row before loaded it) is reported apart. */
const ROUNDS = 4;
const HOLD_TARGET_MS = 50;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0)) + ' ms';

interface Pass {
  total: number;
  hold: number;
  /**
   * The longest hold counting only processor time: the gap, or the process's processor time during
   * it when that is less (on a loaded machine the OS takes the thread away, and a gap grows
   * without our code running). Processor time of all the process's threads, so an upper bound.
   */
  cpuHold: number;
  findings: number;
  /** Source files searched, summed over the units (from each unit's reason: "… in 120 source files"). */
  files: number;
  notChecked: number;
  units: number;
}

/** Detection of `dir` and one code pass over every unit with code probes, `ROUNDS` times, nothing reused between rounds. */
async function measure(dir: string, profiles: Profile[]): Promise<{ detect: number; first: Pass; rest: Pass[] }> {
  const detections: number[] = [];
  const passes: Pass[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const files = new DetectionCache(new NodeFileSystem(dir));
    const start = process.hrtime.bigint();
    const folder = await detectFolder(files, 'bench', { root: 'bench' });
    detections.push(Number(process.hrtime.bigint() - start) / 1e6);
    const { units } = buildChecklist({ folders: [folder] }, profiles, new Map());
    const reader = new EvidenceReader(files, undefined, nodeSyntax());
    let last = performance.now();
    let lastCpu = process.cpuUsage();
    let hold = 0;
    let cpuHold = 0;
    const tick = () => {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      hold = Math.max(hold, now - last);
      cpuHold = Math.max(cpuHold, Math.min(now - last, (cpu.user + cpu.system) / 1000));
      last = now;
      lastCpu = process.cpuUsage();
    };
    const timer = setInterval(tick, 1);
    const pass: Pass = { total: 0, hold: 0, cpuHold: 0, findings: 0, files: 0, notChecked: 0, units: 0 };
    const passStart = process.hrtime.bigint();
    for (const unit of units) {
      const items = unit.items
        .filter((item) => item.probe && 'code' in item.probe && item.probe.code.query)
        .map((item) => ({ id: item.id, evidence: item.probe }));
      if (items.length === 0) continue;
      pass.units++;
      const result = await evaluateUnit(reader, unit.path, items, { nestedUnits: nestedUnitsOf(unit, units) });
      const evidence = [...result.results.values()];
      pass.findings += evidence.reduce((sum, one) => sum + (one.total ?? 0), 0);
      pass.notChecked += evidence.filter((one) => one.status === 'not-checked').length;
      const searched = evidence.map((one) => /in (\d+) source files?$/.exec(one.reason ?? '')?.[1]).find(Boolean);
      pass.files += Number(searched ?? 0);
    }
    pass.total = Number(process.hrtime.bigint() - passStart) / 1e6;
    clearInterval(timer);
    tick();
    pass.hold = hold;
    pass.cpuHold = cpuHold;
    passes.push(pass);
  }
  const [first, ...rest] = passes;
  return { detect: median(detections.slice(1)), first, rest };
}

function rowOf(measure: string, result: { detect: number; first: Pass; rest: Pass[] }): CodeRow {
  const total = median(result.rest.map((pass) => pass.total));
  const hold = Math.max(...result.rest.map((pass) => pass.hold));
  const cpuHold = Math.max(...result.rest.map((pass) => pass.cpuHold));
  const [pass] = result.rest;
  const perFile = pass.files > 0 ? `${(total / pass.files).toFixed(2)} ms per file` : 'no file searched';
  const notChecked = pass.notChecked > 0 ? `, ${pass.notChecked} not checked` : '';
  return {
    measure: `${measure}: ${pass.files} files in ${pass.units} unit${pass.units === 1 ? '' : 's'}, ${pass.findings} findings${notChecked}`,
    value: `${fmt(total)} (${perFile}); cold first round ${fmt(result.first.total)}; longest hold ${fmt(hold)} (on the processor ${fmt(cpuHold)})`,
    against: `detection of the same tree ${fmt(result.detect)}`,
    result: `${(total / result.detect).toFixed(0)}× detection, median of ${result.rest.length} rounds; hold ${hold <= HOLD_TARGET_MS ? 'within' : 'OVER'} ${HOLD_TARGET_MS} ms, on the processor ${cpuHold <= HOLD_TARGET_MS ? 'within' : 'OVER'}`,
  };
}

async function syntheticRows(profiles: Profile[]): Promise<CodeRow[]> {
  const rows: CodeRow[] = [];
  for (const unit of SYNTHETIC_UNITS) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `stack-guide-bench-code-${unit.ecosystem}-`));
    try {
      for (const [name, text] of Object.entries(unit.manifest)) fs.writeFileSync(path.join(dir, name), text);
      for (let i = 0; i < FILES; i++) {
        const file = path.join(dir, ...unit.path(i).split('/'));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // One file in fifty has a finding, so the pass reports some.
        fs.writeFileSync(file, unit.source(i, i % 50 === 0));
      }
      rows.push(rowOf(`code probes, synthetic ${unit.ecosystem} unit (${unit.grammar} grammar)`, await measure(dir, profiles)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

/** The public repositories, as fetched on this machine: a bare git directory and the paths to take from it. */
const REPOSITORIES: { name: string; gitDir: string; paths: (gitDir: string) => string[] }[] = [
  { name: 'BurntSushi/ripgrep', gitDir: '/work/.mirror/BurntSushi+ripgrep/repo', paths: () => [] },
  { name: 'pallets/flask', gitDir: '/work/.mirror/pallets+flask/repo', paths: () => [] },
  {
    name: 'GoogleCloudPlatform/microservices-demo (src/)',
    gitDir: '/work/.mirror/GoogleCloudPlatform+microservices-demo/repo',
    // The whole archive stops at a blob missing from the snapshot; each service folder is whole.
    paths: (gitDir) =>
      execSync(`git --git-dir=${JSON.stringify(gitDir)} ls-tree --name-only HEAD src/`, { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean),
  },
];

async function repositoryRows(profiles: Profile[]): Promise<CodeRow[]> {
  const rows: CodeRow[] = [];
  for (const repository of REPOSITORIES) {
    const measureName = `code probes, ${repository.name}`;
    if (!fs.existsSync(repository.gitDir)) {
      rows.push({ measure: measureName, value: 'skipped: snapshot not on this machine', against: repository.gitDir, result: '—' });
      continue;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-guide-bench-repo-'));
    try {
      const gitDir = JSON.stringify(repository.gitDir);
      const commit = execSync(`git --git-dir=${gitDir} rev-parse --short HEAD`, { encoding: 'utf8' }).trim();
      const paths = repository.paths(repository.gitDir);
      for (const part of paths.length > 0 ? paths : [''])
        execSync(`git --git-dir=${gitDir} archive HEAD ${part ? JSON.stringify(part) : ''} 2>/dev/null | tar -x -C ${JSON.stringify(dir)}`);
      rows.push(rowOf(`${measureName} at ${commit}`, await measure(dir, profiles)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export async function codeRows(profiles: Profile[]): Promise<CodeRow[]> {
  return [...(await syntheticRows(profiles)), ...(await repositoryRows(profiles))];
}
