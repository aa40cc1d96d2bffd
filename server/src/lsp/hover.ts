// Hover: the core's explanation at a position, as markdown.
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from '../analysis/analyzeFile';
import { explainAt } from '../analysis/explain';
import { toRange } from './convert';

export function hover(doc: TextDocument, analysis: FileAnalysis, position: Position): Hover | null {
  const info = explainAt(analysis, doc.offsetAt(position));
  if (!info) return null;
  return { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: toRange(doc, info) };
}
