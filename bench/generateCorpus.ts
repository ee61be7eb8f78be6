// Deterministic benchmark corpus: 10,000 files (~100 MiB) in the languages of a typical repository,
// with near misses (`task_test_…`, `desk_live_…`, placeholders) and 100 planted real-looking keys at
// known lines. Keys are built at run time; none is written in this source.
//   npx tsx bench/generateCorpus.ts [--force] [dir]   (default dir: .bench/corpus)
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { folderName, fileStem, Language, LANGUAGES, MINIFIED_JS, TYPESCRIPT } from './corpusLanguages';
import { Random } from './random';

/** Bump when the output changes: an existing corpus with another version is regenerated. */
export const GENERATOR_VERSION = 4;
export const CORPUS_SEED = 0x1f2e3d4c;
export const CORPUS_FILES = 10_000;
export const CORPUS_BYTES = 100 * 1024 * 1024;
export const PLANTED_KEYS = 100;
const MINIFIED_FILES = 60;
const BINARY_FILES = 40;
const NEAR_MISS_LINES = 4_000;
// Under the extension's default `infinipost.scan.maxFileSizeKB` (2048), so every tool reads every file.
const MAX_FILE_BYTES = 1_900_000;
const BLOCK_OVERSHOOT = 430;

export type KeyMode = 'live' | 'test';
/** near-miss: no tool should report it; placeholder: key-shaped but not a key (pattern-only tools report it); embedded: `my_` + key shape. */
export type DecoyCategory = 'near-miss' | 'placeholder' | 'embedded';

export interface PlantedKey {
  file: string;
  /** 1-based. */
  line: number;
  mode: KeyMode;
  bodyLength: number;
}

export interface Decoy {
  file: string;
  line: number;
  kind: string;
  category: DecoyCategory;
}

export interface CorpusManifest {
  generatorVersion: number;
  seed: number;
  files: number;
  bytes: number;
  byExtension: Record<string, { files: number; bytes: number }>;
  planted: PlantedKey[];
  decoys: Decoy[];
  /** sha256 over every path and content, in order: two corpora with the same hash are identical. */
  contentHash: string;
  generatedAt: string;
  generationMs: number;
}

// The key prefix, assembled so no key-shaped literal appears in this file.
const SK = 's' + 'k_';

interface DecoyKind {
  kind: string;
  category: DecoyCategory;
  weight: number;
  make(rng: Random): string;
}

const mode = (rng: Random): KeyMode => (rng.chance(0.5) ? 'live' : 'test');
const DECOYS: readonly DecoyKind[] = [
  { kind: 'task_test_', category: 'near-miss', weight: 20, make: (rng) => 'task_test_' + rng.alphanumeric(rng.int(20, 32)) },
  { kind: 'desk_live_', category: 'near-miss', weight: 20, make: (rng) => 'desk_live_' + rng.alphanumeric(rng.int(20, 32)) },
  { kind: 'risk_/mask_', category: 'near-miss', weight: 10, make: (rng) => rng.pick(['risk_', 'mask_', 'disk_']) + mode(rng) + '_' + rng.alphanumeric(rng.int(20, 32)) },
  { kind: 'YOUR_KEY', category: 'near-miss', weight: 10, make: (rng) => SK + mode(rng) + '_' + rng.pick(['YOUR_KEY', 'YOUR_KEY_HERE', 'YOUR_SECRET_KEY']) },
  { kind: '...', category: 'near-miss', weight: 8, make: (rng) => SK + mode(rng) + '_' + rng.pick(['...', '\u2026', '****', '<your key>', 'xxx']) },
  { kind: 'short', category: 'near-miss', weight: 8, make: (rng) => SK + mode(rng) + '_' + rng.alphanumeric(rng.int(6, 12)) },
  { kind: 'x-filled', category: 'placeholder', weight: 2, make: (rng) => SK + mode(rng) + '_' + rng.pick(['x', 'X']).repeat(rng.int(24, 32)) },
  { kind: 'zeros', category: 'placeholder', weight: 1, make: (rng) => SK + mode(rng) + '_' + '0'.repeat(rng.int(24, 32)) },
  { kind: 'filler-word', category: 'placeholder', weight: 1, make: (rng) => SK + mode(rng) + '_' + 'YourSecretKeyHere' + String(rng.int(10000000, 99999999)) },
  { kind: 'redacted', category: 'placeholder', weight: 1, make: (rng) => SK + mode(rng) + '_' + rng.alphanumeric(rng.int(24, 30)) + '...' },
  { kind: 'my_ prefix', category: 'embedded', weight: 1, make: (rng) => rng.pick(['my_', 'old_', 'stripe_']) + SK + mode(rng) + '_' + rng.alphanumeric(rng.int(24, 32)) },
];

/** The default corpus folder. */
export function defaultCorpusDir(repoRoot: string): string {
  return path.join(repoRoot, '.bench', 'corpus');
}

/** Reads the manifest of an existing corpus of this generator version, or undefined. */
export function readManifest(dir: string): CorpusManifest | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestPath(dir), 'utf8')) as CorpusManifest;
    return manifest.generatorVersion === GENERATOR_VERSION && manifest.seed === CORPUS_SEED ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** The manifest lives next to the corpus, not in it, so no tool scans it. */
export function manifestPath(dir: string): string {
  return dir.replace(/[\\/]+$/, '') + '.manifest.json';
}

/** Generates the corpus unless one of this version is already there; returns its manifest. */
export function ensureCorpus(dir: string, options: { force?: boolean; log?: (message: string) => void } = {}): CorpusManifest {
  const existing = options.force ? undefined : readManifest(dir);
  if (existing && fs.existsSync(dir) && countFiles(dir) === existing.files) return existing;
  options.log?.(`generating the corpus in ${dir} (${CORPUS_FILES} files, ~${CORPUS_BYTES / 1024 / 1024} MiB)`);
  const manifest = generateCorpus(dir);
  options.log?.(`corpus ready: ${manifest.files} files, ${(manifest.bytes / 1024 / 1024).toFixed(1)} MiB in ${(manifest.generationMs / 1000).toFixed(1)} s`);
  return manifest;
}

interface PlannedFile {
  rel: string;
  language: Language | 'binary';
  bytes: number;
  crlf: boolean;
  injections: Array<{ text: (rng: Random) => string; record: (line: number) => void }>;
}

/** Writes the corpus into `dir` (emptied first) and its manifest next to it. */
export function generateCorpus(dir: string): CorpusManifest {
  const started = Date.now();
  const rng = new Random(CORPUS_SEED);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(manifestPath(dir), { force: true });

  // A tree of about 300 folders, two to four levels deep.
  const tops = ['services', 'packages', 'apps', 'libs', 'docs', 'config', 'scripts', 'vendor', 'tools', 'examples'];
  const folders: string[] = [];
  while (folders.length < 300) {
    const depth = rng.int(1, 3);
    const parts = [rng.pick(tops)];
    for (let i = 0; i < depth; i++) parts.push(folderName(rng));
    const folder = parts.join('/');
    if (!folders.includes(folder)) folders.push(folder);
  }

  // Which file is which kind, and how big.
  const kinds: Array<Language | 'binary'> = [];
  const totalWeight = LANGUAGES.reduce((sum, language) => sum + language.weight, 0);
  for (let i = 0; i < CORPUS_FILES - MINIFIED_FILES - BINARY_FILES; i++) {
    let roll = rng.next() * totalWeight;
    kinds.push(LANGUAGES.find((language) => (roll -= language.weight) < 0) ?? LANGUAGES[0]);
  }
  for (let i = 0; i < MINIFIED_FILES; i++) kinds.splice(rng.int(0, kinds.length), 0, MINIFIED_JS);
  for (let i = 0; i < BINARY_FILES; i++) kinds.splice(rng.int(0, kinds.length), 0, 'binary');
  const rawSizes = kinds.map((kind) => {
    if (kind === 'binary') return rng.int(2_000, 60_000);
    if (kind === MINIFIED_JS) return Math.exp(rng.normal(Math.log(250_000), 0.7));
    return Math.exp(rng.normal(Math.log(5_000), 1.1));
  });
  // Scale the text files so the whole corpus comes to CORPUS_BYTES.
  const fixed = rawSizes.reduce((sum, size, i) => sum + (kinds[i] === 'binary' ? size : 0), 0);
  const scalable = rawSizes.reduce((sum, size, i) => sum + (kinds[i] === 'binary' ? 0 : size), 0);
  const scale = (CORPUS_BYTES - fixed) / scalable;
  const used = new Set<string>();
  const planned: PlannedFile[] = kinds.map((language, i) => {
    const ext = language === 'binary' ? 'png' : language.ext;
    let rel: string;
    do {
      rel = `${rng.pick(folders)}/${fileStem(rng)}.${ext}`;
    } while (used.has(rel));
    used.add(rel);
    // Text files overshoot their size by about half a block (~430 bytes): aim that much lower.
    const bytes = language === 'binary' ? Math.round(rawSizes[i]) : Math.max(200, Math.min(MAX_FILE_BYTES, Math.round(rawSizes[i] * scale) - BLOCK_OVERSHOOT));
    const crlf = language !== 'binary' && ['txt', 'md', 'java', 'json'].includes(language.ext) && rng.chance(0.1);
    return { rel, language, bytes, crlf, injections: [] };
  });

  const manifest: CorpusManifest = {
    generatorVersion: GENERATOR_VERSION,
    seed: CORPUS_SEED,
    files: planned.length,
    bytes: 0,
    byExtension: {},
    planted: [],
    decoys: [],
    contentHash: '',
    generatedAt: new Date().toISOString(),
    generationMs: 0,
  };
  const textFiles = planned.filter((file) => file.language !== 'binary');

  // 100 keys in 100 different files: 24 to 40 random letters and digits, live or test.
  const keyFiles = new Set<PlannedFile>();
  while (keyFiles.size < PLANTED_KEYS) keyFiles.add(rng.pick(textFiles));
  for (const file of keyFiles) {
    const keyMode = mode(rng);
    const bodyLength = rng.int(24, 40);
    const body = rng.alphanumeric(bodyLength);
    file.injections.push({
      text: (lineRng) => (file.language as Language).tokenLine(lineRng, SK + keyMode + '_' + body),
      record: (line) => manifest.planted.push({ file: file.rel, line, mode: keyMode, bodyLength }),
    });
  }
  const decoyWeight = DECOYS.reduce((sum, decoy) => sum + decoy.weight, 0);
  for (let i = 0; i < NEAR_MISS_LINES; i++) {
    const file = rng.pick(textFiles);
    let roll = rng.next() * decoyWeight;
    const decoy = DECOYS.find((d) => (roll -= d.weight) < 0) ?? DECOYS[0];
    const token = decoy.make(rng);
    file.injections.push({
      text: (lineRng) => (file.language as Language).tokenLine(lineRng, token),
      record: (line) => manifest.decoys.push({ file: file.rel, line, kind: decoy.kind, category: decoy.category }),
    });
  }

  const hash = createHash('sha256');
  const madeDirs = new Set<string>();
  for (const file of planned) {
    const content = file.language === 'binary' ? binaryContent(rng, file.bytes) : Buffer.from(textContent(rng, file), 'utf8');
    const target = path.join(dir, file.rel);
    const folder = path.dirname(target);
    if (!madeDirs.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      madeDirs.add(folder);
    }
    fs.writeFileSync(target, content);
    hash.update(file.rel).update('\0').update(content);
    const ext = file.language === 'binary' ? 'png' : file.language.ext;
    const stats = (manifest.byExtension[ext] ??= { files: 0, bytes: 0 });
    stats.files++;
    stats.bytes += content.length;
    manifest.bytes += content.length;
  }
  manifest.planted.sort(byPlace);
  manifest.decoys.sort(byPlace);
  manifest.contentHash = hash.digest('hex');
  manifest.generationMs = Date.now() - started;
  fs.writeFileSync(manifestPath(dir), JSON.stringify(manifest, null, 1));
  return manifest;
}

/** A document of about `bytes` bytes of TypeScript with a few keys and near misses, for the typing benchmark. */
export function generateDocument(bytes: number, seed = 7): { text: string; keys: number } {
  const rng = new Random(seed);
  const lines = [...TYPESCRIPT.header(rng)];
  let size = 0;
  // One key and a handful of near misses per ~100 KB, as in a busy config-heavy file.
  let keys = 0;
  while (size < bytes) {
    const block = TYPESCRIPT.block(rng);
    if (rng.chance(0.02)) {
      block.splice(1, 0, TYPESCRIPT.tokenLine(rng, SK + mode(rng) + '_' + rng.alphanumeric(rng.int(24, 40))));
      keys++;
    }
    if (rng.chance(0.05)) block.splice(1, 0, TYPESCRIPT.tokenLine(rng, rng.pick(DECOYS).make(rng)));
    for (const line of block) size += line.length + 1;
    lines.push(...block);
  }
  return { text: lines.join('\n'), keys };
}

function byPlace(a: { file: string; line: number }, b: { file: string; line: number }): number {
  return a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
}

function textContent(rng: Random, file: PlannedFile): string {
  const language = file.language as Language;
  const lines = language.header(rng);
  const headerLines = lines.length;
  let size = lines.reduce((sum, line) => sum + line.length + 1, 0);
  const footer = language.footer?.() ?? [];
  if (language.minified) {
    // Bundles: long lines of 20-120 KB.
    let line = '';
    let lineLimit = rng.int(20_000, 120_000);
    while (size < file.bytes) {
      const part = language.block(rng)[0];
      line += part;
      size += part.length;
      if (line.length >= lineLimit) {
        lines.push(line);
        line = '';
        lineLimit = rng.int(20_000, 120_000);
        size++;
      }
    }
    if (line) lines.push(line);
    // Tokens go after a `;` inside an existing line (never the header line).
    for (const injection of file.injections) {
      const index = rng.int(headerLines, Math.max(headerLines, lines.length - 1));
      const target = lines[index] ?? '';
      const cut = target.indexOf(';', rng.int(0, target.length));
      const at = cut === -1 ? target.length : cut + 1;
      lines[index] = target.slice(0, at) + injection.text(rng) + target.slice(at);
      injection.record(index + 1);
    }
    return lines.join('\n') + '\n';
  }
  while (size < file.bytes) {
    for (const line of language.block(rng)) {
      lines.push(line);
      size += line.length + 1;
    }
  }
  lines.push(...footer);
  // Each token on a line of its own, after the header; several may land in one file.
  const placed = file.injections.map((injection) => ({ injection, at: rng.int(headerLines, lines.length), text: injection.text(rng) }));
  placed.sort((a, b) => a.at - b.at);
  const out: string[] = [];
  let next = 0;
  for (let i = 0; i <= lines.length; i++) {
    while (next < placed.length && placed[next].at === i) {
      out.push(placed[next].text);
      placed[next].injection.record(out.length);
      next++;
    }
    if (i < lines.length) out.push(lines[i]);
  }
  return out.join(file.crlf ? '\r\n' : '\n') + (file.crlf ? '\r\n' : '\n');
}

function binaryContent(rng: Random, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  // A PNG signature, then noise with NUL bytes early, as in real images.
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(buffer);
  for (let i = 12; i < bytes; i++) buffer[i] = rng.chance(0.05) ? 0 : rng.int(1, 255);
  return buffer;
}

function countFiles(dir: string): number {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

if (/generateCorpus\.[cm]?[tj]s$/.test(process.argv[1] ?? '')) {
  const args = process.argv.slice(2);
  // npm scripts run in the repository root.
  const dir = args.find((arg) => !arg.startsWith('--')) ?? defaultCorpusDir(process.cwd());
  ensureCorpus(path.resolve(dir), { force: args.includes('--force'), log: (message) => console.error(`[corpus] ${message}`) });
}
