// Offers the commit guard once per repository that has a hard-coded key in its working tree:
// Protect Commits / Not Now (this session) / Never (remembered). Nothing is installed without a click.
import * as path from 'path';
import * as vscode from 'vscode';
import { DetectionService } from '../detection/detectionService';
import { HookLocation, locateHook, readHookState } from '../node/commitHookFiles';
import { Logger } from '../shared/logger';
import { CommitGuard } from './commitGuard';

const NEVER_OFFER_KEY = 'infinipost.commitGuard.neverOffer';
const SETTLE_MS = 2000;
const MAX_REMEMBERED = 500;

export interface GuardOfferDeps {
  detection: DetectionService;
  guard: CommitGuard;
  state: vscode.Memento;
  logger: Logger;
}

/** Watches the findings and offers the guard for repositories that hold keys and are not protected. */
export function offerCommitGuard(deps: GuardOfferDeps): vscode.Disposable {
  const offered = new Set<string>();
  const locations = new Map<string, Promise<HookLocation | undefined>>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const repositoriesWithKeys = async (): Promise<HookLocation[]> => {
    const dirs = new Set(
      deps.detection
        .workspaceFindings()
        .filter((key) => key.uri.scheme === 'file' && (key.git === 'tracked' || key.git === 'untracked' || key.git === 'committed'))
        .map((key) => path.dirname(key.uri.fsPath)),
    );
    const found = new Map<string, HookLocation>();
    for (const dir of dirs) {
      if (!locations.has(dir)) locations.set(dir, locateHook(dir).catch(() => undefined));
      const location = await locations.get(dir);
      if (location) found.set(location.root, location);
    }
    return [...found.values()];
  };

  const check = async (): Promise<void> => {
    if (running || !vscode.workspace.isTrusted) return;
    running = true;
    try {
      const never = new Set(deps.state.get<string[]>(NEVER_OFFER_KEY, []));
      for (const location of await repositoriesWithKeys()) {
        if (offered.has(location.root) || never.has(location.root)) continue;
        offered.add(location.root);
        if ((await readHookState(location)).kind === 'ours') continue;
        // Not awaited: a notification nobody answers must not hold back the offer for other repositories.
        offer(location, deps).catch((error) => deps.logger.warn(`Commit guard offer: ${String(error)}`));
      }
    } finally {
      running = false;
    }
  };

  const subscription = deps.detection.onDidChange(() => {
    clearTimeout(timer);
    timer = setTimeout(() => void check().catch((error) => deps.logger.warn(`Commit guard offer: ${String(error)}`)), SETTLE_MS);
  });
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    subscription.dispose();
  });
}

async function offer(location: HookLocation, deps: GuardOfferDeps): Promise<void> {
  const protect = 'Protect Commits';
  const never = 'Never';
  const choice = deps.guard.answerOffer
    ? deps.guard.answerOffer(location)
    : await vscode.window.showInformationMessage(
        `Infinipost found an API key in ${path.basename(location.root)}. Refuse commits that add a key to this repository? (A pre-commit hook checks only the lines you commit.)`,
        protect,
        'Not Now',
        never,
      );
  if (choice === protect) {
    await deps.guard.protect(location, true).catch((error) => void vscode.window.showErrorMessage(`Infinipost: ${String(error instanceof Error ? error.message : error)}`));
  } else if (choice === never) {
    const list = deps.state.get<string[]>(NEVER_OFFER_KEY, []).filter((root) => root !== location.root);
    await deps.state.update(NEVER_OFFER_KEY, [...list, location.root].slice(-MAX_REMEMBERED));
  }
}
