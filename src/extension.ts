import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Infinipost', { log: true });
  context.subscriptions.push(output);
  const pkg = context.extension.packageJSON as { contributes: { commands: { command: string }[] } };
  for (const { command } of pkg.contributes.commands) {
    context.subscriptions.push(vscode.commands.registerCommand(command, () => output.show()));
  }
}

export function deactivate(): void {}
