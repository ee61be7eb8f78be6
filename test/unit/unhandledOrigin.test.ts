import * as assert from 'assert';
import * as path from 'path';
import { describeError, originOf } from '../integration/support/unhandledRejections';
import { liveKey } from '../support/testKeys';

describe("the integration suite's unhandled-rejection attribution", () => {
  const repo = path.join(path.sep, 'work', 'repo');
  const frame = (file: string) => `Error: boom\n    at run (${file}:10:5)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`;

  it('attributes stacks to the extension, the tests, or elsewhere by their frames', () => {
    assert.strictEqual(originOf(frame(path.join(repo, 'dist', 'extension.js')), repo), 'extension');
    assert.strictEqual(originOf(frame(path.join(repo, 'src', 'detection', 'gitStatus.ts')), repo), 'extension');
    assert.strictEqual(originOf(frame(path.join(repo, 'out', 'test', 'integration', 'detection.test.js')), repo), 'tests');
    assert.strictEqual(originOf(frame(path.join(repo, 'test', 'integration', 'support', 'host.ts')), repo), 'tests');
    assert.strictEqual(originOf(frame('/opt/vscode/extensions/git/dist/main.js'), repo), 'elsewhere');
    assert.strictEqual(originOf('Error: spawn git ENOENT\n    at ChildProcess._handle.onexit (node:internal/child_process:285:19)', repo), 'elsewhere');
  });

  it('does not count the fixture extension, or a sibling folder that merely starts with the same name, as ours', () => {
    assert.strictEqual(originOf(frame(path.join(repo, 'test', 'fixtures', 'otherExtension', 'extension.js')), repo), 'elsewhere');
    assert.strictEqual(originOf(frame(path.join(`${repo}-copy`, 'dist', 'extension.js')), repo), 'elsewhere');
    assert.strictEqual(originOf(frame(path.join(repo, 'distant', 'x.js')), repo), 'elsewhere');
  });

  it('describes any thrown value in one masked line with masked frames', () => {
    const key = liveKey();
    const error = new Error(`failed with ${key}\nsecond line`);
    const described = describeError(error);
    assert.strictEqual(described.message, `Error: failed with sk_live_…${key.slice(-4)}`);
    assert.ok(described.frames.length > 0 && described.frames.every((f) => f.startsWith('at ')));
    assert.ok(!JSON.stringify(described.frames).includes(key.slice(8, 20)));
    assert.strictEqual(describeError(`plain ${key}`).message, `plain sk_live_…${key.slice(-4)}`);
    assert.strictEqual(describeError({ code: 42 }).message, '{"code":42}');
    assert.strictEqual(describeError(undefined).message, 'undefined');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.strictEqual(describeError(circular).message, '[object Object]');
  });
});
