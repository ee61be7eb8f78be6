// While a key is injected, desktop VS Code with its default terminal settings writes every
// terminal's environment (the key included) to workspace storage when the last window closes, to
// "revive" the terminals next time (see src/core/terminalRevival.ts for the VS Code source). The
// extension cannot stop that for its own variable alone: VS Code serialises whole environments, and
// even `isTransient` terminals (src/vs/platform/terminal/node/ptyService.ts `serializeTerminalState`
// does not check `shouldPersist`). So it asks the person, once, whether to turn revival off in their
// user settings, and changes nothing without that choice.
import * as vscode from 'vscode';
import { KeyMode } from '../core/keyTypes';
import { adviseTerminalRevival, RevivalAdvice } from '../core/terminalRevival';
import { Logger } from '../shared/logger';

const KEPT_STATE = 'infinipost.terminalRevival.kept';
const TERMINAL_SECTION = 'terminal.integrated';
const REVIVE_SETTING = 'persistentSessionReviveProcess';
const PERSIST_SETTING = 'enablePersistentSessions';
const LEARN_MORE = vscode.Uri.parse('https://code.visualstudio.com/docs/terminal/advanced#_persistent-sessions');

export const REVIVAL_CHOICES = {
  dontRestore: "Don't Restore Terminal Processes",
  openWorkspaceSettings: 'Open Workspace Settings',
  keep: 'Keep',
  learnMore: 'Learn More',
} as const;

export interface RevivalDeps {
  /** Which key mode new terminals get now, and when that changes. */
  injection: { mode(): KeyMode | undefined; onDidChange: vscode.Event<void> };
  globalState: vscode.Memento;
  logger: Logger;
}

interface Question {
  advice: Exclude<RevivalAdvice, { ask: false }>;
  message: string;
  choices: string[];
}

export class TerminalRevivalGuard implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private asked = false;
  private pending: Question | undefined;
  private lastQuestion: Question | undefined;
  private shown = 0;
  /** Test mode only: the web host never persists terminals, so tests play a desktop window. */
  simulateDesktop = false;

  constructor(private readonly deps: RevivalDeps) {
    this.disposables.push(
      deps.injection.onDidChange(() => this.check()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${TERMINAL_SECTION}.${REVIVE_SETTING}`) || e.affectsConfiguration(`${TERMINAL_SECTION}.${PERSIST_SETTING}`)) this.check();
      }),
    );
  }

  dispose(): void {
    this.disposables.forEach((d) => {
      d.dispose();
    });
  }

  /** What the person would be asked now (nothing is shown by this call). */
  advice(): RevivalAdvice {
    const terminal = vscode.workspace.getConfiguration(TERMINAL_SECTION);
    return adviseTerminalRevival({
      injected: this.deps.injection.mode(),
      persistsOnShutdown: vscode.env.uiKind !== vscode.UIKind.Web || this.simulateDesktop,
      enablePersistentSessions: terminal.inspect(PERSIST_SETTING) ?? {},
      persistentSessionReviveProcess: terminal.inspect(REVIVE_SETTING) ?? {},
      kept: this.deps.globalState.get<KeyMode[]>(KEPT_STATE) ?? [],
      askedThisSession: this.asked,
    });
  }

  /** Shows the one question when the advice says so. */
  check(): void {
    const advice = this.advice();
    if (!advice.ask) return;
    this.asked = true;
    const question = describe(advice);
    this.pending = question;
    this.lastQuestion = question;
    this.deps.logger.info(`Terminal revival: asked (${advice.ask}, ${advice.mode} key).`);
    this.show(question);
  }

  private show(question: Question): void {
    this.shown++;
    void vscode.window.showWarningMessage(question.message, ...question.choices).then(
      (choice) => this.answer(choice),
      (error) => this.deps.logger.warn(`Terminal revival question failed: ${String(error)}`),
    );
  }

  /** Acts on the person's answer to the pending question (a click, or a test playing one). */
  async answer(choice: string | undefined): Promise<void> {
    const question = this.pending;
    if (!question || choice === undefined || !question.choices.includes(choice)) return;
    this.pending = undefined;
    try {
      if (choice === REVIVAL_CHOICES.dontRestore) {
        await vscode.workspace.getConfiguration(TERMINAL_SECTION).update(REVIVE_SETTING, 'never', vscode.ConfigurationTarget.Global);
        this.deps.logger.info(`Terminal revival: set ${TERMINAL_SECTION}.${REVIVE_SETTING} to "never" in user settings, as chosen.`);
      } else if (choice === REVIVAL_CHOICES.keep) {
        const kept = this.deps.globalState.get<KeyMode[]>(KEPT_STATE) ?? [];
        if (!kept.includes(question.advice.mode)) await this.deps.globalState.update(KEPT_STATE, [...kept, question.advice.mode]);
        this.deps.logger.info(`Terminal revival: kept for ${question.advice.mode} keys, as chosen.`);
      } else if (choice === REVIVAL_CHOICES.openWorkspaceSettings) {
        await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
      } else if (choice === REVIVAL_CHOICES.learnMore) {
        await vscode.env.openExternal(LEARN_MORE);
        // Reading is not an answer: the same question comes back, once, without "Learn More".
        const again = { ...question, choices: question.choices.filter((c) => c !== REVIVAL_CHOICES.learnMore) };
        this.pending = again;
        this.lastQuestion = again;
        this.show(again);
      }
    } catch (error) {
      this.deps.logger.error(`Terminal revival: "${choice}" failed: ${String(error)}`);
      void vscode.window.showErrorMessage(`Infinipost could not apply "${choice}": ${String(error)}`);
    }
  }

  /** Test mode only: play a desktop window, read the question shown, answer it as a click would, start over. */
  testHooks() {
    return {
      simulateDesktop: (on: boolean) => {
        this.simulateDesktop = on;
        this.check();
      },
      lastQuestion: () => this.lastQuestion && { message: this.lastQuestion.message, choices: [...this.lastQuestion.choices], shown: this.shown },
      answer: (choice: string) => this.answer(choice),
      /** A new window session: the question may come again; "Keep" stays remembered. */
      newSession: () => {
        this.asked = false;
        this.pending = undefined;
        this.lastQuestion = undefined;
        this.shown = 0;
        this.check();
      },
      forgetKept: () => this.deps.globalState.update(KEPT_STATE, undefined),
    };
  }
}

function describe(advice: Exclude<RevivalAdvice, { ask: false }>): Question {
  const what = `VS Code saves terminal environments, including your ${advice.mode} API key, to disk when it restores terminals after a restart.`;
  if (advice.ask === 'userSetting') {
    return {
      advice,
      message: `Infinipost: ${what} Stop restoring terminal processes (sets terminal.integrated.persistentSessionReviveProcess to "never" in your user settings)?`,
      choices: [REVIVAL_CHOICES.dontRestore, REVIVAL_CHOICES.keep, REVIVAL_CHOICES.learnMore],
    };
  }
  const where = advice.scope === 'workspace' ? "this workspace's settings" : "a folder's settings";
  return {
    advice,
    message: `Infinipost: ${what} Here ${where} turn that on (terminal.integrated.persistentSessionReviveProcess), and your user settings cannot change it: set it to "never" there, or keep it.`,
    choices: [REVIVAL_CHOICES.openWorkspaceSettings, REVIVAL_CHOICES.keep, REVIVAL_CHOICES.learnMore],
  };
}
