// `spanKind/spanMap`: the static service graph of the workspace, built from the workspace index's span
// summaries. Each file belongs to the service named by its nearest package.json (read here, never in the core).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSpanMap, type SpanMap, type SpanMapFile } from '../analysis/spanMap';
import type { WorkspaceFileSpans } from './protocol';

/** Request, client → server, no params: the span map of every span the workspace index holds. */
export const SPAN_MAP = 'spanKind/spanMap';

export interface SpanMapResult extends SpanMap {
  /** False while the workspace index is still reading files (the map will grow). */
  complete: boolean;
}

/** What the request reads: the index's files, and the workspace folders (package.json files above them are not read). */
export interface SpanMapSource {
  files(): { files: readonly WorkspaceFileSpans[]; complete: boolean };
  folders(): readonly string[];
}

/** Answers `spanKind/spanMap`. package.json files are read once per request, each directory at most once. */
export async function spanMapRequest(source: SpanMapSource): Promise<SpanMapResult> {
  const { files, complete } = source.files();
  const names = new ServiceNames(source.folders());
  const withServices: SpanMapFile[] = await Promise.all(files.map(async (f) => ({ uri: f.uri, spans: f.spans, service: await names.of(f.uri) })));
  return { ...buildSpanMap(withServices), complete };
}

/** The service a file belongs to: the `name` of the nearest package.json, up to its workspace folder. */
export class ServiceNames {
  private readonly byDirectory = new Map<string, Promise<string | undefined>>();

  constructor(private readonly folders: readonly string[]) {}

  async of(uri: string): Promise<string> {
    const file = uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    const folder = file && this.folders.filter((f) => isInside(file, f)).sort((a, b) => b.length - a.length)[0];
    if (!file || !folder) return 'this service';
    for (let dir = path.dirname(file); isInside(dir, folder); dir = path.dirname(dir)) {
      const name = await this.nameIn(dir);
      if (name) return name;
      if (dir === folder) break;
    }
    return path.basename(folder);
  }

  private nameIn(dir: string): Promise<string | undefined> {
    let name = this.byDirectory.get(dir);
    if (!name) {
      name = fs.readFile(path.join(dir, 'package.json'), 'utf8').then(
        (text) => {
          try {
            const parsed: unknown = JSON.parse(text);
            const value = parsed && typeof parsed === 'object' ? (parsed as { name?: unknown }).name : undefined;
            return typeof value === 'string' && value.trim() ? value.trim() : undefined;
          } catch {
            return undefined;
          }
        },
        () => undefined,
      );
      this.byDirectory.set(dir, name);
    }
    return name;
  }
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
