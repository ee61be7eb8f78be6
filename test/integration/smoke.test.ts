import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'infinipost.infinipost-vscode';

describe('extension', () => {
  it('activates in the extension host', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the host`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  it('registers exactly the commands package.json contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    // The workbench adds focus/toggle commands of its own for each contributed view.
    const viewIds = (extension.packageJSON.contributes.views.infinipost as Array<{ id: string }>).map((v) => v.id + '.');
    const registered = (await vscode.commands.getCommands(true))
      .filter((id) => id.startsWith('infinipost.') && !viewIds.some((prefix) => id.startsWith(prefix)))
      .sort();
    assert.deepStrictEqual(registered, contributed);
  });
});
