/**
 * The protocol trace, shown when `auditd.trace.server` asks for it. vscode-languageclient traces only while
 * its trace channel's log level is Trace, which a user would have to find under Developer: Set Log Level;
 * this channel's level follows the setting instead, and the trace is written to the plain "Audit Rules
 * Trace" output channel, as the setting's description says.
 */
import * as vscode from 'vscode';

const SETTING = 'auditd.trace.server';

function levelOfSetting(): vscode.LogLevel {
  return vscode.workspace.getConfiguration().get<string>(SETTING, 'off') === 'off' ? vscode.LogLevel.Off : vscode.LogLevel.Trace;
}

export function createTraceChannel(): vscode.LogOutputChannel {
  const output = vscode.window.createOutputChannel('Audit Rules Trace');
  const levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  let level = levelOfSetting();
  // The client re-reads the verbosity (messages or verbose) itself; only on and off go through the level.
  const watcher = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SETTING) || levelOfSetting() === level) return;
    level = levelOfSetting();
    levelChanged.fire(level);
  });
  const write = (kind: string) => (message: string | Error) => output.appendLine(`[${new Date().toLocaleTimeString()}] ${kind}${message instanceof Error ? message.stack ?? message.message : message}`);
  return {
    name: output.name,
    get logLevel() { return level; },
    onDidChangeLogLevel: levelChanged.event,
    trace: write(''),
    debug: write(''),
    info: write(''),
    warn: write('Warning: '),
    error: write('Error: '),
    append: (value) => output.append(value),
    appendLine: (value) => output.appendLine(value),
    replace: (value) => output.replace(value),
    clear: () => output.clear(),
    // The deprecated (column, preserveFocus) form keeps only preserveFocus, as VS Code does.
    show: (columnOrFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean) => output.show(typeof columnOrFocus === 'boolean' ? columnOrFocus : preserveFocus),
    hide: () => output.hide(),
    dispose: () => {
      watcher.dispose();
      levelChanged.dispose();
      output.dispose();
    },
  };
}
