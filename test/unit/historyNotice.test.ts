import * as assert from 'assert';
import { historyNoticeText } from '../../src/core/historyNotice';

describe('historyNoticeText (what a finished move adds to its notification)', () => {
  it('mentions Local History, and git with "rotate" only when the key was committed', () => {
    assert.strictEqual(historyNoticeText({ localHistory: true, committed: false }), "Earlier saved versions of the file may still hold the key in VS Code's Local History (Timeline view).");
    assert.match(historyNoticeText({ localHistory: true, committed: true }), /Local History.*committed to git: rotate the key\.$/);
  });

  it('leaves Local History out where it is switched off', () => {
    assert.strictEqual(historyNoticeText({ localHistory: false, committed: false }), '');
    assert.strictEqual(historyNoticeText({ localHistory: false, committed: true }), 'The key was committed to git: rotate it.');
  });
});
