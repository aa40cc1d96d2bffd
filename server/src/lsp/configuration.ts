// Settings per document: pulled with workspace/configuration (section `spanKind`), validated by
// parseSettings, cached per URI, dropped on close and on every configuration change.
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../analysis/settings';
import { ruleIds } from '../rules';

export class SettingsCache {
  private readonly byUri = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();
  /** Settings pushed with didChangeConfiguration, for clients without workspace/configuration. */
  private pushed: Settings = DEFAULT_SETTINGS;
  canPull = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'spanKind' })
        .then((raw: unknown) => this.parse(raw), (err: unknown) => {
          this.connection.console.warn(`Could not read spanKind settings: ${String(err)}; using defaults`);
          return DEFAULT_SETTINGS;
        });
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** A didChangeConfiguration arrived: forget everything; take pushed settings when given. */
  changed(pushedSection: unknown): void {
    this.byUri.clear();
    if (!this.canPull && pushedSection !== undefined) this.pushed = this.parse(pushedSection);
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }

  private parse(raw: unknown): Settings {
    const { settings, problems } = parseSettings(flatten(raw), ruleIds);
    for (const { message } of problems) {
      if (this.reported.has(message)) continue;
      this.reported.add(message);
      this.connection.console.warn(`Span Kind settings: ${message}; using the default for it.`);
      void this.connection.window.showWarningMessage(`Span Kind Lens: ${message}; using the default for it.`);
    }
    return settings;
  }
}

/** VS Code returns `trace: { server }` nested; keep only our own keys as they are. */
function flatten(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const { trace: _trace, ...rest } = raw as Record<string, unknown>;
  return rest;
}
