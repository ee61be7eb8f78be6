import * as assert from 'assert';
import { detectKeys, lineStarts, positionAt } from '../../src/core/keyDetector';
import { LineFindings, LineKey, MAX_INCREMENTAL_LINES } from '../../src/core/lineFindings';
import { liveKey, seededRandom, testKey } from '../support/testKeys';

// A document as lines, edited the way VS Code reports edits (range by lines and characters, inserted text).
function wholeKeys(text: string): LineKey[] {
  const starts = lineStarts(text);
  return detectKeys(text).findings.map((f) => {
    const { line, character } = positionAt(starts, f.start);
    return { line, start: character, end: character + f.end - f.start, key: f.key, mode: f.mode };
  });
}

function applyEdit(lines: string[], startLine: number, startChar: number, endLine: number, endChar: number, text: string): string[] {
  const before = lines[startLine].slice(0, startChar);
  const after = lines[endLine].slice(endChar);
  const inserted = (before + text + after).split('\n');
  return [...lines.slice(0, startLine), ...inserted, ...lines.slice(endLine + 1)];
}

describe('LineFindings (incremental re-lint)', () => {
  it('agrees with a whole-document detection after every one of 3,000 random edits', () => {
    const random = seededRandom(14);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const snippets = () => [`"${liveKey()}"`, `'${testKey()}'`, '// gitleaks:allow', '# infinipost-ignore-next-line', 'x', '\n', 'sk_', 'live_', '\n\n', `a\n"${liveKey()}"\nb`, ' ', 'task'];
    let lines = Array.from({ length: 60 }, (_, i) => (i % 7 === 0 ? `k${i} = "${liveKey()}"` : i % 11 === 0 ? '// infinipost-ignore-next-line' : `line ${i}`));
    const tracker = new LineFindings(10_000);
    tracker.setWhole(wholeKeys(lines.join('\n')), false);
    for (let step = 0; step < 3000; step++) {
      const edits = random() < 0.2 ? 2 : 1;
      // Several changes in one event come from the end of the document backwards, as VS Code sends them.
      const ranges: Array<[number, number, number, number, string]> = [];
      let limitLine = lines.length - 1;
      for (let e = 0; e < edits && limitLine >= 0; e++) {
        const startLine = Math.floor(random() * (limitLine + 1));
        const endLine = Math.min(limitLine, startLine + (random() < 0.3 ? Math.floor(random() * 3) : 0));
        const startChar = Math.floor(random() * (lines[startLine].length + 1));
        const endChar = endLine === startLine ? startChar + Math.floor(random() * (lines[endLine].length - startChar + 1)) : Math.floor(random() * (lines[endLine].length + 1));
        ranges.push([startLine, startChar, endLine, endChar, random() < 0.3 ? '' : pick(snippets())]);
        limitLine = startLine - 1;
      }
      for (const [sl, sc, el, ec, text] of ranges) {
        lines = applyEdit(lines, sl, sc, el, ec, text);
        tracker.edit({ startLine: sl, endLine: el, text });
      }
      if (tracker.needsWholePass) tracker.setWhole(wholeKeys(lines.join('\n')), false);
      else tracker.update({ lineCount: lines.length, lineText: (i) => lines[i] });
      assert.deepStrictEqual(tracker.current, wholeKeys(lines.join('\n')), `after step ${step}`);
    }
  });

  it('asks for a whole pass after a large change, and caps what it keeps', () => {
    const tracker = new LineFindings(3);
    tracker.setWhole([], false);
    tracker.edit({ startLine: 0, endLine: 0, text: '\n'.repeat(MAX_INCREMENTAL_LINES + 5) });
    assert.strictEqual(tracker.needsWholePass, true);
    tracker.setWhole([], false);
    const lines = Array.from({ length: 5 }, () => `"${liveKey()}"`);
    tracker.edit({ startLine: 0, endLine: 0, text: lines.join('\n') });
    tracker.update({ lineCount: lines.length, lineText: (i) => lines[i] });
    assert.strictEqual(tracker.current.length, 3);
    assert.strictEqual(tracker.truncated, true);
  });
});
