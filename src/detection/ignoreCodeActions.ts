// Quick fixes on key diagnostics that keep the key where it is: an ignore comment, or (for a .env
// file git would commit) a .gitignore entry. Moving keys out is the refactor feature's provider.
import * as path from 'path';
import * as vscode from 'vscode';
import { ownUiArgument } from '../shared/commandRegistry';
import { ensureGitignored } from '../core/dotenvFix';
import { ignoreCommentEdit } from '../core/ignoreComment';
import { detectKeys } from '../core/keyDetector';
import { writeInsteadOfEdit } from '../shared/historySafeWrite';
import { DetectionService } from './detectionService';
import { isKeyDiagnostic } from './diagnostics';
import { GitStatus, relativePath } from '../node/gitStatus';
import { IGNORE_KEY_COMMAND } from './registerIgnoreActions';

/** Titles, so tests and the other providers can tell these actions apart. */
export const IGNORE_KEY_TITLE = 'Ignore this key here';

const ATTEMPTS = 3;

/**
 * Adds the ignore comment above the key at a position. The key stays in the file, so the comment is
 * written to the file rather than made as an edit that VS Code would save (with `files.autoSave`)
 * into Local History; a document with unsaved changes gets a normal edit (its next save is the person's).
 */
export async function ignoreKeyHere(arg: unknown): Promise<{ ignored: boolean }> {
  const target = (arg && typeof arg === 'object' ? arg : {}) as { uri?: unknown; line?: unknown; character?: unknown };
  if (typeof target.uri !== 'string' || typeof target.line !== 'number' || typeof target.character !== 'number') {
    throw new Error('Use "Ignore this key here" from the light bulb on the key.');
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
  const position = new vscode.Position(target.line, target.character);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const text = document.getText();
    const offset = document.offsetAt(position);
    if (!detectKeys(text).findings.some((key) => key.start <= offset && offset < key.end)) {
      throw new Error('There is no hard-coded Infinipost key at that position any more (or it is already ignored).');
    }
    const insertion = ignoreCommentEdit(text, document.languageId, offset);
    if (!insertion) throw new Error('There is no place for an ignore comment above this key.');
    const outcome = await writeInsteadOfEdit(document, text, text.slice(0, insertion.offset) + insertion.insert + text.slice(insertion.offset));
    if (outcome === 'written') return { ignored: true };
    if (outcome === 'unsupported') {
      // No await between reading the text and the edit: it carries this document version.
      const current = document.getText();
      const at = ignoreCommentEdit(current, document.languageId, document.offsetAt(position));
      if (!at || current !== text) continue;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, document.positionAt(at.offset), at.insert);
      if (await vscode.workspace.applyEdit(edit)) return { ignored: true };
    }
  }
  throw new Error('The file kept changing; nothing was added. Try "Ignore this key here" again.');
}

/** The quick fix title for adding a file to .gitignore. */
export function gitignoreTitle(fileName: string): string {
  return `Add ${fileName} to .gitignore`;
}

/** The quick fixes for every document the detection checks (registered by registerIgnoreActions). */
export class IgnoreCodeActions implements vscode.CodeActionProvider {
  constructor(
    private readonly service: DetectionService,
    private readonly git: GitStatus,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const diagnostics = context.diagnostics.filter(isKeyDiagnostic);
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
      const start = lineDiagnostics[0].range.start;
      if (!ignoreCommentEdit(text, document.languageId, document.offsetAt(start))) continue;
      const action = new vscode.CodeAction(IGNORE_KEY_TITLE, vscode.CodeActionKind.QuickFix);
      // A command, not an edit: the comment is written to the file so no save copies the key into
      // Local History (see shared/historySafeWrite).
      action.command = { command: IGNORE_KEY_COMMAND, title: IGNORE_KEY_TITLE, arguments: [ownUiArgument({ uri: document.uri.toString(), line: start.line, character: start.character })] };
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
    const gitignoreUri = vscode.Uri.file(path.join(root, '.gitignore'));
    const existing = await readText(gitignoreUri);
    // Already ignored by a pattern (a tracked file stays tracked until `git rm --cached`): nothing to add.
    const updated = ensureGitignored(existing, relativePath(root, document.uri.fsPath), { anchored: true });
    if (updated === undefined) return undefined;
    const action = new vscode.CodeAction(gitignoreTitle(path.basename(document.uri.fsPath)), vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    if (existing === undefined) {
      action.edit.createFile(gitignoreUri, { ignoreIfExists: true, contents: Buffer.from(updated, 'utf8') });
    } else {
      // The writer only appends: insert what it added at the end.
      const lines = existing.split(/\r\n|\r|\n/);
      const end = new vscode.Position(lines.length - 1, lines[lines.length - 1].length);
      action.edit.insert(gitignoreUri, end, updated.slice(existing.length));
    }
    action.diagnostics = atRisk;
    action.isPreferred = true;
    return action;
  }
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
