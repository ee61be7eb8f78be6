// Property tests for the detection engine and the refactor's text transform: random documents
// with keys planted at random positions and in random syntactic contexts. The seed is fixed and
// the run counts bounded, so a failure reproduces and the file stays fast; fast-check prints the
// shrunk counterexample. Keys are generated at run time (never a key-shaped literal here).
import * as assert from 'assert';
import fc from 'fast-check';
import * as ts from 'typescript';
import { applyChanges } from '../../src/core/envReadRefactor';
import { planEnvReadRefactor, planEnvReadRefactorAll } from '../support/envReadPlans';
import { detectKeys, lineStarts, placeholderReason, positionAt } from '../../src/core/keyDetector';
import { KEY_PREFIX_LENGTH, KeyMode, MIN_KEY_BODY_LENGTH, keyPrefix } from '../../src/core/keyTypes';
import { randomBody, seededRandom } from '../support/testKeys';

/** Change with INFINIPOST_PROPERTY_SEED to explore; the default keeps `npm test` reproducible. */
const SEED = Number(process.env.INFINIPOST_PROPERTY_SEED ?? 20261127);
const RUNS = 150;
const settings = (numRuns = RUNS): fc.Parameters<unknown> => ({ seed: SEED, numRuns });
const VARIABLE = 'INFINIPOST_API_KEY';

// ---- generators: keys, placeholders, contexts --------------------------------------------------

const modeArb: fc.Arbitrary<KeyMode> = fc.constantFrom('live', 'test');

/** A realistic key body: random letters and digits, 16 to 120 long (longer than gitleaks' 99 cap), never a placeholder. */
const realBodyArb = fc
  .record({ seed: fc.integer(), length: fc.integer({ min: MIN_KEY_BODY_LENGTH, max: 120 }) })
  .map(({ seed, length }) => randomBody(length, seededRandom(seed)))
  .filter((body) => placeholderReason(body) === undefined);

const keyArb = fc.record({ mode: modeArb, body: realBodyArb }).map(({ mode, body }) => keyPrefix(mode) + body);

const naturalCase = (word: string): fc.Arbitrary<string> =>
  fc.constantFrom(word, word[0].toUpperCase() + word.slice(1), word.toUpperCase());

/** Key-shaped strings people write in docs and samples; none of them may be reported. */
const placeholderArb: fc.Arbitrary<string> = fc.oneof(
  // The body stops at `_ - . < * space`: too short to be a key.
  fc.tuple(modeArb, fc.constantFrom('YOUR_KEY', '...', '<your key>', '****', 'xxxx-xxxx', '{{API_KEY}}', '${KEY}', '')).map(([m, rest]) => keyPrefix(m) + rest),
  // Repeated characters and patterns.
  fc.tuple(modeArb, fc.constantFrom('x', 'X', '0', '1', 'a'), fc.integer({ min: 16, max: 48 })).map(([m, c, n]) => keyPrefix(m) + c.repeat(n)),
  fc.tuple(modeArb, fc.constantFrom('abc123', 'a1b2', 'Xy9', '1234'), fc.integer({ min: 6, max: 12 })).map(([m, p, n]) => keyPrefix(m) + p.repeat(n)),
  // Sequences.
  fc.tuple(modeArb, fc.constantFrom('abcdefghijklmnopqrst', '0123456789012345678', 'ABCDEFGHIJKLMNOPQR', 'zyxwvutsrqponmlkjih')).map(([m, s]) => keyPrefix(m) + s),
  // Filler words inside an otherwise random body.
  fc
    .tuple(modeArb, realBodyArb, fc.oneof(naturalCase('example'), naturalCase('sample'), naturalCase('placeholder'), naturalCase('redacted'), naturalCase('changeme'), fc.constant('YourSecretKeyHere')), fc.nat())
    .map(([m, body, word, at]) => {
      const cut = at % (body.length + 1);
      return keyPrefix(m) + body.slice(0, cut) + word + body.slice(cut);
    }),
  // A real-looking body that was shortened for a doc or a log line.
  fc.tuple(modeArb, realBodyArb, fc.constantFrom('…', '...', '***', '•••', '●●●●')).map(([m, body, mark]) => keyPrefix(m) + body + mark),
  // Masked with x at either end.
  fc.tuple(modeArb, realBodyArb, fc.boolean()).map(([m, body, atEnd]) => keyPrefix(m) + (atEnd ? body.slice(0, 16) + 'xxxx' : 'XXXX' + body.slice(0, 16))),
  // Too short to be a key.
  fc.tuple(modeArb, fc.integer({ min: 0, max: MIN_KEY_BODY_LENGTH - 1 }), fc.integer()).map(([m, n, seed]) => keyPrefix(m) + randomBody(n, seededRandom(seed)).slice(0, n)),
  // Part of a longer word: no left boundary.
  fc.tuple(fc.constantFrom('ta', 'de', 'my_', 'X', '9', '_'), modeArb, realBodyArb).map(([before, m, body]) => before + keyPrefix(m) + body),
);

/** Where keys get pasted: the text before and after. Closers never start with a letter, digit or a redaction mark. */
const CONTEXTS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'], ["'", "'"], ['`', '`'], ['key=', ''], ['API_KEY: ', ''], ['Authorization: Bearer ', ''],
  ['(', ')'], ['[', ']'], ['{"apiKey":"', '"}'], ['<', '>'], ['--api-key=', ''], ['$', ''], ['-', '-'],
  ['"line\\n', '"'], ['"tab\\t', '\\n"'], ['https://x.test/?key%3D', '&a=1'], ['# ', ''], ['// ', ''], ['/* ', ' */'],
  ['<!-- ', ' -->'], ['ключ=', ';'], ['😀', '😀'], [',', ','], [':', ';'], ['|', '|'], ['Use ', '.'], ['(', ').'],
  ['<key>', '</key>'], ['\t', '\t'], ['', ''],
];
const contextArb = fc.constantFrom(...CONTEXTS);

/** Random text that cannot itself hold a key prefix or a suppression comment. */
const SUPPRESSION = /infinipost-ignore|gitleaks|pragma|secretlint|trufflehog/i;
const fillerArb = fc.oneof(
  fc
    .oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.string({ unit: fc.constantFrom('s', 'k', '_', 'l', 'i', 'v', 'e', 't', 'x', '.', '*', '…', '\\', '%', '3', 'D', '"', "'", ' '), maxLength: 30 }),
    )
    .filter((text) => !text.includes('k_') && !SUPPRESSION.test(text)),
  // Near misses: prefixes without a body, or inside other words.
  fc.constantFrom('const x = 1;', 'if (a < b) { return; }', '<div class="k">', 'ask_me', 'desk_', 'sk_', 'sk_live', 'sk_test_', '%3D', 'task_test_'),
);

const separatorArb = fc.constantFrom(' ', '\n', '\r\n', '\r', '\t', ' \n', '\n\n');

type Segment = { kind: 'key'; text: string; key: string; offset: number } | { kind: 'placeholder'; text: string } | { kind: 'filler'; text: string };

const segmentArb: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(contextArb, keyArb).map(([[open, close], key]): Segment => ({ kind: 'key', text: open + key + close, key, offset: open.length })) },
  { weight: 2, arbitrary: fc.tuple(contextArb, placeholderArb).map(([[open, close], text]): Segment => ({ kind: 'placeholder', text: open + text + close })) },
  { weight: 3, arbitrary: fillerArb.map((text): Segment => ({ kind: 'filler', text })) },
);

interface Planted {
  text: string;
  keys: Array<{ start: number; end: number; key: string; mode: KeyMode }>;
  placeholders: number;
}

/** Joins segments with whitespace and records where each planted key landed. */
const documentArb: fc.Arbitrary<Planted> = fc
  .array(fc.tuple(segmentArb, separatorArb), { maxLength: 40 })
  .map((parts) => {
    let text = '';
    const keys: Planted['keys'] = [];
    let placeholders = 0;
    for (const [segment, separator] of parts) {
      if (segment.kind === 'key') {
        const start = text.length + segment.offset;
        keys.push({ start, end: start + segment.key.length, key: segment.key, mode: segment.key.startsWith(keyPrefix('live')) ? 'live' : 'test' });
      }
      if (segment.kind === 'placeholder') placeholders++;
      text += segment.text + separator;
    }
    return { text, keys, placeholders };
  });

// ---- detection ---------------------------------------------------------------------------------

describe('properties: key detection', () => {
  it('reports every planted key exactly once, with its exact range, and no placeholder', () => {
    fc.assert(
      fc.property(documentArb, ({ text, keys }) => {
        const result = detectKeys(text);
        assert.deepStrictEqual(result.findings, keys);
        assert.strictEqual(result.truncated, false);
      }),
      settings(),
    );
  });

  it('maps every finding to a line and column whose text is exactly the key, whatever the line endings', () => {
    fc.assert(
      fc.property(documentArb, ({ text, keys }) => {
        const starts = lineStarts(text);
        const lines = text.split(/\r\n|\r|\n/);
        assert.strictEqual(starts.length, lines.length);
        for (const key of keys) {
          const { line, character } = positionAt(starts, key.start);
          assert.strictEqual(lines[line].slice(character, character + key.key.length), key.key);
        }
      }),
      settings(),
    );
  });

  it('stops at maxFindings with the first keys of the document and says so', () => {
    fc.assert(
      fc.property(documentArb, fc.integer({ min: 0, max: 10 }), ({ text, keys }, max) => {
        const result = detectKeys(text, { maxFindings: max });
        assert.deepStrictEqual(result.findings, keys.slice(0, max));
        assert.strictEqual(result.truncated, keys.length > max);
      }),
      settings(),
    );
  });

  it('leaves allowed keys alone, listed whole or as their body', () => {
    fc.assert(
      fc.property(documentArb, fc.nat(), fc.boolean(), ({ text, keys }, pick, asBody) => {
        fc.pre(keys.length > 0);
        const allowed = keys[pick % keys.length].key;
        const entry = asBody ? allowed.slice(keyPrefix('live').length) : allowed;
        const result = detectKeys(text, { allow: [entry] });
        assert.deepStrictEqual(result.findings, keys.filter((k) => k.key !== allowed));
      }),
      settings(),
    );
  });

  it('never throws on arbitrary text, and every finding is a well-formed key with boundaries', () => {
    const fragment = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('sk_', 'k_', 's', 'live_', 'test_', '_', '\\n', '\\', '%3D', '%', '…', '.', '*', '\r\n', '\n', 'x', '😀', '\uD800'),
      realBodyArb,
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const { findings } = detectKeys(text);
        let last = -1;
        for (const f of findings) {
          assert.ok(f.start > last, 'findings are sorted and do not overlap');
          last = f.end - 1;
          assert.strictEqual(text.slice(f.start, f.end), f.key);
          assert.ok(f.key.startsWith(keyPrefix(f.mode)));
          assert.match(f.key.slice(KEY_PREFIX_LENGTH), new RegExp(`^[A-Za-z0-9]{${MIN_KEY_BODY_LENGTH},}$`));
          assert.ok(!/[A-Za-z0-9]/.test(text[f.end] ?? ''), 'the body runs to its end');
        }
      }),
      settings(300),
    );
  });
});

// ---- refactor ----------------------------------------------------------------------------------

type Lang = 'javascript' | 'typescript' | 'typescriptreact';
const SCRIPT_KIND: Record<Lang, ts.ScriptKind> = { javascript: ts.ScriptKind.JS, typescript: ts.ScriptKind.TS, typescriptreact: ts.ScriptKind.TSX };

function parseErrors(lang: Lang, code: string): string[] {
  const file = ts.createSourceFile(`check.${lang === 'javascript' ? 'js' : lang === 'typescript' ? 'ts' : 'tsx'}`, code, ts.ScriptTarget.Latest, true, SCRIPT_KIND[lang]);
  const diagnostics = (file as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** A statement holding `@K@` where a key goes; `langs` limits where it is valid syntax. */
interface KeyStatement {
  code: string;
  langs?: readonly Lang[];
}

// Everyday places for a key in JS/TS: the refactor should handle each of them.
const PLAIN_KEY_STATEMENTS: readonly KeyStatement[] = [
  { code: 'const apiKey = "@K@";' },
  { code: "const apiKey = '@K@';" },
  { code: 'const apiKey = `@K@`;' },
  { code: 'const auth = "Bearer @K@";' },
  { code: "const auth = 'Bearer ' + '@K@';" },
  { code: 'const auth = `Bearer ${prefix} @K@`;' },
  { code: 'client({ apiKey: "@K@", timeout: 5 });' },
  { code: 'connect("@K@", { retries: 2 });' },
  { code: "const keys = ['@K@', 'other'];" },
  { code: 'const url = "https://api.test/v1?key=@K@&x=1";' },
  { code: 'const value = ready ? "@K@" : undefined;' },
  { code: 'headers["Authorization"] = `Bearer @K@`;' },
  { code: 'const line = "first\\n@K@";' },
  { code: "const said = 'it\\'s @K@';" },
  { code: 'const quoted = "a \\"b\\" @K@";' },
  { code: 'const h = { "X-Key": "@K@" };' },
  { code: 'module.exports = { key: "@K@" };', langs: ['javascript'] },
  { code: 'export const KEY = "@K@";', langs: ['typescript', 'typescriptreact'] },
  { code: 'let typed: string = "@K@";', langs: ['typescript', 'typescriptreact'] },
  { code: 'function make(key = "@K@") { return key; }' },
  { code: 'class Client { key = "@K@"; }' },
  { code: 'const el = <Widget apiKey="@K@" />;', langs: ['typescriptreact'] },
  { code: "const el = <a title='@K@'>it's here</a>;", langs: ['typescriptreact'] },
];

// Unusual places: member names, module specifiers, types, regexes, JSX text, escapes, tagged
// templates. The refactor may refuse any of them (the caller then offers the .env fix), but a plan
// it does produce must leave a file that parses.
const UNUSUAL_KEY_STATEMENTS: readonly KeyStatement[] = [
  { code: 'class A { "@K@"() { return 1; } }' },
  { code: 'class A { "@K@" = 1; }' },
  { code: 'const o = { "@K@"() { return 1; } };' },
  { code: 'const o = { get "@K@"() { return 1; } };' },
  { code: 'const o = { async "@K@"() {} };' },
  { code: 'const o = { ["@K@"]: 1 };' },
  { code: 'const { "@K@": renamed } = source;' },
  { code: 'x = obj?.["@K@"];' },
  { code: 'if ("@K@" in obj) { go(); }' },
  { code: 'const t = tag`@K@`;' },
  { code: 'const t = tag`x ${y} @K@`;' },
  { code: 'import { "@K@" as imported } from "m";' },
  { code: 'export { local as "@K@" };' },
  { code: 'import data from "./data.json" with { type: "@K@" };' },
  { code: 'const m = require("@K@");' },
  { code: 'type T = "@K@";', langs: ['typescript', 'typescriptreact'] },
  // `as const` keeps a literal type: the refactor refuses it (an env read is a plain string).
  { code: 'const k = "@K@" as const;', langs: ['typescript', 'typescriptreact'] },
  { code: 'type U = `@K@`;', langs: ['typescript', 'typescriptreact'] },
  { code: 'let typed: { "@K@": 1 };', langs: ['typescript', 'typescriptreact'] },
  { code: 'enum E { "@K@" = 1 }', langs: ['typescript', 'typescriptreact'] },
  { code: 'declare module "@K@" {}', langs: ['typescript', 'typescriptreact'] },
  { code: '/// <reference path="@K@" />' },
  { code: '"use @K@";' },
  { code: 'const r = /@K@/;' },
  { code: 'const q = a / "@K@" / b;' },
  { code: '/** @type {"@K@"} */ let documented;' },
  { code: "const s = 'a\\\n@K@';" },
  { code: 'const s = "@K@\\u0041";' },
  { code: 'const s = "\\\\@K@";' },
  { code: 'const s = "${@K@}";' },
  { code: 'const s = "`@K@`";' },
  { code: 'label: { "@K@"; }' },
  { code: 'x = "@K@"\n(1)' },
  { code: 'const e = <p>@K@</p>;', langs: ['typescriptreact'] },
  { code: 'const e = <p a={`@K@`}>it\'s</p>;', langs: ['typescriptreact'] },
  { code: 'const e = <p>it\'s {"@K@"}</p>;', langs: ['typescriptreact'] },
  { code: 'const e = <p>"</p>; const k = "@K@";', langs: ['typescriptreact'] },
];

// Code around the keys that a small lexer can trip on: quotes in regexes, comments and JSX text, division.
const FILLER_STATEMENTS: readonly KeyStatement[] = [
  { code: 'let count = 42;' },
  { code: '// it\'s a comment with "quotes" and `ticks`' },
  { code: '/* block comment\n   spanning lines with \' and " */' },
  { code: 'const re = /it\'s "quoted"/g;' },
  { code: 'const ratio = total / parts / 2;' },
  { code: "const slash = path.replace(/\\//g, '\"');" },
  { code: 'const tpl = `a ${b + "}"} c`;' },
  { code: 'function twice(x) { return x * 2; }', langs: ['javascript'] },
  { code: 'function twice(x: number): number { return x * 2; }', langs: ['typescript', 'typescriptreact'] },
  { code: 'if (a < b && c > d) { go(); }' },
  { code: "const o2 = { a: 1, 'b': \"2\" };" },
  { code: 'const s = "// not a comment";' },
  { code: "const e = '/* not a comment either */';" },
  { code: 'const view = <p>Don\'t "panic"</p>;', langs: ['typescriptreact'] },
  { code: 'type Pair = [string, number];', langs: ['typescript', 'typescriptreact'] },
];

const langArb: fc.Arbitrary<Lang> = fc.constantFrom('javascript', 'typescript', 'typescriptreact');
const newlineArb = fc.constantFrom('\n', '\r\n');

/** A program of filler and key statements for one language, with the keys it holds. */
function programArb(keyStatements: readonly KeyStatement[]): fc.Arbitrary<{ lang: Lang; text: string; keys: string[] }> {
  return fc.tuple(langArb, newlineArb).chain(([lang, nl]) => {
    const valid = (s: KeyStatement) => !s.langs || s.langs.includes(lang);
    const statement = fc.oneof(
      fc.tuple(fc.constantFrom(...keyStatements.filter(valid)), keyArb).map(([s, key]) => ({ code: s.code.replace('@K@', key), key })),
      fc.constantFrom(...FILLER_STATEMENTS.filter(valid)).map((s) => ({ code: s.code, key: undefined as string | undefined })),
    );
    return fc.array(statement, { minLength: 1, maxLength: 12 }).map((statements) => ({
      lang,
      text: statements.map((s) => s.code.replace(/\n/g, nl)).join(nl) + nl,
      keys: statements.flatMap((s) => (s.key ? [s.key] : [])),
    }));
  });
}

/** Runs the refactor over every key the detector finds; undefined when the refactor refuses. */
function refactorAll(lang: Lang, text: string): string | undefined {
  const changes = planEnvReadRefactorAll(text, lang, detectKeys(text).findings, VARIABLE);
  return changes === undefined ? undefined : applyChanges(text, changes);
}

function checkRefactored(lang: Lang, original: string, keys: readonly string[], output: string): void {
  assert.deepStrictEqual(parseErrors(lang, output), [], `the refactored ${lang} must still parse:\n${output}`);
  for (const key of keys) assert.ok(!output.includes(key.slice(8, 20)), 'no part of a moved key is left');
  assert.deepStrictEqual(detectKeys(output).findings, []);
  assert.ok(output.includes(`process.env.${VARIABLE}`));
  // A second pass finds nothing to do and changes nothing.
  assert.deepStrictEqual(planEnvReadRefactorAll(output, lang, detectKeys(output).findings, VARIABLE), []);
  assert.strictEqual(refactorAll(lang, output), output);
  // Line endings stay as they were.
  if (original.includes('\r\n')) assert.ok(!/[^\r]\n/.test(output), 'CRLF file keeps CRLF');
}

describe('properties: env-read refactor (JS/TS)', () => {
  it('moves every key in everyday places, and the result parses and is stable', () => {
    fc.assert(
      fc.property(programArb(PLAIN_KEY_STATEMENTS), ({ lang, text, keys }) => {
        assert.deepStrictEqual(parseErrors(lang, text), [], `generated ${lang} must parse:\n${text}`);
        assert.deepStrictEqual(detectKeys(text).findings.map((f) => f.key), keys);
        const output = refactorAll(lang, text);
        if (keys.length === 0) {
          assert.strictEqual(output, text);
          return;
        }
        assert.ok(output !== undefined, `the refactor refused an everyday ${lang} file:\n${text}`);
        checkRefactored(lang, text, keys, output);
      }),
      settings(),
    );
  });

  it('never produces code that does not parse, wherever the key is', () => {
    // Refusing is fine (the caller offers the .env fix); a plan that breaks the file is not. Each key
    // is planned on its own, as the quick fix does, so one refusal does not hide the others.
    let planned = 0;
    fc.assert(
      fc.property(programArb(UNUSUAL_KEY_STATEMENTS), ({ lang, text }) => {
        assert.deepStrictEqual(parseErrors(lang, text), [], `generated ${lang} must parse:\n${text}`);
        for (const finding of detectKeys(text).findings) {
          const changes = planEnvReadRefactor(text, lang, finding.start, finding.end, VARIABLE);
          if (changes === undefined) continue;
          planned++;
          const output = applyChanges(text, changes);
          assert.deepStrictEqual(parseErrors(lang, output), [], `the refactored ${lang} must still parse:\n${output}`);
          assert.ok(!output.includes(finding.key.slice(8, 20)), 'the moved key is gone');
        }
      }),
      settings(300),
    );
    assert.ok(planned > 100, `only ${planned} keys were refactored: the property checked too little`);
  });
});
