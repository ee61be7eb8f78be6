import * as assert from 'assert';
import { adviseTerminalRevival, effectiveSetting, RevivalInputs } from '../../src/core/terminalRevival';

// VS Code's defaults as `inspect()` reports them when nobody set anything.
const defaults = (): RevivalInputs => ({
  injected: 'test',
  persistsOnShutdown: true,
  enablePersistentSessions: { defaultValue: true },
  persistentSessionReviveProcess: { defaultValue: 'onExit' },
  kept: [],
  askedThisSession: false,
});

describe('adviseTerminalRevival', () => {
  it('offers the user setting on the desktop with VS Code defaults while a key is injected', () => {
    assert.deepStrictEqual(adviseTerminalRevival(defaults()), { ask: 'userSetting', mode: 'test' });
    assert.deepStrictEqual(adviseTerminalRevival({ ...defaults(), injected: 'live' }), { ask: 'userSetting', mode: 'live' });
  });

  it('asks nothing without an injected key', () => {
    assert.deepStrictEqual(adviseTerminalRevival({ ...defaults(), injected: undefined }), { ask: false, why: 'noKey' });
  });

  it('asks nothing in the browser, which never persists terminals on shutdown', () => {
    assert.deepStrictEqual(adviseTerminalRevival({ ...defaults(), persistsOnShutdown: false }), { ask: false, why: 'browser' });
  });

  it('asks nothing when persistent sessions are off, from any layer', () => {
    for (const layers of [{ defaultValue: true, globalValue: false }, { defaultValue: true, workspaceValue: false }, { defaultValue: true, workspaceFolderValue: false }]) {
      assert.deepStrictEqual(adviseTerminalRevival({ ...defaults(), enablePersistentSessions: layers }), { ask: false, why: 'persistenceOff' }, JSON.stringify(layers));
    }
  });

  it('asks nothing when revival is never, or a value VS Code does not revive for', () => {
    for (const value of ['never', 'sometimes', 42]) {
      const inputs = { ...defaults(), persistentSessionReviveProcess: { defaultValue: 'onExit', globalValue: value } };
      assert.deepStrictEqual(adviseTerminalRevival(inputs), { ask: false, why: 'revivalOff' }, String(value));
    }
  });

  it('treats onExitAndWindowClose like onExit', () => {
    const inputs = { ...defaults(), persistentSessionReviveProcess: { defaultValue: 'onExit', globalValue: 'onExitAndWindowClose' } };
    assert.deepStrictEqual(adviseTerminalRevival(inputs), { ask: 'userSetting', mode: 'test' });
  });

  it('lets a workspace "never" win over a user "onExit", and a workspace "onExit" over a user "never"', () => {
    const workspaceNever = { ...defaults(), persistentSessionReviveProcess: { defaultValue: 'onExit', globalValue: 'onExit', workspaceValue: 'never' } };
    assert.deepStrictEqual(adviseTerminalRevival(workspaceNever), { ask: false, why: 'revivalOff' });
    const workspaceOn = { ...defaults(), persistentSessionReviveProcess: { defaultValue: 'onExit', globalValue: 'never', workspaceValue: 'onExit' } };
    assert.deepStrictEqual(adviseTerminalRevival(workspaceOn), { ask: 'workspaceSetting', mode: 'test', scope: 'workspace' });
  });

  it('says when a workspace or folder setting decides, because a user setting would change nothing', () => {
    const folder = { ...defaults(), persistentSessionReviveProcess: { defaultValue: 'onExit', workspaceFolderValue: 'onExitAndWindowClose' } };
    assert.deepStrictEqual(adviseTerminalRevival(folder), { ask: 'workspaceSetting', mode: 'test', scope: 'workspaceFolder' });
  });

  it('turns persistence back on from the workspace even when the user turned it off', () => {
    const inputs = { ...defaults(), enablePersistentSessions: { defaultValue: true, globalValue: false, workspaceValue: true } };
    assert.deepStrictEqual(adviseTerminalRevival(inputs), { ask: 'userSetting', mode: 'test' });
  });

  it('remembers "Keep" per mode: a kept live key covers test keys, a kept test key does not cover live ones', () => {
    assert.deepStrictEqual(adviseTerminalRevival({ ...defaults(), kept: ['test'] }), { ask: false, why: 'kept' });
    assert.deepStrictEqual(adviseTerminalRevival({ ...defaults(), injected: 'live', kept: ['test'] }), { ask: 'userSetting', mode: 'live' });
    assert.deepStrictEqual(adviseTerminalRevival({ ...defaults(), injected: 'test', kept: ['live'] }), { ask: false, why: 'kept' });
    assert.deepStrictEqual(adviseTerminalRevival({ ...defaults(), injected: 'live', kept: ['live'] }), { ask: false, why: 'kept' });
  });

  it('asks at most once per session', () => {
    assert.deepStrictEqual(adviseTerminalRevival({ ...defaults(), askedThisSession: true }), { ask: false, why: 'alreadyAsked' });
  });

  it('falls back to VS Code defaults when inspect() reports no default', () => {
    assert.deepStrictEqual(adviseTerminalRevival({ ...defaults(), enablePersistentSessions: {}, persistentSessionReviveProcess: {} }), { ask: 'userSetting', mode: 'test' });
  });
});

describe('effectiveSetting', () => {
  it('takes folder over workspace over user over default, and names the layer', () => {
    assert.deepStrictEqual(effectiveSetting({ defaultValue: 1 }, 0), { value: 1, from: 'default' });
    assert.deepStrictEqual(effectiveSetting({ defaultValue: 1, globalValue: 2 }, 0), { value: 2, from: 'user' });
    assert.deepStrictEqual(effectiveSetting({ defaultValue: 1, globalValue: 2, workspaceValue: 3 }, 0), { value: 3, from: 'workspace' });
    assert.deepStrictEqual(effectiveSetting({ defaultValue: 1, globalValue: 2, workspaceValue: 3, workspaceFolderValue: 4 }, 0), { value: 4, from: 'workspaceFolder' });
    assert.deepStrictEqual(effectiveSetting({}, 0), { value: 0, from: 'default' });
  });
});
