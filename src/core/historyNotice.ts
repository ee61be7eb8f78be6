/**
 * The sentence a finished move adds to the notification that reports it: earlier saved versions of
 * the file may still hold the key in VS Code's Local History and, when the key was committed, in
 * git, where only rotating the key helps.
 */
export function historyNoticeText(options: { localHistory: boolean; committed: boolean }): string {
  const history = 'Earlier saved versions of the file may still hold the key in VS Code\'s Local History (Timeline view)';
  if (!options.committed) return options.localHistory ? `${history}.` : '';
  return options.localHistory
    ? `${history}, and it was committed to git: rotate the key.`
    : 'The key was committed to git: rotate it.';
}
