// The extension's public names in one place: command ids and setting keys (the diagnostic source
// and codes are in src/detection/diagnostics.ts).
// test/unit/manifest.test.ts checks both lists against package.json in both directions, and the
// types make a misspelt id or key in a command table or a settings read a compile error.
// No `vscode` import: the unit tests read this module directly.

/** Every command package.json contributes. */
export const COMMAND_IDS = [
  'infinipost.addKey',
  'infinipost.selectKey',
  'infinipost.testKey',
  'infinipost.rotateKey',
  'infinipost.renameKey',
  'infinipost.removeKey',
  'infinipost.copyKey',
  'infinipost.scanWorkspace',
  'infinipost.fixAllInWorkspace',
  'infinipost.moveKeyToVault',
  'infinipost.moveKeyToEnvFile',
  'infinipost.ignoreKeyHere',
  'infinipost.protectCommits',
  'infinipost.unprotectCommits',
  'infinipost.allowLiveKeyInjection',
  'infinipost.showOutput',
  'infinipost.refreshKeys',
  'infinipost.scanHistory',
  'infinipost.checkHistoryKeys',
  'infinipost.rotateLeakedKey',
  'infinipost.showRotationSteps',
  'infinipost.openLeakInCommit',
  'infinipost.acceptLeakedKey',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** The section every setting lives under. */
export const SETTINGS_SECTION = 'infinipost';

/** Every setting package.json contributes, without the `infinipost.` section. */
export const SETTING_KEYS = [
  'apiBaseUrl',
  'api.timeoutSeconds',
  'environmentVariable',
  'terminal.injectKey',
  'rotation.reminderDays',
  'diagnostics.liveKeySeverity',
  'diagnostics.testKeySeverity',
  'diagnostics.allow',
  'scan.onStartup',
  'scan.maxFileSizeKB',
] as const;

export type SettingKey = (typeof SETTING_KEYS)[number];
