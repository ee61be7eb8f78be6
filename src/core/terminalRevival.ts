// Whether VS Code will write the injected key to disk when it "revives" terminals, and what to ask.
//
// How VS Code 1.100.3 does it (read in its source):
// - src/vs/workbench/contrib/terminal/browser/terminalService.ts: `_onBeforeShutdown` returns early
//   on the web (`isWeb`), so the browser workbench never persists terminals. On the desktop
//   `_onBeforeShutdownAsync` calls the backend's `persistTerminalState()` when
//   `_shouldReviveProcesses(reason)` holds: `terminal.integrated.enablePersistentSessions` is truthy
//   AND `terminal.integrated.persistentSessionReviveProcess` is `onExit` (closing the last window on
//   Windows/Linux, quitting, or `LOAD`) or `onExitAndWindowClose` (anything but a reload); any other
//   value (`never`, or anything unknown) means no revival.
// - src/vs/workbench/contrib/terminal/browser/remoteTerminalBackend.ts (and the desktop's
//   electron-sandbox/localTerminalBackend.ts, same method): `persistTerminalState()` stores the pty
//   host's `serializeTerminalState()` under `terminal.integrated.bufferState` in WORKSPACE storage
//   (`state.vscdb` in the workspace storage folder).
// - src/vs/platform/terminal/node/ptyService.ts: `serializeTerminalState` writes every terminal that
//   had input or output, with `processLaunchConfig: { env, executableEnv, options }` (the full
//   environment, and `options.environmentVariableCollections`, i.e. the values extensions
//   contributed). It does not look at `shouldPersist`, so `isTransient` terminals are written too.
// - src/vs/workbench/contrib/terminal/common/terminalConfiguration.ts: both settings are
//   window-scoped (a workspace's settings can override the user's) and default to `true`/`onExit`.
import { KeyMode } from './keyTypes';

/** The layers of one setting, as `WorkspaceConfiguration.inspect` reports them. */
export interface SettingLayers {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export interface RevivalInputs {
  /** The most sensitive key new terminals get right now; undefined when they get none. */
  injected: KeyMode | undefined;
  /** False in the browser workbench, which never persists terminals on shutdown. */
  persistsOnShutdown: boolean;
  enablePersistentSessions: SettingLayers;
  persistentSessionReviveProcess: SettingLayers;
  /** Modes the person chose to "Keep" revival for (globalState). */
  kept: readonly KeyMode[];
  /** Whether the question was already shown in this window's session. */
  askedThisSession: boolean;
}

export type RevivalAdvice =
  | { ask: false; why: 'noKey' | 'browser' | 'persistenceOff' | 'revivalOff' | 'kept' | 'alreadyAsked' }
  /** Offer to set `persistentSessionReviveProcess` to `never` in user settings. */
  | { ask: 'userSetting'; mode: KeyMode }
  /** The workspace's own settings turn revival on; a user setting cannot change that. */
  | { ask: 'workspaceSetting'; mode: KeyMode; scope: 'workspace' | 'workspaceFolder' };

const VSCODE_DEFAULTS = { enablePersistentSessions: true, persistentSessionReviveProcess: 'onExit' };
const REVIVING_VALUES: ReadonlySet<unknown> = new Set(['onExit', 'onExitAndWindowClose']);

type Layer = 'workspaceFolder' | 'workspace' | 'user' | 'default';

/** The value VS Code uses and the layer it comes from (folder over workspace over user over default). */
export function effectiveSetting(layers: SettingLayers, fallback: unknown): { value: unknown; from: Layer } {
  if (layers.workspaceFolderValue !== undefined) return { value: layers.workspaceFolderValue, from: 'workspaceFolder' };
  if (layers.workspaceValue !== undefined) return { value: layers.workspaceValue, from: 'workspace' };
  if (layers.globalValue !== undefined) return { value: layers.globalValue, from: 'user' };
  return { value: layers.defaultValue !== undefined ? layers.defaultValue : fallback, from: 'default' };
}

/** Decides whether to ask the person about terminal revival, and which question. */
export function adviseTerminalRevival(inputs: RevivalInputs): RevivalAdvice {
  const mode = inputs.injected;
  if (!mode) return { ask: false, why: 'noKey' };
  if (!inputs.persistsOnShutdown) return { ask: false, why: 'browser' };
  if (!effectiveSetting(inputs.enablePersistentSessions, VSCODE_DEFAULTS.enablePersistentSessions).value) return { ask: false, why: 'persistenceOff' };
  const revive = effectiveSetting(inputs.persistentSessionReviveProcess, VSCODE_DEFAULTS.persistentSessionReviveProcess);
  if (!REVIVING_VALUES.has(revive.value)) return { ask: false, why: 'revivalOff' };
  // "Keep" for a live key covers test keys too; "Keep" for a test key says nothing about live ones.
  if (inputs.kept.includes(mode) || (mode === 'test' && inputs.kept.includes('live'))) return { ask: false, why: 'kept' };
  if (inputs.askedThisSession) return { ask: false, why: 'alreadyAsked' };
  if (revive.from === 'workspace' || revive.from === 'workspaceFolder') return { ask: 'workspaceSetting', mode, scope: revive.from };
  return { ask: 'userSetting', mode };
}
