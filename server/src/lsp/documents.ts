// Per-document analysis: type-aware through the document's project when it has one, from its own
// syntax otherwise; cached by document version, settings and program version.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile, type FileAnalysis } from '../analysis/analyzeFile';
import { parseSource } from '../analysis/program';
import type { AnalysisProject } from '../analysis/project';
import type { ReuseState } from '../analysis/reuse';
import type { Settings } from '../analysis/settings';
import { catalogueFor } from '../analysis/userCatalogue';
import type { Projects } from './projects';

const EXTENSION_BY_LANGUAGE: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
};

export type AnalysisResult = { analysis: FileAnalysis } | { skipped: string };

interface Cached {
  version: number;
  settings: Settings;
  /** The analysis project (one per program version) it was computed in, when type-aware. */
  project?: AnalysisProject;
  result: AnalysisResult;
}

export class DocumentAnalyses {
  private readonly cache = new Map<string, Cached>();
  /** What the last analysis of each document left for the next one to reuse (plain data, no checker). */
  private readonly reuse = new Map<string, ReuseState>();
  private lastProject: AnalysisProject | undefined;

  constructor(private readonly projects: Projects | undefined) {}

  /** The analysis of the document at its current version, computed at most once per version, settings and program. */
  get(doc: TextDocument, settings: Settings): AnalysisResult {
    const skip = skipReason(doc, settings);
    if (skip) return { skipped: skip };
    const typed = this.projects?.contextFor(doc, catalogueFor(settings));
    // Analyses made in an older program hold its checker: drop them all once a newer program exists.
    if (typed && this.lastProject && typed.project !== this.lastProject) this.cache.clear();
    if (typed) this.lastProject = typed.project;
    const cached = this.cache.get(doc.uri);
    if (cached && cached.version === doc.version && cached.settings === settings && cached.project === typed?.project) {
      return cached.result;
    }
    const incremental = { previous: this.reuse.get(doc.uri) };
    const analysis = typed
      ? analyzeFile(typed.sourceFile, { project: typed.project, settings, incremental })
      : analyzeFile(parseSource(fileNameOf(doc), doc.getText()), { settings, instrumentation: this.projects?.instrumentation, incremental });
    if (analysis.reuse) this.reuse.set(doc.uri, analysis.reuse);
    else this.reuse.delete(doc.uri);
    const result = { analysis };
    this.cache.set(doc.uri, { version: doc.version, settings, project: typed?.project, result });
    return result;
  }

  /**
   * Could the findings of `doc` change when `changed` (a file path) changes? Yes when its last analysis read
   * functions from that file, or when it names the file in its text (an import: types can come from there).
   */
  dependsOn(doc: TextDocument, changed: string): boolean {
    const cached = this.cache.get(doc.uri);
    if (cached && 'analysis' in cached.result && cached.result.analysis.dependencies.includes(changed)) return true;
    const base = changed.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]sx?$/i, '');
    return base.length > 0 && doc.getText().includes(base);
  }

  delete(uri: string): void {
    this.cache.delete(uri);
    this.reuse.delete(uri);
  }

  clear(): void {
    this.cache.clear();
    this.reuse.clear();
  }
}

function skipReason(doc: TextDocument, settings: Settings): string | undefined {
  const length = doc.getText().length;
  if (length > settings.maxFileSize) {
    return `${doc.uri}: skipped, ${length} characters is over spanKind.maxFileSize (${settings.maxFileSize})`;
  }
  if (doc.getText().includes('\u0000')) return `${doc.uri}: skipped, the file looks binary (it contains NUL characters)`;
  return undefined;
}

/** A file name whose extension tells the parser the language, even for untitled documents. */
export function fileNameOf(doc: TextDocument): string {
  const path = decodeURIComponent(doc.uri.replace(/^[a-z][\w+.-]*:(\/\/)?/i, '/'));
  if (/\.[cm]?[jt]sx?$/i.test(path)) return path;
  return `${path}${EXTENSION_BY_LANGUAGE[doc.languageId] ?? '.ts'}`;
}
