// Entry point of dist/apiCheck.js: the API client and result interpretation, loaded the first time
// a key is tested or a "Test this key" action is asked for.
import { checkKey } from '../node/apiClient';
import { TestKeyDeps, TestLiteralCodeActions, testKeyCommands } from './testKeyCommand';

/** The main bundle hands over the state all bundles share (src/shared/lazy.ts). */
export { adoptBundleState } from '../shared/bundleState';

/** The "Test this key" provider and the Test API Key command. */
export function createApiCheck(deps: Omit<TestKeyDeps, 'checkKey'>): { codeActions: TestLiteralCodeActions; commands: ReturnType<typeof testKeyCommands> } {
  return { codeActions: new TestLiteralCodeActions(), commands: testKeyCommands({ ...deps, checkKey }) };
}
