import * as assert from 'assert';
import { adviseDebugEnv, programHost, tracingField } from '../../src/core/debugLaunch';

const VARIABLE = 'INFINIPOST_API_KEY';
const launch = (extra: Record<string, unknown>) => ({ type: 'node', request: 'launch', name: 'x', ...extra });

describe('programHost', () => {
  it('follows `console` when the configuration sets it', () => {
    assert.strictEqual(programHost(launch({ console: 'internalConsole' })), 'adapter');
    assert.strictEqual(programHost(launch({ console: 'integratedTerminal' })), 'integratedTerminal');
    assert.strictEqual(programHost(launch({ console: 'externalTerminal' })), 'externalTerminal');
    assert.strictEqual(programHost({ type: 'python', request: 'launch', console: 'internalConsole' }), 'adapter');
  });

  it('does not guess on a `console` value it does not know', () => {
    assert.strictEqual(programHost(launch({ console: 'integratedterminal' })), 'unknown');
    assert.strictEqual(programHost(launch({ console: true })), 'unknown');
  });

  it('reads `externalConsole` (cppdbg) and `terminal` (CodeLLDB)', () => {
    assert.strictEqual(programHost({ type: 'cppdbg', request: 'launch', externalConsole: true }), 'externalTerminal');
    assert.strictEqual(programHost({ type: 'cppdbg', request: 'launch', externalConsole: false }), 'adapter');
    assert.strictEqual(programHost({ type: 'lldb', request: 'launch', terminal: 'console' }), 'adapter');
    assert.strictEqual(programHost({ type: 'lldb', request: 'launch', terminal: 'external' }), 'externalTerminal');
  });

  it("uses the debugger type's default when nothing is set", () => {
    assert.strictEqual(programHost(launch({})), 'adapter'); // js-debug defaults to internalConsole
    assert.strictEqual(programHost({ type: 'pwa-node', request: 'launch' }), 'adapter');
    for (const type of ['python', 'debugpy', 'java', 'lldb']) assert.strictEqual(programHost({ type, request: 'launch' }), 'integratedTerminal', type);
    assert.strictEqual(programHost({ type: 'node-terminal', request: 'launch', command: 'npm start' }), 'integratedTerminal');
    assert.strictEqual(programHost({ type: 'node-terminal', request: 'launch', console: 'internalConsole' }), 'integratedTerminal');
  });
});

describe('tracingField', () => {
  it('finds js-debug `trace` in its boolean and object forms', () => {
    assert.strictEqual(tracingField(launch({ trace: true })), 'trace');
    assert.strictEqual(tracingField(launch({ trace: { logFile: '/tmp/x.json' } })), 'trace');
    assert.strictEqual(tracingField(launch({ trace: { stdio: false } })), 'trace', 'js-debug still writes its default log file');
    assert.strictEqual(tracingField(launch({ trace: { stdio: false, logFile: null } })), undefined);
    assert.strictEqual(tracingField(launch({ trace: false })), undefined);
  });

  it('finds Go trace levels that log the protocol, and ignores quiet ones', () => {
    assert.strictEqual(tracingField({ type: 'go', trace: 'verbose' }), 'trace');
    assert.strictEqual(tracingField({ type: 'go', trace: 'log' }), 'trace');
    assert.strictEqual(tracingField({ type: 'go', trace: 'error' }), undefined);
    assert.strictEqual(tracingField({ type: 'go', showLog: true }), 'showLog');
    assert.strictEqual(tracingField({ type: 'go', logOutput: 'dap' }), 'logOutput');
  });

  it('finds C/C++ and C# engine logging, not the harmless logging switches', () => {
    assert.strictEqual(tracingField({ type: 'cppdbg', logging: { engineLogging: true } }), 'logging.engineLogging');
    assert.strictEqual(tracingField({ type: 'coreclr', logging: { traceResponse: true } }), 'logging.traceResponse');
    assert.strictEqual(tracingField({ type: 'coreclr', logging: { diagnosticsLog: { protocolMessages: true } } }), 'logging.diagnosticsLog.protocolMessages');
    assert.strictEqual(tracingField({ type: 'coreclr', logging: { moduleLoad: true, programOutput: true, engineLogging: false } }), undefined);
  });

  it('finds debugpy `logToFile` and the PHP adapter `log`', () => {
    assert.strictEqual(tracingField({ type: 'debugpy', logToFile: true }), 'logToFile');
    assert.strictEqual(tracingField({ type: 'php', log: true }), 'log');
    assert.strictEqual(tracingField({ type: 'debugpy', logToFile: false }), undefined);
  });
});

describe('adviseDebugEnv', () => {
  it('adds the key when the adapter starts the program itself', () => {
    assert.deepStrictEqual(adviseDebugEnv(launch({}), VARIABLE), { add: true, host: 'adapter' });
    assert.deepStrictEqual(adviseDebugEnv(launch({ console: 'internalConsole', env: { OTHER: '1' } }), VARIABLE), { add: true, host: 'adapter' });
  });

  it('never adds it for terminal consoles: the environment variable collection reaches the integrated terminal', () => {
    assert.deepStrictEqual(adviseDebugEnv(launch({ console: 'integratedTerminal' }), VARIABLE), { add: false, why: 'terminal', host: 'integratedTerminal' });
    assert.deepStrictEqual(adviseDebugEnv(launch({ console: 'externalTerminal' }), VARIABLE), { add: false, why: 'terminal', host: 'externalTerminal' });
    assert.deepStrictEqual(adviseDebugEnv({ type: 'python', request: 'launch' }, VARIABLE), { add: false, why: 'terminal', host: 'integratedTerminal' });
    assert.deepStrictEqual(adviseDebugEnv(launch({ console: 'somewhere' }), VARIABLE), { add: false, why: 'terminal', host: 'unknown' });
  });

  it('refuses when the configuration turns on adapter tracing, naming the field', () => {
    assert.deepStrictEqual(adviseDebugEnv(launch({ trace: true }), VARIABLE), { add: false, why: 'tracing', field: 'trace' });
    assert.deepStrictEqual(adviseDebugEnv({ type: 'cppdbg', request: 'launch', logging: { engineLogging: true } }, VARIABLE), { add: false, why: 'tracing', field: 'logging.engineLogging' });
  });

  it('does not care about tracing when the key would not be added anyway', () => {
    assert.deepStrictEqual(adviseDebugEnv(launch({ console: 'integratedTerminal', trace: true }), VARIABLE), { add: false, why: 'terminal', host: 'integratedTerminal' });
  });

  it('leaves attach requests and configurations that set the variable themselves alone', () => {
    assert.deepStrictEqual(adviseDebugEnv({ type: 'node', request: 'attach' }, VARIABLE), { add: false, why: 'notLaunch' });
    assert.deepStrictEqual(adviseDebugEnv(launch({ env: { [VARIABLE]: 'from-config' } }), VARIABLE), { add: false, why: 'alreadySet' });
  });

  it("leaves js-debug's child sessions alone: they attach to a program that already runs", () => {
    const child = { type: 'pwa-node', request: 'launch', name: 'x', __pendingTargetId: 'abc', __parentId: 'def' };
    assert.deepStrictEqual(adviseDebugEnv(child, VARIABLE), { add: false, why: 'childSession' });
  });
});
