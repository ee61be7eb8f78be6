// Entry point of dist/ignoreActions.js: the "Ignore this key here" and ".gitignore" quick fixes and
// the command that writes the ignore comment, loaded the first time a key diagnostic asks for them.
import { DetectionService } from './detectionService';
import { GitStatus } from '../node/gitStatus';
import { IgnoreCodeActions, ignoreKeyHere } from './ignoreCodeActions';

/** The main bundle hands over the state all bundles share (src/shared/lazy.ts). */
export { adoptBundleState } from '../shared/bundleState';

export function createIgnoreActions(service: DetectionService, git: GitStatus): { codeActions: IgnoreCodeActions; ignoreKeyHere: typeof ignoreKeyHere } {
  return { codeActions: new IgnoreCodeActions(service, git), ignoreKeyHere };
}
