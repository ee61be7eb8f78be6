// What the history benchmark times: one `scanHistory` run in a fresh Node process, printing the
// command's public result (masked keys only) as JSON.
import { publicHistoryKey } from '../src/core/historyModel';
import { scanHistory } from '../src/node/historyScan';

async function main(): Promise<void> {
  const repo = process.argv[2];
  if (!repo) throw new Error('usage: node historyScanCli.js <repository>');
  const started = process.hrtime.bigint();
  const result = await scanHistory({ repo, maxBlobBytes: 2 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const output = {
    ms,
    blobsScanned: result.blobsScanned,
    commits: result.commits,
    skipped: result.skipped,
    notes: result.notes,
    keys: result.keys.map((key) => publicHistoryKey(key)),
  };
  process.stdout.write(JSON.stringify(output) + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
