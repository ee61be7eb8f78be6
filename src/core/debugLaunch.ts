// Whether the key may go into a launch configuration's `env`, read from the configuration alone.
//
// Whatever is in a resolved configuration is public to every extension: it is
// `debug.activeDebugSession.configuration`, the `launch` request a debug adapter tracker sees, and
// what an adapter writes to its trace log. So the key goes there only when nothing else can reach the
// program, that is when the adapter starts the program itself. Read in the sources:
// - VS Code 1.100.3, src/vs/workbench/api/node/extHostDebugService.ts `$runInTerminal`: a
//   `runInTerminal` request of kind `integrated` creates its terminal with
//   `createTerminalFromOptions(..., { isFeatureTerminal: true, ... })` and types
//   `prepareCommand(shell, args, ..., args.env)` into it; src/vs/workbench/contrib/debug/node/terminals.ts
//   turns `env` into `/usr/bin/env 'NAME=value' …` (or `${env:NAME}='value';` in PowerShell): the key on
//   screen and in shell history. That terminal gets the environment variable collection like any other
//   (src/vs/workbench/contrib/terminal/browser/terminalProcessManager.ts `_resolveEnvironment` applies
//   it unless `strictEnv`; src/vs/platform/terminal/common/terminalEnvironment.ts
//   `shouldUseEnvironmentVariableCollection`), so the program has the key without `env`.
// - Kind `external` (same file, `runInExternalTerminal`; src/vs/platform/externalTerminal/node/
//   externalTerminalService.ts): the collection does not apply, and on macOS `env` becomes `-e NAME=value`
//   arguments of osascript (a command line any process can list). The key is not offered there.
// - js-debug v1.100.1 (the one VS Code 1.100 ships), src/targets/node/terminalProgramLauncher.ts: any
//   `console` but `internalConsole` launches through `runInTerminal` with `env: config.env`;
//   subprocessProgramLauncher.ts spawns the program itself with `config.env` for `internalConsole`
//   (its default, src/configuration.ts). src/binder.ts + src/common/logging/index.ts: `trace: true` or
//   an object writes a log file (`vscode-debugadapter-*.json` in the temp folder unless `logFile`) that
//   records the protocol traffic, including the launch request with its `env`.
//   src/sessionManager.ts and src/configuration.ts (`IPseudoAttachConfiguration`): for each process it
//   debugs, js-debug starts a child session whose configuration has `request: 'launch'` and a
//   `__pendingTargetId`; it attaches to a program that already runs, so it gets no key either.

/** Where the program of a launch configuration runs. */
export type ProgramHost = 'adapter' | 'integratedTerminal' | 'externalTerminal' | 'unknown';

export type DebugEnvAdvice =
  | { add: true; host: 'adapter' }
  | { add: false; why: 'notLaunch' }
  /** A child session attaching to a process another session started (js-debug `__pendingTargetId`). */
  | { add: false; why: 'childSession' }
  | { add: false; why: 'alreadySet' }
  | { add: false; why: 'terminal'; host: Exclude<ProgramHost, 'adapter'> }
  /** The configuration turns on adapter logging; `field` names the setting that does. */
  | { add: false; why: 'tracing'; field: string };

// Debugger types whose program runs in a terminal when the configuration says nothing.
// debugpy/python and Java default `console` to `integratedTerminal`; CodeLLDB (`lldb`) defaults
// `terminal` to `integrated`; js-debug's `node-terminal` always runs in a terminal it creates.
const TERMINAL_BY_DEFAULT: Readonly<Record<string, ProgramHost>> = {
  python: 'integratedTerminal',
  debugpy: 'integratedTerminal',
  java: 'integratedTerminal',
  lldb: 'integratedTerminal',
};

const CONSOLE_VALUES: Readonly<Record<string, ProgramHost>> = {
  internalConsole: 'adapter',
  integratedTerminal: 'integratedTerminal',
  externalTerminal: 'externalTerminal',
};

// CodeLLDB's `terminal` option.
const TERMINAL_VALUES: Readonly<Record<string, ProgramHost>> = {
  console: 'adapter',
  integrated: 'integratedTerminal',
  external: 'externalTerminal',
};

type Config = Readonly<Record<string, unknown>>;

/** Where the configuration's program runs: its `console` (or `externalConsole`, `terminal`), else the type's default. */
export function programHost(config: Config): ProgramHost {
  if (config.type === 'node-terminal') return 'integratedTerminal';
  if (config.console !== undefined) return (typeof config.console === 'string' && CONSOLE_VALUES[config.console]) || 'unknown';
  if (config.externalConsole === true) return 'externalTerminal';
  if (config.terminal !== undefined) return (typeof config.terminal === 'string' && TERMINAL_VALUES[config.terminal]) || 'unknown';
  return (typeof config.type === 'string' && TERMINAL_BY_DEFAULT[config.type]) || 'adapter';
}

// Go (dlv-dap) trace levels that log the protocol; `info`, `warn`, `error` do not.
const VERBOSE_TRACE_LEVELS: ReadonlySet<string> = new Set(['verbose', 'trace', 'log', 'debug']);
// cppdbg/cppvsdbg/coreclr `logging.*` switches that log the engine or the protocol.
const PROTOCOL_LOGGING_FLAGS = ['engineLogging', 'trace', 'traceResponse'];

/** The configuration field that turns on adapter tracing or protocol logging, if any. */
export function tracingField(config: Config): string | undefined {
  const trace = config.trace;
  // js-debug fills an object's missing fields from { stdio: true, logFile: <temp file> }, so only
  // { stdio: false, logFile: null } is off.
  if (trace === true) return 'trace';
  if (typeof trace === 'string' && VERBOSE_TRACE_LEVELS.has(trace)) return 'trace';
  if (isObject(trace) && !(trace.stdio === false && (trace.logFile === null || trace.logFile === ''))) return 'trace';
  const logging = config.logging;
  if (isObject(logging)) {
    const flag = PROTOCOL_LOGGING_FLAGS.find((name) => logging[name] === true);
    if (flag) return `logging.${flag}`;
    // C# Dev Kit: logging.diagnosticsLog.protocolMessages
    if (isObject(logging.diagnosticsLog) && logging.diagnosticsLog.protocolMessages === true) return 'logging.diagnosticsLog.protocolMessages';
  }
  if (config.logToFile === true) return 'logToFile'; // debugpy
  if (config.showLog === true) return 'showLog'; // Go
  if (typeof config.logOutput === 'string' && config.logOutput.length > 0) return 'logOutput'; // Go
  if (config.log === true) return 'log'; // PHP Xdebug adapter
  return undefined;
}

/** Decides whether the key goes into a launch configuration's `env` as `variable`. */
export function adviseDebugEnv(config: Config, variable: string): DebugEnvAdvice {
  if (config.request !== 'launch') return { add: false, why: 'notLaunch' };
  if (config.__pendingTargetId !== undefined) return { add: false, why: 'childSession' };
  if (isObject(config.env) && Object.prototype.hasOwnProperty.call(config.env, variable)) return { add: false, why: 'alreadySet' };
  const host = programHost(config);
  if (host !== 'adapter') return { add: false, why: 'terminal', host };
  const field = tracingField(config);
  if (field) return { add: false, why: 'tracing', field };
  return { add: true, host };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
