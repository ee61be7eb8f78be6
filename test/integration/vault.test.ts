import * as assert from 'assert';
import * as vscode from 'vscode';
import { INDEX_SECRET, KeyVault, SecretStore } from '../../src/vault/keyVault';
import { liveKey, testKey } from '../support/testKeys';
import { activateExtension, assertNoKeyMaterial, confirmed, listKeys, removeAllKeys, run, waitFor } from './support/host';

const silentLogger = { info() {}, warn() {}, error() {}, show() {} };

/** One machine's secret storage, shared by the windows a test plays; every write fires onDidChange as VS Code's does. */
class SharedSecrets implements SecretStore {
  readonly data = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.data.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.data.set(key, value);
    this.changed.fire({ key });
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.data.delete(key);
    this.changed.fire({ key });
    return Promise.resolve();
  }
  dispose(): void {
    this.changed.dispose();
  }
}

describe('key vault (scripted commands in the real host)', () => {
  before(activateExtension);
  beforeEach(removeAllKeys);
  after(removeAllKeys);

  it('adds a key, lists it masked and never returns the key', async () => {
    const key = liveKey();
    const result = await vscode.commands.executeCommand('infinipost.addKey', { name: 'Production Server', key, environment: 'Production' });
    assert.deepStrictEqual(result, { name: 'Production Server', environment: 'Production', mode: 'live', maskedKey: `sk_live_…${key.slice(-4)}`, active: true });
    assertNoKeyMaterial(result, key);
    const keys = await listKeys();
    assert.deepStrictEqual(keys.map((k) => k.maskedKey), [`sk_live_…${key.slice(-4)}`]);
    assertNoKeyMaterial(keys, key);
  });

  it('strips a pasted Bearer prefix and derives the environment from the prefix', async () => {
    const key = testKey();
    const result = await vscode.commands.executeCommand<{ environment: string; mode: string }>('infinipost.addKey', { name: 'Dev', key: `Bearer ${key}` });
    assert.strictEqual(result.environment, 'Development');
    assert.strictEqual(result.mode, 'test');
  });

  it('refuses malformed keys and duplicate names with a clear message that does not echo the input', async () => {
    const truncated = liveKey('abc123') + '...';
    await assert.rejects(run('infinipost.addKey', { name: 'A', key: truncated }), /shortened or placeholder/);
    await vscode.commands.executeCommand('infinipost.addKey', { name: 'Same', key: testKey() });
    const second = testKey();
    await assert.rejects(
      run('infinipost.addKey', { name: 'same', key: second }),
      (error: Error) => error.message.includes('already exists') && !error.message.includes(second.slice(8)),
    );
    assert.strictEqual((await listKeys()).length, 1);
  });

  it('loses no key when many are added concurrently', async () => {
    const keys = Array.from({ length: 25 }, (_, i) => ({ name: `Key ${i}`, key: i % 2 ? liveKey() : testKey() }));
    await Promise.all(keys.map((k) => vscode.commands.executeCommand('infinipost.addKey', k)));
    const listed = (await listKeys()).map((k) => k.name).sort();
    assert.deepStrictEqual(listed, keys.map((k) => k.name).sort());
  });

  it('converges with a second window writing the same secret storage at the same time', async () => {
    const hooks = await activateExtension();
    // A second vault over the same SecretStorage plays another window: same storage, its own replica.
    const otherWindow = new KeyVault({ secrets: hooks.secrets, logger: silentLogger });
    try {
      await otherWindow.ready();
      const here = Array.from({ length: 10 }, (_, i) => ({ name: `Here ${i}`, key: testKey() }));
      const there = Array.from({ length: 10 }, (_, i) => ({ name: `There ${i}`, key: testKey(), environment: 'Staging' as const }));
      await Promise.all([
        ...here.map((k) => vscode.commands.executeCommand('infinipost.addKey', k)),
        ...there.map((k) => otherWindow.add(k)),
      ]);
      const expected = [...here, ...there].map((k) => k.name).sort();
      await waitFor(async () => JSON.stringify((await listKeys()).map((k) => k.name).sort()) === JSON.stringify(expected), 'this window to see every key');
      await waitFor(() => JSON.stringify(otherWindow.list().map((k) => k.name).sort()) === JSON.stringify(expected), 'the other window to see every key');
      // A removal in the other window reaches this one through onDidChange.
      await otherWindow.remove(otherWindow.findByName('Here 3')!.id);
      await waitFor(async () => !(await listKeys()).some((k) => k.name === 'Here 3'), 'the removal to reach this window');
    } finally {
      otherWindow.dispose();
    }
  });

  it('keeps a key added by a window that closed right away while another window overwrote the index', async () => {
    const secrets = new SharedSecrets();
    const windowA = new KeyVault({ secrets, logger: silentLogger });
    const windowB = new KeyVault({ secrets, logger: silentLogger });
    try {
      await windowA.add({ name: 'From A', key: testKey(), environment: 'Development' });
      await windowB.ready();
      // Window A reads the index, window B adds a key and closes, then A writes what it had read
      // (A's own write is played by hand, so A does not hear B's write in between and heal it):
      // SecretStorage keeps the last write, and nobody alive knows B's entry.
      const readByA = secrets.data.get(INDEX_SECRET)!;
      windowA.dispose();
      const key = liveKey();
      await windowB.add({ name: 'From B', key, environment: 'Production' });
      windowB.dispose();
      await secrets.store(INDEX_SECRET, readByA);
      // The next window to load finds B's key again, with its secret.
      const later = new KeyVault({ secrets, logger: silentLogger });
      try {
        await later.ready();
        assert.deepStrictEqual(later.list().map((entry) => entry.name).sort(), ['From A', 'From B']);
        assert.strictEqual(await later.secret(later.findByName('From B')!.id), key);
        for (const stored of secrets.data.values()) {
          if (stored !== key) assertNoKeyMaterial(stored, key);
        }
      } finally {
        later.dispose();
      }
    } finally {
      windowA.dispose();
      windowB.dispose();
      secrets.dispose();
    }
  });

  it('selects, renames and removes keys by name', async () => {
    await vscode.commands.executeCommand('infinipost.addKey', { name: 'First', key: testKey() });
    await vscode.commands.executeCommand('infinipost.addKey', { name: 'Second', key: liveKey(), environment: 'Staging' });
    const selected = await vscode.commands.executeCommand<{ name: string; active: boolean }>('infinipost.selectKey', { name: 'Second' });
    assert.strictEqual(selected.name, 'Second');
    assert.strictEqual(selected.active, true);
    assert.deepStrictEqual((await listKeys()).filter((k) => k.active).map((k) => k.name), ['Second']);
    assert.deepStrictEqual(await vscode.commands.executeCommand('infinipost.renameKey', { name: 'Second', newName: 'Staging API' }), {
      name: 'Staging API',
      previousName: 'Second',
    });
    assert.deepStrictEqual(await confirmed('infinipost.removeKey', { name: 'Staging API' }), { removed: 'Staging API' });
    const left = await listKeys();
    assert.deepStrictEqual(left.map((k) => [k.name, k.active]), [['First', false]]);
    await assert.rejects(run('infinipost.selectKey', { name: 'Nope' }), /No stored key is named "Nope"/);
  });

  it('rotates a key: the new one takes over the name and the active slot, the old one goes only when asked', async () => {
    const oldKey = liveKey();
    const newKey = liveKey();
    await vscode.commands.executeCommand('infinipost.addKey', { name: 'Prod', key: oldKey, environment: 'Production' });
    const kept = await confirmed<Record<string, unknown>>('infinipost.rotateKey', { name: 'Prod', newKey });
    assert.strictEqual(kept.oldKeyRemoved, false);
    assert.strictEqual(kept.replacedActive, 1);
    assert.strictEqual(kept.maskedKey, `sk_live_…${newKey.slice(-4)}`);
    assertNoKeyMaterial(kept, oldKey);
    assertNoKeyMaterial(kept, newKey);
    let keys = await listKeys();
    assert.strictEqual(keys.length, 2);
    const prod = keys.find((k) => k.name === 'Prod')!;
    assert.strictEqual(prod.maskedKey, `sk_live_…${newKey.slice(-4)}`);
    assert.strictEqual(prod.active, true);
    const newer = liveKey();
    const removed = await confirmed<Record<string, unknown>>('infinipost.rotateKey', { name: 'Prod', newKey: newer, deleteOld: true });
    assert.strictEqual(removed.oldKeyRemoved, true);
    keys = await listKeys();
    assert.deepStrictEqual(keys.map((k) => k.maskedKey).sort(), [`sk_live_…${newer.slice(-4)}`, `sk_live_…${oldKey.slice(-4)}`].sort());
  });

  it('keeps the old key when the new one is invalid', async () => {
    const oldKey = testKey();
    await vscode.commands.executeCommand('infinipost.addKey', { name: 'Dev', key: oldKey });
    await assert.rejects(run('infinipost.rotateKey', { name: 'Dev', newKey: 'sk_test_short' }), /too short/);
    assert.deepStrictEqual((await listKeys()).map((k) => [k.name, k.maskedKey]), [['Dev', `sk_test_…${oldKey.slice(-4)}`]]);
  });
});
