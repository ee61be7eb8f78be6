import * as assert from 'assert';
import * as vscode from 'vscode';
import { KeyMetadata } from '../../src/core/keyIndex';
import { KeyNode } from '../../src/vault/keyTreeProvider';

// The row a person sees in the API Keys view, as VS Code receives it (label, description, tooltip).
describe('API Keys row (real host)', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const entry = (name: string, environment: KeyMetadata['environment']): KeyMetadata => ({
    id: `id-${name}`,
    name,
    environment,
    mode: 'live',
    last4: 'abOT',
    createdAt: '2026-03-01T12:00:00Z',
    updatedAt: '2026-03-01T12:00:00Z',
  });
  const tooltipText = (node: KeyNode) => (node.tooltip instanceof vscode.MarkdownString ? node.tooltip.value : assert.fail('the tooltip is not Markdown'));

  it('shows name, masked key and LIVE, without repeating the environment the key is named after', () => {
    const node = new KeyNode('id-Production', entry('Production', 'Production'), true, now);
    assert.strictEqual(node.label, 'Production');
    assert.strictEqual(node.description, 'sk_live_…abOT · LIVE');
    // The rest is in the tooltip and the accessible label.
    const tooltip = tooltipText(node);
    assert.match(tooltip, /\*\*Production\*\* — active key/);
    assert.match(tooltip, /`sk_live_…abOT` · Production · LIVE/);
    assert.match(tooltip, /Added .* \(9 days\)/);
    assert.strictEqual(node.accessibilityInformation!.label, 'Production, live key ending abOT, Production, added 9 days, active');
  });

  it('names the environment when the name does not, and leads with a leak', () => {
    const node = new KeyNode('id-Billing', entry('Billing', 'Staging'), false, now, true);
    assert.strictEqual(node.description, 'leaked — rotate · sk_live_…abOT · Staging · LIVE');
    assert.match(tooltipText(node), /\*\*Leaked in git history — rotate\.\*\*/);
  });
});
