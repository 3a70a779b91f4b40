/**
 * Settings per document (they may differ per workspace folder): asked of the client with
 * workspace/configuration once per document until they change. A client that cannot be asked gets
 * the defaults, or what it last sent in workspace/didChangeConfiguration.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { SettingProblem, Settings } from '../core';
import { core } from './core';

export const SECTION = 'auditd';

export class SettingsStore {
  private readonly byUri = new Map<string, Promise<Settings>>();
  private readonly warned = new Set<string>();
  private sent: unknown;

  constructor(private readonly connection: Connection, private readonly canAsk: boolean) {}

  get(uri: string): Promise<Settings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.fetch(uri);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** workspace/didChangeConfiguration: everything is asked again. */
  changed(sent: unknown): void {
    this.byUri.clear();
    this.warned.clear();
    if (!this.canAsk) this.sent = typeof sent === 'object' && sent !== null ? (sent as Record<string, unknown>)[SECTION] : undefined;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  private async fetch(uri: string): Promise<Settings> {
    const { readSettings } = core();
    if (!this.canAsk) return readSettings(this.sent, this.warn);
    try {
      return readSettings(await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION }), this.warn);
    } catch (e) {
      this.connection.console.error(`Could not read the ${SECTION} settings (${e instanceof Error ? e.message : String(e)}); using the defaults.`);
      return readSettings({}, this.warn);
    }
  }

  /**
   * A value the schema does not allow keeps its default, and the log says so: a typo in settings.json
   * must not silently change what is checked. Once per message until the settings change: every
   * document reads the same settings.
   */
  private readonly warn = ({ setting, value, reason, fallback }: SettingProblem): void => {
    const instead = fallback === undefined ? 'ignoring it' : `using ${JSON.stringify(fallback)}`;
    const message = `${SECTION}.${setting}: ${JSON.stringify(value)} ${reason}; ${instead}.`;
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.connection.console.warn(message);
  };
}
