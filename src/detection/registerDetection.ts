import * as vscode from 'vscode';
import { CommandTable } from '../shared/commandRegistry';
import { lazyEntry, startAfterActivation } from '../shared/lazy';
import { Logger } from '../shared/logger';
import type { DetectionService } from './detectionService';
import type * as DetectionEntry from './detectionEntry';
import { registerIgnoreActions } from './registerIgnoreActions';
import type { ScanRoute } from './workspaceScan';

/** What the detection feature gives the rest of the extension. */
export interface DetectionFeature {
  commands: CommandTable;
  /** Current findings per file and for the workspace, for the refactor feature's quick fixes (starts detection if it has not yet). */
  service: () => DetectionService;
  /** Tests only: force how the scan lists files, and read which way the last scan went. */
  scanRoute: { use(route: ScanRoute | undefined): void; last(): ScanRoute | undefined };
}

/**
 * Hard-coded key detection: diagnostics as you type, git awareness, the workspace scan and its
 * command, ignore quick fixes. All but the registrations live in dist/detection.js, started once
 * activation has returned (it lints the documents already open then), or by the first command.
 */
export function registerDetection(context: vscode.ExtensionContext, logger: Logger): DetectionFeature {
  const load = lazyEntry<typeof DetectionEntry>('detection');
  const feature = startAfterActivation(context.subscriptions, 'key detection', logger, () => load().startDetection(logger));
  const ignore = registerIgnoreActions(feature);
  context.subscriptions.push(ignore.disposable);
  return {
    commands: { 'infinipost.scanWorkspace': () => feature().scanWorkspace(), ...ignore.commands },
    service: () => feature().service,
    scanRoute: { use: (route) => feature().scanRoute.use(route), last: () => feature().scanRoute.last() },
  };
}
