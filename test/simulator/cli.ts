// Runs the Infinipost API simulator as a process for the `npm start` demo and manual tries:
//   npx tsx test/simulator/cli.ts --port 0 --keys-file keys.json     (or INFINIPOST_SIM_KEYS='{"<key>":{"kind":"valid"}}')
// Prints exactly one line to stdout, INFINIPOST_SIMULATOR_URL=http://127.0.0.1:PORT, so a parent can read the URL.
// Keys come from a file or the environment, never from argv, where any local user could read them.
import { readFileSync } from 'fs';
import { SimulatedKey, startApiSimulator } from './apiSimulator';
import { maskKey } from '../../src/core/mask';

const KINDS = new Set<SimulatedKey['kind']>(['valid', 'expired', 'forbidden', 'rateLimited', 'serverError', 'notJson', 'hang', 'endlessBody', 'redirect']);

/** Parses `--port N` and `--keys-file PATH` (also `--flag=value`); unknown flags are an error so typos do not pass silently. */
export function parseArgs(argv: readonly string[]): { port: number; keysFile?: string } {
  let port = 0;
  let keysFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) {
        throw new Error(`${flag} needs a value`);
      }
      return v;
    };
    if (flag === '--port') {
      port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error('--port must be an integer between 0 and 65535');
      }
    } else if (flag === '--keys-file') {
      keysFile = value();
    } else {
      throw new Error(`Unknown argument ${flag}; usage: cli.ts [--port N] [--keys-file keys.json]`);
    }
  }
  return { port, ...(keysFile ? { keysFile } : {}) };
}

/** Validates a `{ "<key>": { "kind": ... } }` object; error messages show masked keys only. */
export function parseKeys(json: string, source: string): Record<string, SimulatedKey> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${source} must be a JSON object mapping keys to behaviours`);
  }
  const keys: Record<string, SimulatedKey> = {};
  for (const [key, behaviour] of Object.entries(parsed as Record<string, unknown>)) {
    const kind = (behaviour as { kind?: unknown } | null)?.kind;
    if (typeof kind !== 'string' || !KINDS.has(kind as SimulatedKey['kind'])) {
      throw new Error(`${source}: behaviour for ${maskKey(key)} needs "kind", one of ${[...KINDS].join(', ')}`);
    }
    if (kind === 'redirect' && typeof (behaviour as { location?: unknown }).location !== 'string') {
      throw new Error(`${source}: redirect for ${maskKey(key)} needs "location"`);
    }
    keys[key] = behaviour as SimulatedKey;
  }
  return keys;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const keys = args.keysFile
    ? parseKeys(readFileSync(args.keysFile, 'utf8'), args.keysFile)
    : process.env.INFINIPOST_SIM_KEYS
      ? parseKeys(process.env.INFINIPOST_SIM_KEYS, 'INFINIPOST_SIM_KEYS')
      : {};
  const simulator = await startApiSimulator({ port: args.port, keys });
  process.stdout.write(`INFINIPOST_SIMULATOR_URL=${simulator.url}\n`);
  process.stderr.write(
    `Infinipost API simulator on ${simulator.url} with ${Object.keys(keys).length} key(s): ` +
      (Object.entries(keys).map(([key, b]) => `${maskKey(key)} ${b.kind}`).join(', ') || 'none') +
      '\n',
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Only run when executed, so tests can import parseArgs/parseKeys without starting a server.
if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`infinipost simulator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
