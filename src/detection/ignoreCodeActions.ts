// Quick fixes on key diagnostics that keep the key where it is: an ignore comment, or (for a .env
// file git would commit) a .gitignore entry. Moving keys out is the refactor feature's provider.
import * as path from 'path';
import * as vscode from 'vscode';
import { ignoreCommentEdit } from '../core/ignoreComment';
import { DetectionService } from './detectionService';
import { DIAGNOSTIC_SOURCE, isKeyDiagnosticCode } from './diagnostics';
import { GitStatus, relativePath } from './gitStatus';

/** Titles, so tests and the other providers can tell these actions apart. */
export const IGNORE_KEY_TITLE = 'Ignore this key here';

/** The quick fix title for adding a file to .gitignore. */
export function gitignoreTitle(fileName: string): string {
  return `Add ${fileName} to .gitignore`;
}

/** Registers the provider for every document the detection checks. */
export function registerIgnoreCodeActions(service: DetectionService, git: GitStatus): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }],
    new IgnoreCodeActions(service, git),
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}

class IgnoreCodeActions implements vscode.CodeActionProvider {
  constructor(
    private readonly service: DetectionService,
    private readonly git: GitStatus,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && isKeyDiagnosticCode(d.code));
    if (diagnostics.length === 0) return [];
    const actions = this.ignoreActions(document, diagnostics);
    const gitignore = await this.gitignoreAction(document, diagnostics);
    return gitignore ? [gitignore, ...actions] : actions;
  }

  // One action per line: the comment covers every key on the line below it.
  private ignoreActions(document: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): vscode.CodeAction[] {
    const byLine = new Map<number, vscode.Diagnostic[]>();
    for (const diagnostic of diagnostics) {
      const line = diagnostic.range.start.line;
      const onLine = byLine.get(line);
      if (onLine) onLine.push(diagnostic);
      else byLine.set(line, [diagnostic]);
    }
    const text = document.getText();
    const actions: vscode.CodeAction[] = [];
    for (const lineDiagnostics of byLine.values()) {
      const insertion = ignoreCommentEdit(text, document.languageId, document.offsetAt(lineDiagnostics[0].range.start));
      if (!insertion) continue;
      const action = new vscode.CodeAction(IGNORE_KEY_TITLE, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.insert(document.uri, document.positionAt(insertion.offset), insertion.insert);
      action.diagnostics = lineDiagnostics;
      action.isPreferred = false;
      actions.push(action);
    }
    return actions;
  }

  private async gitignoreAction(document: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): Promise<vscode.CodeAction | undefined> {
    const keys = this.service.findingsFor(document.uri);
    const atRisk = diagnostics.filter((d) =>
      keys.some((key) => key.envFile && key.range.isEqual(d.range) && (key.git === 'tracked' || key.git === 'committed' || key.git === 'untracked')),
    );
    if (atRisk.length === 0 || document.uri.scheme !== 'file') return undefined;
    const root = await this.git.repositoryRoot(document.uri.fsPath);
    if (!root) return undefined;
    const entry = gitignoreEntry(relativePath(root, document.uri.fsPath));
    const gitignoreUri = vscode.Uri.file(path.join(root, '.gitignore'));
    const existing = await readText(gitignoreUri);
    // Already listed (a tracked file stays tracked until `git rm --cached`): nothing to add.
    if (existing !== undefined && existing.split(/\r?\n/).some((line) => line.trim() === entry)) return undefined;
    const action = new vscode.CodeAction(gitignoreTitle(path.basename(document.uri.fsPath)), vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    if (existing === undefined) {
      action.edit.createFile(gitignoreUri, { ignoreIfExists: true, contents: Buffer.from(entry + '\n', 'utf8') });
    } else {
      const lineBreak = existing.includes('\r\n') ? '\r\n' : '\n';
      const separator = existing.length === 0 || existing.endsWith('\n') ? '' : lineBreak;
      const lines = existing.split(/\r\n|\r|\n/);
      const end = new vscode.Position(lines.length - 1, lines[lines.length - 1].length);
      action.edit.insert(gitignoreUri, end, separator + entry + lineBreak);
    }
    action.diagnostics = atRisk;
    action.isPreferred = true;
    return action;
  }
}

/** A .gitignore line matching exactly one file, relative to the repository root. */
export function gitignoreEntry(relPath: string): string {
  // Anchored with `/`; glob characters, and a leading `#` or `!`, escaped.
  return '/' + relPath.replace(/[\\*?[\]]/g, '\\$&').replace(/^([#!])/, '\\$1').replace(/ $/, '\\ ');
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return undefined;
  }
}
