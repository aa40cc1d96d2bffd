// The "Span Kinds" view in the Explorer: every span of the workspace, grouped by the kind it gets at run
// time, from the server's workspace index (spanKind/workspaceSpans). Spans with findings are marked; files
// with syntax errors are listed first as not understood, so a broken file never passes for a clean one.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { SpanSummary } from '../../server/src/analysis/spanSummary';
import type * as protocol from '../../server/src/lsp/protocol';

// Type-only imports keep server code out of the client bundle; the types pin these strings to the server's.
const WORKSPACE_SPANS: typeof protocol.WORKSPACE_SPANS = 'spanKind/workspaceSpans';
const WORKSPACE_SPANS_CHANGED: typeof protocol.WORKSPACE_SPANS_CHANGED = 'spanKind/workspaceSpansChanged';
export const SPAN_TREE_VIEW = 'spanKind.spans';
const INDEXING_CONTEXT = 'spanKind.indexing';

export type GroupKind = NonNullable<SpanSummary['effectiveKind']> | 'unknown' | 'not-understood';

/** How each group looks: server-side kinds point in, client-side kinds point out. */
const GROUPS: { kind: GroupKind; label: string; icon: string; color: string }[] = [
  { kind: 'not-understood', label: 'not understood (syntax errors)', icon: 'warning', color: 'list.warningForeground' },
  { kind: 'SERVER', label: 'SERVER', icon: 'server', color: 'charts.green' },
  { kind: 'CONSUMER', label: 'CONSUMER', icon: 'inbox', color: 'charts.purple' },
  { kind: 'CLIENT', label: 'CLIENT', icon: 'arrow-right', color: 'charts.blue' },
  { kind: 'PRODUCER', label: 'PRODUCER', icon: 'send', color: 'charts.orange' },
  { kind: 'INTERNAL', label: 'INTERNAL', icon: 'symbol-method', color: 'symbolIcon.methodForeground' },
  { kind: 'unknown', label: 'kind not known statically', icon: 'question', color: 'descriptionForeground' },
];

export interface GroupNode {
  type: 'group';
  kind: GroupKind;
  spans: SpanNode[];
  /** In the `not-understood` group: the files with syntax errors. */
  files: FileNode[];
}

/** A file whose syntax errors stop the analysis from understanding it. */
export interface FileNode {
  type: 'file';
  uri: string;
  notUnderstood: protocol.NotUnderstood;
  group: GroupNode;
}

export interface SpanNode {
  type: 'span';
  uri: string;
  span: SpanSummary;
  group: GroupNode;
}

export type SpanTreeNode = GroupNode | SpanNode | FileNode;

export class SpanTree implements vscode.TreeDataProvider<SpanTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<SpanTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<SpanTreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private groups: GroupNode[] = [];
  private stale = true;
  private loading: Promise<void> | undefined;
  private indexComplete = false;
  private fileCount = 0;

  constructor(
    private readonly client: LanguageClient,
    private readonly ready: () => Promise<void>,
  ) {
    this.view = vscode.window.createTreeView(SPAN_TREE_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.emitter,
      vscode.commands.registerCommand('spanKind.refreshSpans', () => this.refresh()),
      client.onNotification(WORKSPACE_SPANS_CHANGED, (params: protocol.WorkspaceSpansChangedParams) => {
        this.setIndexing(!params.complete);
        this.refresh();
      }),
      // A restarted server indexes again: show that until it says it is done.
      client.onDidChangeState(() => {
        this.setIndexing(true);
        this.refresh();
      }),
    );
    this.setIndexing(true);
  }

  /** True once the server has read the whole workspace (as of the last answer). */
  get complete(): boolean {
    return this.indexComplete && !this.stale;
  }

  /** Asks the server again; the view updates. */
  refresh(): void {
    this.stale = true;
    this.emitter.fire(undefined);
  }

  async getChildren(node?: SpanTreeNode): Promise<SpanTreeNode[]> {
    if (node) return node.type === 'group' ? [...node.files, ...node.spans] : [];
    await this.load();
    return this.groups;
  }

  getParent(node: SpanTreeNode): SpanTreeNode | undefined {
    return node.type === 'group' ? undefined : node.group;
  }

  getTreeItem(node: SpanTreeNode): vscode.TreeItem {
    return node.type === 'group' ? groupItem(node) : node.type === 'file' ? notUnderstoodItem(node) : spanItem(node);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private async load(): Promise<void> {
    while (this.stale) {
      this.loading ??= this.fetch().finally(() => (this.loading = undefined));
      await this.loading;
    }
  }

  /** The syntax errors of one file as the server's index has them, or `undefined` (clean, or no server). */
  async notUnderstood(uri: string): Promise<protocol.NotUnderstood | undefined> {
    try {
      await this.ready();
      const params: protocol.WorkspaceSpansParams = { uris: [uri] };
      const result = await this.client.sendRequest<protocol.WorkspaceSpansResult>(WORKSPACE_SPANS, params);
      return result.files.find((f) => f.uri === uri)?.notUnderstood ?? result.files[0]?.notUnderstood;
    } catch {
      return undefined;
    }
  }

  private async fetch(): Promise<void> {
    this.stale = false;
    let result: protocol.WorkspaceSpansResult;
    try {
      await this.ready();
      result = await this.client.sendRequest<protocol.WorkspaceSpansResult>(WORKSPACE_SPANS);
    } catch {
      // The server is not running (it failed to start or is restarting): its next notification refreshes.
      this.groups = [];
      this.view.message = 'The Span Kind server is not running.';
      return;
    }
    this.groups = groupSpans(result.files);
    this.fileCount = result.files.length;
    this.setIndexing(!result.complete);
  }

  private setIndexing(indexing: boolean): void {
    this.indexComplete = !indexing;
    void vscode.commands.executeCommand('setContext', INDEXING_CONTEXT, indexing);
    this.view.message = indexing
      ? `Indexing the workspace…${this.fileCount ? ` (${this.fileCount} ${this.fileCount === 1 ? 'file' : 'files'} with spans so far)` : ''}`
      : undefined;
  }
}

/** Groups by the kind each span gets at run time, in a fixed order; empty groups are left out. */
export function groupSpans(files: readonly protocol.WorkspaceFileSpans[]): GroupNode[] {
  const groups = new Map<GroupKind, GroupNode>(GROUPS.map(({ kind }) => [kind, { type: 'group', kind, spans: [], files: [] }]));
  for (const { uri, spans, notUnderstood } of files) {
    if (notUnderstood) {
      const group = groups.get('not-understood')!;
      group.files.push({ type: 'file', uri, notUnderstood, group });
    }
    for (const span of spans) {
      const group = groups.get(span.effectiveKind ?? 'unknown')!;
      group.spans.push({ type: 'span', uri, span, group });
    }
  }
  return [...groups.values()].filter((g) => g.spans.length || g.files.length);
}

function groupItem(group: GroupNode): vscode.TreeItem {
  const look = GROUPS.find((g) => g.kind === group.kind)!;
  const item = new vscode.TreeItem(look.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group:${group.kind}`;
  if (group.kind === 'not-understood') {
    item.description = `${group.files.length} ${group.files.length === 1 ? 'file' : 'files'}`;
    item.tooltip = 'Files with syntax errors: their spans were read from a guess at their structure and may be missed or misread.';
    item.iconPath = new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
    item.contextValue = 'spanKindNotUnderstood';
    return item;
  }
  const findings = group.spans.filter((s) => s.span.findings.length).length;
  item.description = `${group.spans.length} ${group.spans.length === 1 ? 'span' : 'spans'}${findings ? ` · ${findings} ⚠` : ''}`;
  item.iconPath = new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
  item.contextValue = 'spanKindGroup';
  return item;
}

function spanItem(node: SpanNode): vscode.TreeItem {
  const { span, uri } = node;
  const look = GROUPS.find((g) => g.kind === node.group.kind)!;
  const item = new vscode.TreeItem(span.name, vscode.TreeItemCollapsibleState.None);
  item.id = `span:${uri}#${span.range.start}`;
  const where = `${vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false)}:${span.line + 1}`;
  const suggested = span.findings.find((f) => f.suggestedKind)?.suggestedKind;
  const problem = suggested ? `⚠ should be ${suggested}` : span.findings.length ? `⚠ ${ruleName(span.findings[0].ruleId)}` : undefined;
  item.description = problem ? `${where} · ${problem}` : where;
  if (span.findings.length) {
    const error = span.findings.some((f) => f.severity === 'error');
    item.iconPath = new vscode.ThemeIcon(error ? 'error' : 'warning', new vscode.ThemeColor(error ? 'list.errorForeground' : 'list.warningForeground'));
  } else {
    item.iconPath = new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
  }
  item.tooltip = spanTooltip(node, where);
  item.contextValue = span.findings.length ? 'spanKindSpanWithFindings' : 'spanKindSpan';
  const start = new vscode.Position(span.line, span.character);
  const end = new vscode.Position(span.line, span.character + (span.range.end - span.range.start));
  item.command = { command: 'vscode.open', title: 'Open span', arguments: [vscode.Uri.parse(uri), { selection: new vscode.Range(start, end) }] };
  return item;
}

function notUnderstoodItem(node: FileNode): vscode.TreeItem {
  const { uri, notUnderstood: first } = node;
  const file = vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false);
  const item = new vscode.TreeItem(file, vscode.TreeItemCollapsibleState.None);
  item.id = `not-understood:${uri}`;
  item.description = `line ${first.line + 1}: not understood`;
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  item.tooltip = notUnderstoodText(first);
  item.contextValue = 'spanKindNotUnderstoodFile';
  const at = new vscode.Position(first.line, first.character);
  item.command = { command: 'vscode.open', title: 'Open the first syntax error', arguments: [vscode.Uri.parse(uri), { selection: new vscode.Range(at, at) }] };
  return item;
}

/** What the views say of a file with syntax errors: the first one's line, and what it means for its spans. */
export function notUnderstoodText(first: protocol.NotUnderstood): string {
  const more = first.count > 1 ? ` (and ${first.count - 1} more)` : '';
  return `Not understood: syntax error at line ${first.line + 1}: ${first.message}${more}. Its spans may be missed or misread until it is fixed.`;
}

function spanTooltip({ span }: SpanNode, where: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(span.name)}** — \`${span.api}\` at ${escape(where)}\n\n`);
  const set = span.kindsSet === undefined ? 'not known statically' : span.kindsSet.length ? span.kindsSet.join(' or ') : 'none (defaults to INTERNAL)';
  md.appendMarkdown(`Kind set: ${set}  \nKind inferred: ${span.inferred}${span.confidence === 'low' ? ' (low confidence)' : ''}\n`);
  if (span.evidence.length) md.appendMarkdown(`\nEvidence:\n${span.evidence.map((e) => `- ${e}`).join('\n')}\n`);
  // Messages quote code in backticks, as markdown does.
  for (const f of span.findings) md.appendMarkdown(`\n$(warning) ${f.message} (${f.ruleId})\n`);
  return md;
}

function ruleName(ruleId: string): string {
  return ruleId.replace(/^spankind\//, '');
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}
