// A git repository of 5,000+ commits for the history-scan benchmark, built with `git fast-import`
// from a seeded generator (same repository on every machine): source files in ten languages with
// realistic churn, feature branches merged back, an origin/main behind main, and keys planted where
// history scanners miss them: added then removed, only on an unmerged branch, only in a tag, in a
// merged branch then removed, in the newest and an older stash entry. The manifest keeps masked
// keys and where each one must be found, never the keys.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { LANGUAGES, Language, fileStem, folderName } from './corpusLanguages';
import { Random } from './random';

export const HISTORY_GENERATOR_VERSION = 1;
const SEED = 0x5eed1606;
const MAIN_COMMITS = 5100;

export interface PlantedHistoryKey {
  maskedKey: string;
  mode: 'live' | 'test';
  where: string;
  firstCommit: string;
  refs: string[];
  inHead: boolean;
  pushed: boolean;
}

export interface HistoryManifest {
  generatorVersion: number;
  commits: number;
  files: number;
  planted: PlantedHistoryKey[];
  /** Key-shaped placeholders in the history that must not be reported. */
  decoys: number;
}

interface FileState {
  language: Language;
  lines: string[];
}

interface Plan { where: string; mode: 'live' | 'test'; key: string; mark?: number; firstCommit?: string; refs: string[]; inHead: boolean; pushed: boolean }

/** The repository under `dir` (made when missing or from an older generator); returns its manifest. */
export function ensureHistoryRepo(dir: string, log: (message: string) => void = () => undefined): HistoryManifest {
  const manifestFile = path.join(dir, '..', `${path.basename(dir)}.manifest.json`);
  if (fs.existsSync(manifestFile) && fs.existsSync(path.join(dir, '.git'))) {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as HistoryManifest;
    if (manifest.generatorVersion === HISTORY_GENERATOR_VERSION) return manifest;
  }
  log(`generating the history repository (${MAIN_COMMITS}+ commits) in ${dir}`);
  const started = Date.now();
  const manifest = generateHistoryRepo(dir);
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
  log(`generated ${manifest.commits} commits, ${manifest.files} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return manifest;
}

function git(dir: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', input, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: '1700000000 +0000', GIT_COMMITTER_DATE: '1700000000 +0000' }, maxBuffer: 1 << 30 });
}

export function generateHistoryRepo(dir: string): HistoryManifest {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.email', 'bench@example.invalid']);
  git(dir, ['config', 'user.name', 'Bench']);
  const rng = new Random(SEED);
  const usedLast4 = new Set<string>();
  const makeKey = (mode: 'live' | 'test'): string => {
    for (;;) {
      const key = 'sk_' + mode + '_' + rng.alphanumeric(rng.int(24, 40));
      if (!usedLast4.has(key.slice(-4))) {
        usedLast4.add(key.slice(-4));
        return key;
      }
    }
  };
  const plans: Record<string, Plan> = {
    removed: { where: 'main, added then removed', mode: 'live', key: makeKey('live'), refs: [], inHead: false, pushed: true },
    pushedInHead: { where: 'main, pushed, still in HEAD', mode: 'live', key: makeKey('live'), refs: [], inHead: true, pushed: true },
    mergedRemoved: { where: 'merged feature branch, later removed', mode: 'test', key: makeKey('test'), refs: [], inHead: false, pushed: true },
    localInHead: { where: 'main, not pushed yet, in HEAD', mode: 'test', key: makeKey('test'), refs: [], inHead: true, pushed: false },
    branchOnly: { where: 'unmerged branch only', mode: 'live', key: makeKey('live'), refs: ['refs/heads/feature/billing-spike'], inHead: false, pushed: false },
    tagOnly: { where: 'annotated tag only', mode: 'live', key: makeKey('live'), refs: ['refs/tags/v2.3.0-rc1'], inHead: false, pushed: false },
    oldStash: { where: 'older stash entry (stash@{1})', mode: 'test', key: makeKey('test'), refs: ['stash@{1}'], inHead: false, pushed: false },
    topStash: { where: 'newest stash entry', mode: 'live', key: makeKey('live'), refs: ['refs/stash'], inHead: false, pushed: false },
  };

  const files = new Map<string, FileState>();
  const out: string[] = [];
  let mark = 0;
  let time = Date.UTC(2019, 0, 1) / 1000;
  let mainTip = 0;
  let commits = 0;
  let decoys = 0;
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const content = (file: FileState) => file.lines.join('\n') + '\n';
  const newFile = (): string => {
    const language = weightedLanguage(rng);
    const name = `${folderName(rng)}/${rng.chance(0.4) ? folderName(rng) + '/' : ''}${fileStem(rng)}.${language.ext}`;
    const lines = [...language.header(rng)];
    for (let i = rng.int(2, 12); i > 0; i--) lines.push(...language.block(rng));
    files.set(name, { language, lines });
    return name;
  };
  // Planted lines survive churn until the plan removes them.
  const active = new Set<string>();
  const churn = (name: string) => {
    const file = files.get(name)!;
    const kept = file.lines.filter((line) => [...active].some((key) => line.includes(key)));
    const at = rng.int(0, Math.max(0, file.lines.length - 1));
    const action = rng.next();
    if (action < 0.5) file.lines.splice(at, 0, ...file.language.block(rng));
    else if (action < 0.8) file.lines.splice(at, rng.int(1, 6), ...file.language.block(rng).slice(0, rng.int(1, 4)));
    else file.lines.splice(at, rng.int(1, 8));
    if (file.lines.length > 600) file.lines.splice(0, file.lines.length - 600);
    if (file.lines.length === 0) file.lines.push(...file.language.block(rng));
    for (const line of kept) if (!file.lines.includes(line)) file.lines.push(line);
  };
  const commit = (ref: string, from: number | undefined, merge: number | undefined, changes: string[], deletes: string[] = [], message = 'change'): number => {
    mark++;
    commits++;
    time += rng.int(600, 9000);
    out.push(`commit ${ref}\nmark :${mark}\nauthor Dev <dev@example.invalid> ${time} +0000\ncommitter Dev <dev@example.invalid> ${time} +0000\n${data(message)}`);
    if (from !== undefined) out.push(`from :${from}\n`);
    if (merge !== undefined) out.push(`merge :${merge}\n`);
    for (const name of deletes) out.push(`D ${name}\n`);
    for (const name of changes) out.push(`M 100644 inline ${name}\n${data(content(files.get(name)!))}`);
    out.push('\n');
    return mark;
  };
  const plant = (plan: Plan, name: string) => {
    const file = files.get(name)!;
    file.lines.splice(rng.int(0, file.lines.length), 0, file.language.tokenLine(rng, plan.key));
    active.add(plan.key);
  };
  const unplant = (plan: Plan, name: string) => {
    const file = files.get(name)!;
    file.lines = file.lines.filter((line) => !line.includes(plan.key));
    active.delete(plan.key);
  };

  // The first commit: a small project.
  const initial = Array.from({ length: 120 }, newFile);
  mainTip = commit('refs/heads/main', undefined, undefined, initial, [], 'initial import');
  const mainOrder: number[] = [mainTip];
  let originMark = 0;
  let spikeBase = 0;
  let tagBase = 0;
  let removedFile = '';
  const done = new Set<string>();
  let mergedFile = '';
  for (let i = 1; mainOrder.length < MAIN_COMMITS; i++) {
    if (i % 97 === 0) {
      // A feature branch of a few commits, merged back with a merge commit.
      const base = mainTip;
      let tip = base;
      const touched = new Set<string>();
      for (let j = rng.int(2, 6); j > 0; j--) {
        const name = rng.chance(0.3) ? newFile() : rng.pick([...files.keys()]);
        churn(name);
        if (i === 97 * 20 && j === 1) {
          plant(plans.mergedRemoved, name);
          mergedFile = name;
        }
        touched.add(name);
        tip = commit('refs/heads/main', tip, undefined, [name], [], 'feature work');
        if (i === 97 * 20 && j === 1) plans.mergedRemoved.mark = tip;
        mainOrder.push(tip);
      }
      mainTip = commit('refs/heads/main', base, tip, [...touched], [], 'Merge branch feature');
      mainOrder.push(mainTip);
      continue;
    }
    const changes = new Set<string>();
    const deletes: string[] = [];
    for (let n = rng.int(1, 4); n > 0; n--) {
      const name = rng.chance(0.03) ? newFile() : rng.pick([...files.keys()]);
      churn(name);
      changes.add(name);
    }
    if (rng.chance(0.01) && files.size > 150) {
      const holdsKey = (name: string) => files.get(name)!.lines.some((line) => [...active].some((key) => line.includes(key)));
      const victim = rng.pick([...files.keys()].filter((n) => !changes.has(n) && n !== removedFile && n !== mergedFile && !holdsKey(n)));
      files.delete(victim);
      deletes.push(victim);
    }
    if (rng.chance(0.004)) {
      // A documented placeholder: key-shaped, never a real key.
      const name = rng.pick([...changes]);
      files.get(name)!.lines.push(files.get(name)!.language.tokenLine(rng, 'sk_live_' + 'YOUR_KEY_HERE'), files.get(name)!.language.tokenLine(rng, 'sk_test_' + 'x'.repeat(24)));
      decoys += 2;
    }
    const n = mainOrder.length;
    // Feature branches advance the main line by several commits at once: each step happens once, at or after its position.
    const first = (step: string, at: number) => n >= at && !done.has(step) && done.add(step) !== undefined;
    let plantedHere: Plan | undefined;
    if (first('plant removed', 800)) {
      removedFile = [...changes][0];
      plant(plans.removed, removedFile);
      plantedHere = plans.removed;
    } else if (first('plant pushedInHead', 1500)) {
      plant(plans.pushedInHead, [...changes][0]);
      plantedHere = plans.pushedInHead;
    } else if (first('plant localInHead', 4700)) {
      plant(plans.localInHead, [...changes][0]);
      plantedHere = plans.localInHead;
    }
    if (first('remove removed', 1200)) {
      unplant(plans.removed, removedFile);
      changes.add(removedFile);
    }
    if (mergedFile && first('remove merged', 2600)) {
      unplant(plans.mergedRemoved, mergedFile);
      changes.add(mergedFile);
    }
    mainTip = commit('refs/heads/main', mainTip, undefined, [...changes], deletes.filter((d) => !changes.has(d)));
    if (plantedHere) plantedHere.mark = mainTip;
    mainOrder.push(mainTip);
    if (first('spike base', 2500)) spikeBase = mainTip;
    if (first('tag base', 3000)) tagBase = mainTip;
    if (first('origin', 4600)) originMark = mainTip;
  }
  // Mark order → position on the main line, for expected refs.
  const position = new Map(mainOrder.map((m, i) => [m, i]));
  const snapshot = new Map([...files].map(([name, state]) => [name, { language: state.language, lines: [...state.lines] }]));

  // An unmerged branch and a release commit reachable only from its tag.
  active.clear();
  const spikeFile = rng.pick([...files.keys()]);
  churn(spikeFile);
  let spike = commit('refs/heads/feature/billing-spike', spikeBase, undefined, [spikeFile], [], 'spike: try billing');
  plant(plans.branchOnly, spikeFile);
  spike = commit('refs/heads/feature/billing-spike', spike, undefined, [spikeFile], [], 'spike: wire the client');
  plans.branchOnly.mark = spike;
  const tagFile = rng.pick([...files.keys()]);
  plant(plans.tagOnly, tagFile);
  const release = commit('refs/heads/release-tmp', tagBase, undefined, [tagFile], [], 'release candidate');
  plans.tagOnly.mark = release;
  out.push(`tag v2.3.0-rc1\nfrom :${release}\ntagger Dev <dev@example.invalid> ${time} +0000\n${data('release candidate')}`);
  out.push(`reset refs/remotes/origin/main\nfrom :${originMark}\n\n`);
  // The files as they are on main again (the spike and the tag changed copies only).
  files.clear();
  snapshot.forEach((state, name) => files.set(name, state));

  const stream = path.join(dir, '..', `${path.basename(dir)}.fast-import`);
  fs.writeFileSync(stream, out.join(''));
  const marksFile = path.join(dir, '..', `${path.basename(dir)}.marks`);
  const imported = spawnSync('git', ['fast-import', '--quiet', `--export-marks=${marksFile}`], { cwd: dir, stdio: [fs.openSync(stream, 'r'), 'ignore', 'pipe'] });
  if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr?.toString().slice(0, 2000)}`);
  fs.rmSync(stream);
  const marks = new Map(fs.readFileSync(marksFile, 'utf8').trim().split('\n').map((line) => {
    const [m, sha] = line.split(' ');
    return [Number(m.slice(1)), sha] as const;
  }));
  fs.rmSync(marksFile);
  git(dir, ['update-ref', '-d', 'refs/heads/release-tmp']);
  git(dir, ['checkout', '-q', '-f', 'main']);

  // Two stash entries on top of main.
  for (const plan of [plans.oldStash, plans.topStash]) {
    const name = rng.pick([...files.keys()]);
    const file = path.join(dir, name);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8') + files.get(name)!.language.tokenLine(rng, plan.key) + '\n');
    git(dir, ['stash', 'push', '-q', '-m', plan.where]);
  }
  plans.oldStash.firstCommit = git(dir, ['rev-parse', 'stash@{1}']).trim();
  plans.topStash.firstCommit = git(dir, ['rev-parse', 'stash@{0}']).trim();
  git(dir, ['repack', '-a', '-d', '-q']);

  for (const plan of [plans.removed, plans.pushedInHead, plans.mergedRemoved, plans.localInHead]) {
    const at = position.get(plan.mark!)!;
    plan.refs = ['refs/heads/main', 'refs/stash', 'stash@{1}'];
    if (at <= position.get(originMark)!) plan.refs.push('refs/remotes/origin/main');
    if (at <= position.get(spikeBase)!) plan.refs.push('refs/heads/feature/billing-spike');
    if (at <= position.get(tagBase)!) plan.refs.push('refs/tags/v2.3.0-rc1');
  }
  const planted = Object.values(plans).map((plan): PlantedHistoryKey => ({
    maskedKey: `${plan.key.slice(0, 8)}…${plan.key.slice(-4)}`,
    mode: plan.mode,
    where: plan.where,
    firstCommit: plan.firstCommit ?? marks.get(plan.mark!)!,
    refs: [...plan.refs].sort(),
    inHead: plan.inHead,
    pushed: plan.pushed,
  }));
  return { generatorVersion: HISTORY_GENERATOR_VERSION, commits, files: files.size, planted, decoys };
}

function weightedLanguage(rng: Random): Language {
  const total = LANGUAGES.reduce((sum, l) => sum + l.weight, 0);
  let pick = rng.next() * total;
  for (const language of LANGUAGES) {
    pick -= language.weight;
    if (pick <= 0) return language;
  }
  return LANGUAGES[0];
}
