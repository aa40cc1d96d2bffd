// Per-document analysis, cached by version, with the file name the parser needs.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile, type FileAnalysis } from '../analysis/analyzeFile';
import { parseSource } from '../analysis/program';
import type { Settings } from '../analysis/settings';

const EXTENSION_BY_LANGUAGE: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
};

export type AnalysisResult = { analysis: FileAnalysis } | { skipped: string };

export class DocumentAnalyses {
  private readonly cache = new Map<string, { version: number; settings: Settings; result: AnalysisResult }>();

  /** The analysis of the document at its current version, computed at most once per version and settings. */
  get(doc: TextDocument, settings: Settings): AnalysisResult {
    const cached = this.cache.get(doc.uri);
    if (cached && cached.version === doc.version && cached.settings === settings) return cached.result;
    const result = analyzeDocument(doc, settings);
    this.cache.set(doc.uri, { version: doc.version, settings, result });
    return result;
  }

  delete(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}

function analyzeDocument(doc: TextDocument, settings: Settings): AnalysisResult {
  const text = doc.getText();
  if (text.length > settings.maxFileSize) {
    return { skipped: `${doc.uri}: skipped, ${text.length} characters is over spanKind.maxFileSize (${settings.maxFileSize})` };
  }
  if (text.includes('\u0000')) return { skipped: `${doc.uri}: skipped, the file looks binary (it contains NUL characters)` };
  return { analysis: analyzeFile(parseSource(fileNameOf(doc), text), { settings }) };
}

/** A file name whose extension tells the parser the language, even for untitled documents. */
export function fileNameOf(doc: TextDocument): string {
  const path = decodeURIComponent(doc.uri.replace(/^[a-z][\w+.-]*:(\/\/)?/i, '/'));
  if (/\.[cm]?[jt]sx?$/i.test(path)) return path;
  return `${path}${EXTENSION_BY_LANGUAGE[doc.languageId] ?? '.ts'}`;
}
