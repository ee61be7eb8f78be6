// The extension's public names in one place: command ids and setting keys (the diagnostic source
// and codes are in src/detection/diagnostics.ts).
// test/unit/manifest.test.ts checks both lists against package.json in both directions, and the
// types make a misspelt id or key in a command table or a settings read a compile error.
// No `vscode` import: the unit tests read this module directly.

// The commands of each feature that loads on first use: registered by id before its code loads
// (src/shared/lazy.ts forwardCommands); test/unit/lazyEntries.test.ts checks each against the table
// its feature serves.
export const VAULT_COMMAND_IDS = [
  'infinipost.addKey',
  'infinipost.selectKey',
  'infinipost.renameKey',
  'infinipost.removeKey',
  'infinipost.copyKey',
  'infinipost.refreshKeys',
  'infinipost.rotateKey',
] as const;
export const API_CHECK_COMMAND_IDS = ['infinipost.testKey'] as const;
export const REFACTOR_COMMAND_IDS = ['infinipost.moveKeyToVault', 'infinipost.moveKeyToEnvFile', 'infinipost.fixAllInWorkspace'] as const;
export const COMMIT_GUARD_COMMAND_IDS = ['infinipost.protectCommits', 'infinipost.unprotectCommits'] as const;
export const INJECTION_COMMAND_IDS = ['infinipost.allowLiveKeyInjection'] as const;
export const HISTORY_COMMAND_IDS = [
  'infinipost.scanHistory',
  'infinipost.checkHistoryKeys',
  'infinipost.rotateLeakedKey',
  'infinipost.showRotationSteps',
  'infinipost.openLeakInCommit',
  'infinipost.acceptLeakedKey',
] as const;

/** Every command package.json contributes. */
export const COMMAND_IDS = [
  ...VAULT_COMMAND_IDS,
  ...API_CHECK_COMMAND_IDS,
  ...REFACTOR_COMMAND_IDS,
  ...COMMIT_GUARD_COMMAND_IDS,
  ...HISTORY_COMMAND_IDS,
  'infinipost.scanWorkspace',
  'infinipost.ignoreKeyHere',
  ...INJECTION_COMMAND_IDS,
  'infinipost.showOutput',
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
