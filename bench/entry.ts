import * as path from 'path';

/**
 * Whether the script Node was started with is `name` (bench/out/<name>.js, or bench/<name>.ts under
 * tsx). `require.main === module` cannot tell: bench/out/run.js bundles the other benchmarks, and in
 * a bundle every module shares the entry's `module`, so their command-line mains would run too.
 */
export function isEntry(name: string): boolean {
  return path.basename(process.argv[1] ?? '').replace(/\.(js|ts)$/, '') === name;
}
