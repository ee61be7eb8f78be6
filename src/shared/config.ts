// Typed access to the extension's settings, read on demand. Settings that decide where a key
// goes (API URL) or what it is called (variable name) are taken from user settings only, even
// though package.json already declares them application-scoped: a hostile .vscode/settings.json
// must never steer a key, whatever VS Code version reads it.
import * as vscode from 'vscode';
import { DEFAULT_API_BASE_URL, validateApiBaseUrl } from '../core/apiBaseUrl';
import { DEFAULT_ENV_VAR_NAME, validateEnvVarName } from '../core/envVarName';
import { SETTINGS_SECTION, SettingKey } from './identities';

export const SECTION = SETTINGS_SECTION;

export type SeveritySetting = 'Error' | 'Warning' | 'Information' | 'Hint' | 'Off';

export interface Checked<T> {
  value: T;
  /** Why a configured value was not used, for the user. */
  problem?: string;
}

function userValue<T>(key: SettingKey): T | undefined {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<T>(key);
  return inspected?.globalValue;
}

function userNumber(key: SettingKey, fallback: number, min: number, max: number): number {
  const value = userValue<unknown>(key);
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** The API base URL from user settings, validated; the default when unset or invalid. */
export function apiBaseUrl(): Checked<string> {
  const configured = userValue<unknown>('apiBaseUrl');
  if (configured === undefined) return { value: DEFAULT_API_BASE_URL };
  const result = validateApiBaseUrl(typeof configured === 'string' ? configured : '');
  if (result.url) return { value: result.url };
  return { value: DEFAULT_API_BASE_URL, problem: `Setting infinipost.apiBaseUrl ignored: ${result.error} Using ${DEFAULT_API_BASE_URL}.` };
}

/** Seconds to wait for the API. */
export function apiTimeoutMs(): number {
  const value = userValue<unknown>('api.timeoutSeconds');
  const seconds = typeof value === 'number' && Number.isFinite(value) ? Math.min(120, Math.max(1, value)) : 10;
  return seconds * 1000;
}

/** The variable that receives the key, from user settings, validated; the default when refused. */
export function environmentVariableName(): Checked<string> {
  const configured = userValue<unknown>('environmentVariable');
  if (configured === undefined || configured === DEFAULT_ENV_VAR_NAME) return { value: DEFAULT_ENV_VAR_NAME };
  const problem = validateEnvVarName(typeof configured === 'string' ? configured : '');
  return problem ? { value: DEFAULT_ENV_VAR_NAME, problem } : { value: configured as string };
}

/** Settings only the user may set (application scope): read from user settings alone. */
export const USER_ONLY_SETTINGS: readonly SettingKey[] = ['apiBaseUrl', 'environmentVariable', 'api.timeoutSeconds', 'rotation.reminderDays', 'scan.maxFileSizeKB'];

export function injectKeyEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('terminal.injectKey', true) !== false;
}

export function rotationReminderDays(): number {
  const value = userValue<unknown>('rotation.reminderDays');
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(3650, Math.max(0, value)) : 90;
}

export function severitySetting(key: 'liveKeySeverity' | 'testKeySeverity', scope?: vscode.ConfigurationScope): SeveritySetting {
  const value = vscode.workspace.getConfiguration(SECTION, scope).get<string>(`diagnostics.${key}`);
  const allowed: SeveritySetting[] = ['Error', 'Warning', 'Information', 'Hint', 'Off'];
  return allowed.includes(value as SeveritySetting) ? (value as SeveritySetting) : key === 'liveKeySeverity' ? 'Warning' : 'Information';
}

/** The allow list; ignored in Restricted Mode, capped so a hostile value cannot slow every keystroke. */
export function allowList(scope?: vscode.ConfigurationScope): string[] {
  if (!vscode.workspace.isTrusted) {
    const user = vscode.workspace.getConfiguration(SECTION, scope).inspect<unknown>('diagnostics.allow')?.globalValue;
    return stringList(user);
  }
  return stringList(vscode.workspace.getConfiguration(SECTION, scope).get<unknown>('diagnostics.allow'));
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && item.length > 0 && item.length <= 512).slice(0, 1000);
}

export function scanOnStartup(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('scan.onStartup', true) !== false;
}

/** From user settings only (USER_ONLY_SETTINGS): a workspace must not shrink the scan to keep its keys out of it. */
export function maxScanFileBytes(): number {
  return userNumber('scan.maxFileSizeKB', 2048, 1, 102400) * 1024;
}

/** True when a change event touches any of the given infinipost.* settings. */
export function affects(event: vscode.ConfigurationChangeEvent, ...keys: SettingKey[]): boolean {
  return keys.some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
}
