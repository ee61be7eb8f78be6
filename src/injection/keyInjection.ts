// Puts the active key into new integrated terminals (task terminals and debug terminals included)
// through the environment variable collection, and into the launch configurations whose program the
// debug adapter starts itself (see src/core/debugLaunch.ts for why only those). The collection is
// never persistent: VS Code would otherwise write the value in plain text to workspace storage
// (VS Code 1.100 src/vs/workbench/contrib/terminal/common/environmentVariableService.ts stores the
// persistent collections under `terminal.integrated.environmentVariableCollections`). Where the key
// goes next: src/vs/workbench/api/common/extHostTerminalService.ts sends this extension's collection
// to the workbench, which merges it into the environment of each new terminal's process (pty host);
// other extensions cannot read it through the API, but every program started in such a terminal can.
// Values are re-applied from SecretStorage on every activation.
import * as vscode from 'vscode';
import { adviseDebugEnv, DebugEnvAdvice } from '../core/debugLaunch';
import { KeyMetadata } from '../core/keyIndex';
import { KeyMode } from '../core/keyTypes';
import { affects, environmentVariableName, injectKeyEnabled } from '../shared/config';
import { Logger, runFollowUp } from '../shared/logger';
import { ActiveKeys } from '../vault/activeKeys';
import { maskedKeyOf } from '../core/mask';
import { KeyVault } from '../vault/keyVault';
import { INJECTION_NOT_YET_APPLIED, InjectionStatus } from '../shared/injectionStatus';

const LIVE_ALLOWED_STATE = 'infinipost.liveInjectionAllowed';

export interface InjectionDeps {
  vault: KeyVault;
  active: ActiveKeys;
  collection: vscode.GlobalEnvironmentVariableCollection;
  workspaceState: vscode.Memento;
  logger: Logger;
}

/**
 * The live-key question ("give this key to terminals?") for a feature that asks it in its own
 * notification (the move to the vault does, next to "Stored …"), so a person gets one question.
 */
export interface LiveConsent {
  /** True when `entry`, once active, waits for the person's consent here; the injection then does not ask itself. */
  takeLiveConsentQuestion(entry: KeyMetadata): boolean;
  /** The person's "Allow" for `entry` in this workspace. */
  allowLive(entry: KeyMetadata): Promise<void>;
  /** Hands the question back unanswered: asked now, by the injection, if the active key still waits. */
  returnLiveConsentQuestion(entry: KeyMetadata): void;
}

/** Why the active key is or is not in new terminals; also what the debug provider follows. */
type Decision =
  | { inject: true; entry: KeyMetadata; variable: string }
  | { inject: false; reason: string; entry?: KeyMetadata; needsLiveConsent?: boolean };

export class KeyInjection implements InjectionStatus, LiveConsent, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private summary: { injected: boolean; text: string } = INJECTION_NOT_YET_APPLIED;
  private applying: Promise<void> = Promise.resolve();
  private askedLiveConsent = new Set<string>();
  private readonly debugWarnings = new Set<string>();
  private warnedVariable: string | undefined;
  private applied: string | undefined;
  private injectedMode: KeyMode | undefined;
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: InjectionDeps) {
    deps.collection.persistent = false;
    deps.collection.clear(); // drops anything an older version persisted
    this.disposables.push(
      deps.vault.onDidChange(() => this.refresh()),
      deps.active.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => affects(e, 'terminal.injectKey', 'environmentVariable') && this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
  }

  dispose(): void {
    this.deps.collection.clear();
    this.disposables.forEach((d) => {
      d.dispose();
    });
  }

  describe(): { injected: boolean; text: string } {
    return this.summary;
  }

  /** The most sensitive mode among the keys new terminals get now ('live' over 'test'); undefined when none. */
  mode(): KeyMode | undefined {
    return this.injectedMode;
  }

  /** Re-applies the collection; calls are serialised so the last state always wins. */
  refresh(): Promise<void> {
    this.applying = this.applying.then(() => this.apply()).catch((error) => this.deps.logger.error(`Terminal injection failed: ${String(error)}`));
    return this.applying;
  }

  /** Remembers that the user accepts a live key in this workspace's terminals. */
  async allowLive(entry: KeyMetadata): Promise<void> {
    const allowed = this.deps.workspaceState.get<string[]>(LIVE_ALLOWED_STATE) ?? [];
    if (!allowed.includes(entry.id)) await this.deps.workspaceState.update(LIVE_ALLOWED_STATE, [...allowed, entry.id]);
    await this.refresh();
  }

  takeLiveConsentQuestion(entry: KeyMetadata): boolean {
    if (!this.waitsForLiveConsent(entry)) return false;
    this.askedLiveConsent.add(entry.id);
    return true;
  }

  returnLiveConsentQuestion(entry: KeyMetadata): void {
    this.askedLiveConsent.delete(entry.id);
    const current = this.deps.vault.get(entry.id); // renamed meanwhile, perhaps
    if (current && this.deps.active.isActiveAnywhere(current.id) && this.waitsForLiveConsent(current)) this.askLiveConsent(current);
  }

  private waitsForLiveConsent(entry: KeyMetadata): boolean {
    return entry.mode === 'live' && vscode.workspace.isTrusted && injectKeyEnabled() && !this.liveAllowed(entry.id);
  }

  private liveAllowed(id: string): boolean {
    return (this.deps.workspaceState.get<string[]>(LIVE_ALLOWED_STATE) ?? []).includes(id);
  }

  decide(folder?: vscode.WorkspaceFolder): Decision {
    const entry = this.deps.active.get(folder);
    if (!vscode.workspace.isTrusted) return { inject: false, entry, reason: 'Not injected: this workspace is in Restricted Mode. Trust it to give terminals the key.' };
    if (!injectKeyEnabled()) return { inject: false, entry, reason: 'Not injected: `infinipost.terminal.injectKey` is off.' };
    if (!entry) return { inject: false, reason: 'No active key, so terminals get none.' };
    const variable = environmentVariableName();
    if (variable.problem && this.warnedVariable !== variable.problem) {
      this.warnedVariable = variable.problem;
      void vscode.window.showWarningMessage(`Infinipost: ${variable.problem}`, 'Open Settings').then((choice) => {
        if (choice) runFollowUp(this.deps.logger, () => vscode.commands.executeCommand('workbench.action.openSettings', 'infinipost.environmentVariable'));
      });
    }
    if (entry.mode === 'live' && !this.liveAllowed(entry.id)) {
      return { inject: false, entry, needsLiveConsent: true, reason: 'Live key not injected yet: confirm once for this workspace ("Infinipost: Allow Live Key in Terminals for This Workspace").' };
    }
    return { inject: true, entry, variable: variable.value };
  }

  private async apply(): Promise<void> {
    await this.deps.vault.ready().catch(() => undefined);
    const { collection } = this.deps;
    const folders = vscode.workspace.workspaceFolders ?? [];
    // Multi-root: each folder's terminals get that folder's key; otherwise one window-wide entry.
    const targets: Array<{ folder?: vscode.WorkspaceFolder; env: vscode.EnvironmentVariableCollection }> =
      folders.length > 1 ? folders.map((folder) => ({ folder, env: collection.getScoped({ workspaceFolder: folder }) })) : [{ env: collection }];
    const decisions = targets.map((target) => ({ ...target, decision: this.decide(target.folder) }));
    // Rewriting an unchanged collection would still show "relaunch terminal" hints, so compare first.
    const wanted = JSON.stringify(decisions.map(({ folder, decision }) => [folder?.uri.toString(), decision.inject ? [decision.variable, decision.entry.id] : decision.reason]));
    if (wanted === this.applied) return;
    this.applied = wanted;
    collection.clear();
    const lines: string[] = [];
    let injected = false;
    let mode: KeyMode | undefined;
    for (const { decision, ...target } of decisions) {
      const where = target.folder ? `${target.folder.name}: ` : '';
      if (!decision.inject) {
        lines.push(where + decision.reason);
        if (decision.needsLiveConsent && decision.entry) this.askLiveConsent(decision.entry);
        continue;
      }
      const key = await this.deps.vault.secret(decision.entry.id);
      if (!key) {
        lines.push(`${where}Not injected: the key "${decision.entry.name}" is missing from secret storage.`);
        continue;
      }
      target.env.replace(decision.variable, key);
      target.env.description = new vscode.MarkdownString(
        `Infinipost: \`${decision.variable}\` is the ${decision.entry.mode} key "${decision.entry.name}" (\`${maskedKeyOf(decision.entry)}\`, ${decision.entry.environment})`,
      );
      injected = true;
      if (mode !== 'live') mode = decision.entry.mode;
      lines.push(`${where}New terminals, tasks and debug sessions get \`${maskedKeyOf(decision.entry)}\` as \`${decision.variable}\`.`);
      this.deps.logger.info(`Injecting "${decision.entry.name}" (${maskedKeyOf(decision.entry)}) as ${decision.variable}${target.folder ? ` for ${target.folder.name}` : ''}.`);
    }
    this.summary = { injected, text: lines.join('\n\n') };
    this.injectedMode = mode;
    this.changed.fire();
  }

  private askLiveConsent(entry: KeyMetadata): void {
    if (this.askedLiveConsent.has(entry.id)) return;
    this.askedLiveConsent.add(entry.id);
    void vscode.window
      .showWarningMessage(
        `The active key "${entry.name}" (${maskedKeyOf(entry)}) is a live key. Give it to new terminals and debug sessions in this workspace? Every program started there can read it.`,
        'Allow in This Workspace',
        'Not Now',
      )
      .then((choice) => {
        if (choice === 'Allow in This Workspace') runFollowUp(this.deps.logger, () => this.allowLive(entry));
      });
  }

  /** The debug configuration provider's answer (registered at activation: src/injection/registerInjection.ts). */
  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration> {
    if (config.request !== 'launch') return config;
    const decision = this.decide(folder);
    if (!decision.inject) return config;
    const advice = adviseDebugEnv(config, decision.variable);
    if (!advice.add) {
      this.explainDebugAdvice(advice, config, decision.entry);
      return config;
    }
    const key = await this.deps.vault.secret(decision.entry.id);
    if (!key) return config;
    const env = config.env && typeof config.env === 'object' ? (config.env as Record<string, unknown>) : {};
    return { ...config, env: { ...env, [decision.variable]: key } };
  }

  /** Logs why a launch configuration got no key; says it once per session where the person must act. */
  private explainDebugAdvice(advice: Exclude<DebugEnvAdvice, { add: true }>, config: vscode.DebugConfiguration, entry: KeyMetadata): void {
    const launch = `the launch configuration "${config.name ?? config.type}"`;
    const key = `the key "${entry.name}" (${maskedKeyOf(entry)})`;
    if (advice.why === 'notLaunch' || advice.why === 'childSession' || advice.why === 'alreadySet') return;
    if (advice.why === 'terminal' && advice.host === 'integratedTerminal') {
      this.deps.logger.info(`Debug: ${launch} runs its program in the integrated terminal, which gets ${key} from the terminal environment; it is not added to the configuration.`);
      return;
    }
    const message =
      advice.why === 'tracing'
        ? `Infinipost did not add ${key} to ${launch}: its "${advice.field}" setting turns on debug adapter logging, which records the configuration and would record the key. Turn "${advice.field}" off to give the program the key.`
        : advice.host === 'externalTerminal'
          ? `Infinipost did not add ${key} to ${launch}: its program runs in an external terminal, which does not get the terminal environment, and adding the key to the configuration would show it to other extensions (and, on macOS, put it on a command line). Use "console": "integratedTerminal" (that terminal gets the key) or "internalConsole".`
          : `Infinipost did not add ${key} to ${launch}: its "console" (or "terminal") value is not one Infinipost knows, so it cannot tell whether the key would be typed into a terminal. Use "internalConsole" or "integratedTerminal".`;
    this.deps.logger.warn(`Debug: ${message}`);
    const once = advice.why === 'tracing' ? `tracing:${advice.field}` : `terminal:${advice.host}`;
    if (this.debugWarnings.has(once)) return;
    this.debugWarnings.add(once);
    void vscode.window.showWarningMessage(message);
  }
}
