// Editor tests: the extension in a real VS Code (code-server, or a downloaded VS Code through
// @vscode/test-electron) on test-workspace, through the vscode API. They wait for events, never sleep.
// Edits are reverted and files written by a test are restored, so test-workspace is left as it was.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SpanKindApi } from '../../extension';

const EXTENSION_ID = 'span-kind-lens.span-kind-lens'; // publisher.name in package.json
const SOURCE = 'spankind';
const MISSING_KIND = 'spankind/missing-kind';
const WRONG_KIND = 'spankind/wrong-kind';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('spanKind');
const TIMEOUT_MS = 30_000;

const KAFKA_PRODUCER = 'src/events/kafka-producer.ts';
const AMQP_PUBLISHER = 'src/events/amqp-publisher.js';
/** The fixed twin of each fixture: the fixture with every quick-fix applied. */
const FIXED: Record<string, string> = {
  [KAFKA_PRODUCER]: 'fixed/events/kafka-producer.fixed.ts',
  [AMQP_PUBLISHER]: 'fixed/events/amqp-publisher.fixed.js',
};

/** One diagnostic we expect: on the span name at `line` (0-based), with its evidence at `evidenceLine`. */
interface Expected {
  code: string;
  line: number;
  spanName: string;
  message: RegExp;
  evidenceLine: number;
  evidence: string;
  library: string;
}

// Our diagnostics on these fixtures, all of them, in order (the `// expect:` comments mark the lines).
const EXPECTED: Record<string, Expected[]> = {
  [KAFKA_PRODUCER]: [
    {
      code: MISSING_KIND,
      line: 25,
      spanName: "'send order-events'",
      message: /^`producer\.send` \(kafkajs\) runs inside this span, so its kind should be PRODUCER; it sets no kind, and defaults to INTERNAL\.$/,
      evidenceLine: 28,
      evidence: 'producer.send',
      library: 'kafkajs',
    },
    {
      code: WRONG_KIND,
      line: 37,
      spanName: "'send order-events'",
      message: /^`producer\.send` \(kafkajs\) runs inside this span, so its kind should be PRODUCER, not CLIENT\.$/,
      evidenceLine: 42,
      evidence: 'producer.send',
      library: 'kafkajs',
    },
  ],
  [AMQP_PUBLISHER]: [
    {
      code: MISSING_KIND,
      line: 25,
      spanName: '`publish ${EXCHANGE}`',
      message: /^`channel\.publish` \(amqplib\) runs inside this span, so its kind should be PRODUCER; it sets no kind/,
      evidenceLine: 28,
      evidence: 'channel.publish',
      library: 'amqplib',
    },
    {
      code: MISSING_KIND,
      line: 45,
      spanName: '`publish ${LOW_STOCK_QUEUE}`',
      message: /^`channel\.sendToQueue` \(amqplib\) runs inside this span, so its kind should be PRODUCER; it sets no kind/,
      evidenceLine: 49,
      evidence: 'channel.sendToQueue',
      library: 'amqplib',
    },
  ],
};

describe('Span Kind Lens in the editor', function () {
  this.timeout(120_000);

  const workspace = () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests need test-workspace open as the workspace folder');
    return folder;
  };
  const uriOf = (relative: string) => vscode.Uri.joinPath(workspace().uri, ...relative.split('/'));
  const extension = () => {
    const found = vscode.extensions.getExtension<SpanKindApi>(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is not loaded`);
    return found;
  };

  before(() => {
    // The tests edit fixtures and revert them; an auto-save in between would write the edits to disk.
    // (VS Code for the web, code-server included, saves after a delay by default; test/editor turns it off.)
    const autoSave = vscode.workspace.getConfiguration('files').get('autoSave');
    assert.equal(autoSave, 'off', 'files.autoSave must be off for the editor tests');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      console.log(`      document changes before the failure:\n        ${documentChanges.slice(-10).join('\n        ') || 'none'}`);
    }
    // A failed test must not leave its edits behind for the next one.
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.isDirty && doc.uri.toString().startsWith(workspace().uri.toString())) await revert(doc);
    }
  });

  it('activates when a TypeScript file opens and starts its server', async () => {
    const ext = extension();
    await open(uriOf(KAFKA_PRODUCER));
    await waitFor(() => ext.isActive, TIMEOUT_MS, 'the extension did not activate on a TypeScript file');
    await ext.exports.isReady();
  });

  it('activates on JavaScript files too', () => {
    // Activation happens once per extension host: this checks the events that would activate it on a
    // JavaScript file; the next tests check that JavaScript files are served.
    const events: string[] = extension().packageJSON.activationEvents;
    for (const language of ['typescript', 'javascript', 'typescriptreact', 'javascriptreact']) {
      assert.ok(events.includes(`onLanguage:${language}`), `no onLanguage:${language} activation event`);
    }
  });

  it('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['spanKind.restartServer', 'spanKind.showOutput']) {
      assert.ok(commands.includes(command), `${command} is not registered`);
    }
    await vscode.commands.executeCommand('spanKind.showOutput');
  });

  for (const [file, label] of [
    [KAFKA_PRODUCER, 'a TypeScript file'],
    [AMQP_PUBLISHER, 'a JavaScript file'],
  ] as const) {
    it(`reports exactly the expected diagnostics in ${label} (${file})`, async () => {
      const doc = await open(uriOf(file));
      assert.equal(doc.languageId, file.endsWith('.js') ? 'javascript' : 'typescript');
      const expected = EXPECTED[file];
      const diagnostics = await waitForOurs(doc, (ds) => ds.length === expected.length);
      assertDiagnostics(doc, diagnostics, expected, vscode.DiagnosticSeverity.Warning);
    });
  }

  it('offers "Set span kind to PRODUCER"; applying it changes exactly the span call, and the diagnostic goes away', async () => {
    const doc = await open(uriOf(KAFKA_PRODUCER));
    const original = doc.getText();
    const [missing, wrong] = await waitForOurs(doc, (ds) => ds.length === 2);
    assert.equal(codeOf(missing), MISSING_KIND);

    const actions = await codeActions(doc.uri, missing.range, vscode.CodeActionKind.QuickFix);
    const fix = actions.find((a) => a.title === 'Set span kind to PRODUCER');
    assert.ok(fix?.edit, `no "Set span kind to PRODUCER" quick fix among ${describeActions(actions)}`);
    assert.equal(fix.isPreferred, true, 'the quick fix is not the preferred one');
    // (vscode.executeCodeActionProvider does not return an action's diagnostics, so they are not checked here.)

    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the quick fix edit was refused');
    const expected = original.replace(
      "startActiveSpan('send order-events', async (span) => {",
      "startActiveSpan('send order-events', { kind: SpanKind.PRODUCER }, async (span) => {",
    );
    assert.notEqual(expected, original, 'the fixture no longer has the span this test fixes');
    assert.equal(doc.getText(), expected);
    // Gone means: the server has checked the new text and only the other finding is left.
    const left = await waitForOurs(doc, (ds) => ds.length === 1 && !ds.some((d) => d.range.isEqual(missing.range)));
    assert.equal(codeOf(left[0]), WRONG_KIND);
    assert.ok(left[0].range.isEqual(wrong.range), 'the wrong-kind diagnostic moved');

    await revert(doc);
    assert.equal(doc.getText(), original);
    await waitForOurs(doc, (ds) => ds.length === 2);
  });

  it('in JavaScript, the quick fix also adds SpanKind to the require() of @opentelemetry/api', async () => {
    const doc = await open(uriOf(AMQP_PUBLISHER));
    const original = doc.getText();
    const fixed = await readText(uriOf(FIXED[AMQP_PUBLISHER]));
    const [first] = await waitForOurs(doc, (ds) => ds.length === 2);
    const actions = await codeActions(doc.uri, first.range, vscode.CodeActionKind.QuickFix);
    const fix = actions.find((a) => a.title === 'Set span kind to PRODUCER');
    assert.ok(fix?.edit, `no "Set span kind to PRODUCER" quick fix among ${describeActions(actions)}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the quick fix edit was refused');
    // The require line and the first span call as in the fixed twin; everything else as it was.
    assert.equal(doc.getText(), withLinesFrom(original, fixed, [3, first.range.start.line]));
    await waitForOurs(doc, (ds) => ds.length === 1 && !ds.some((d) => d.range.start.line === first.range.start.line));
    await revert(doc);
  });

  it('fix-all (source.fixAll.spanKind) turns the file into its fixed twin and clears every diagnostic', async () => {
    const doc = await open(uriOf(KAFKA_PRODUCER));
    const fixed = await readText(uriOf(FIXED[KAFKA_PRODUCER]));
    await waitForOurs(doc, (ds) => ds.length === 2);
    const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    const actions = await codeActions(doc.uri, whole, FIX_ALL_KIND);
    const fixAll = actions.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind));
    assert.ok(fixAll?.edit, `no ${FIX_ALL_KIND.value} action among ${describeActions(actions)}`);
    assert.equal(fixAll.title, 'Fix all span kinds');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit), 'the fix-all edit was refused');
    assert.equal(doc.getText(), fixed);
    await waitForOurs(doc, (ds) => ds.length === 0);
    await revert(doc);
    await waitForOurs(doc, (ds) => ds.length === 2);
  });

  it('fix-all runs on save through editor.codeActionsOnSave', async () => {
    const uri = uriOf(KAFKA_PRODUCER);
    const originalBytes = await vscode.workspace.fs.readFile(uri);
    const fixed = await readText(uriOf(FIXED[KAFKA_PRODUCER]));
    const editorConfig = vscode.workspace.getConfiguration('editor', uri);
    await editorConfig.update('codeActionsOnSave', { [FIX_ALL_KIND.value]: 'explicit' }, vscode.ConfigurationTarget.Workspace);
    const doc = await open(uri);
    try {
      await waitForOurs(doc, (ds) => ds.length === 2);
      // An edit of our own, so there is something to save, as a person saves after typing.
      const note = '// saved by the editor tests\n';
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), note);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.save');
      assert.equal(doc.isDirty, false, 'the file was not saved');
      assert.equal(doc.getText(), note + fixed, 'the fixes were not applied on save');
      assert.equal(await readText(uri), note + fixed, 'the saved file differs from the editor');
      await waitForOurs(doc, (ds) => ds.length === 0);
    } finally {
      await editorConfig.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
      // Put the fixture back as it was, byte for byte; the open editor follows the file.
      if (doc.isDirty) await revert(doc);
      await vscode.workspace.fs.writeFile(uri, originalBytes);
      // Also when the test failed: the next tests need the fixture back in the editor, not only on disk.
      const original = new TextDecoder().decode(originalBytes);
      await waitFor(() => doc.getText() === original, TIMEOUT_MS, 'the editor did not reload the restored fixture');
    }
    await waitForOurs(doc, (ds) => ds.length === 2);
  });

  it('explains the span on hover over startActiveSpan, next to TypeScript\'s own hover', async () => {
    const doc = await open(uriOf(KAFKA_PRODUCER));
    const [missing] = await waitForOurs(doc, (ds) => ds.length === 2);
    const callee = doc.getText().lastIndexOf('startActiveSpan', doc.offsetAt(missing.range.start));
    assert.ok(callee >= 0, 'no startActiveSpan before the span name');
    const texts = await hoverTexts(doc.uri, doc.positionAt(callee + 1));
    const ourHover = texts.find((t) => t.startsWith('**Span kind**'));
    assert.ok(ourHover, `no Span kind hover among ${JSON.stringify(texts)}`);
    // TypeScript's hover (the method's signature) is there too; ours is picked by its content.
    assert.ok(texts.some((t) => t !== ourHover && t.includes('startActiveSpan')), `no TypeScript hover among ${JSON.stringify(texts)}`);
    assert.ok(
      ourHover.startsWith("**Span kind** of `'send order-events'`: sets none (defaults to INTERNAL) · inferred **PRODUCER**"),
      ourHover,
    );
    assert.match(ourHover, /^- `producer\.send` \(kafkajs\) → PRODUCER \(line 29\)$/m);
    assert.match(ourHover, /^\*\*Span kind: PRODUCER\*\* \(SpanKind\.PRODUCER = 3\)$/m);
  });

  it('shows the card of the kind on hover over SpanKind.CLIENT', async () => {
    const doc = await open(uriOf(KAFKA_PRODUCER));
    await waitForOurs(doc, (ds) => ds.length === 2);
    const at = doc.getText().indexOf('SpanKind.CLIENT') + 'SpanKind.'.length + 1;
    const texts = await hoverTexts(doc.uri, doc.positionAt(at));
    const card = texts.find((t) => t.startsWith('**Span kind: CLIENT**'));
    assert.ok(card, `no CLIENT card among ${JSON.stringify(texts)}`);
    assert.match(card, /\(SpanKind\.CLIENT = 2\)/);
    assert.match(card, /\*\*Role:\*\*/);
  });

  describe('settings, without a reload', () => {
    let settingsFileExisted = true;
    const settingsFile = () => vscode.Uri.joinPath(workspace().uri, '.vscode', 'settings.json');

    before(async () => {
      settingsFileExisted = await exists(settingsFile());
    });

    afterEach(async () => {
      const config = vscode.workspace.getConfiguration('spanKind', uriOf(KAFKA_PRODUCER));
      for (const key of ['severity', 'enable', 'rules']) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    });

    after(async () => {
      // Changing a Workspace setting writes test-workspace/.vscode/settings.json; leave no new file behind.
      if (!settingsFileExisted) await removeIfEmpty(settingsFile());
    });

    it('follows spanKind.severity', async () => {
      const doc = await open(uriOf(KAFKA_PRODUCER));
      await waitForOurs(doc, (ds) => ds.length === 2);
      const config = vscode.workspace.getConfiguration('spanKind', doc.uri);
      for (const [value, severity] of [
        ['error', vscode.DiagnosticSeverity.Error],
        ['hint', vscode.DiagnosticSeverity.Hint],
      ] as const) {
        await config.update('severity', value, vscode.ConfigurationTarget.Workspace);
        const diagnostics = await waitForOurs(doc, (ds) => ds.length === 2 && ds.every((d) => d.severity === severity));
        assertDiagnostics(doc, diagnostics, EXPECTED[KAFKA_PRODUCER], severity);
      }
    });

    it('follows spanKind.rules over spanKind.severity', async () => {
      const doc = await open(uriOf(KAFKA_PRODUCER));
      await waitForOurs(doc, (ds) => ds.length === 2);
      await vscode.workspace
        .getConfiguration('spanKind', doc.uri)
        .update('rules', { 'missing-kind': 'off', 'wrong-kind': 'error' }, vscode.ConfigurationTarget.Workspace);
      const [left] = await waitForOurs(
        doc,
        (ds) => ds.length === 1 && codeOf(ds[0]) === WRONG_KIND && ds[0].severity === vscode.DiagnosticSeverity.Error,
      );
      assert.equal(left.range.start.line, EXPECTED[KAFKA_PRODUCER][1].line);
    });

    it('clears its diagnostics when spanKind.enable is false, and brings them back', async () => {
      const doc = await open(uriOf(KAFKA_PRODUCER));
      await waitForOurs(doc, (ds) => ds.length === 2);
      const config = vscode.workspace.getConfiguration('spanKind', doc.uri);
      await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
      await waitForOurs(doc, (ds) => ds.length === 0);
      await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
      await waitForOurs(doc, (ds) => ds.length === 2);
    });
  });

  it('restarts its server on "Span Kind: Restart Span Kind Server" and reports again', async () => {
    const doc = await open(uriOf(KAFKA_PRODUCER));
    await waitForOurs(doc, (ds) => ds.length === 2);
    // The client clears the diagnostics of the server it stops; the new server publishes them again.
    let cleared = false;
    const watch = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === doc.uri.toString()) && ours(doc.uri).length === 0) cleared = true;
    });
    try {
      await vscode.commands.executeCommand('spanKind.restartServer');
      await extension().exports.isReady();
      const diagnostics = await waitForOurs(doc, (ds) => cleared && ds.length === 2);
      assertDiagnostics(doc, diagnostics, EXPECTED[KAFKA_PRODUCER], vscode.DiagnosticSeverity.Warning);
    } finally {
      watch.dispose();
    }
  });
});

function assertDiagnostics(
  doc: vscode.TextDocument,
  diagnostics: vscode.Diagnostic[],
  expected: Expected[],
  severity: vscode.DiagnosticSeverity,
): void {
  const where = (line: number) => `${doc.uri.path.split('/').pop()}:${line + 1}`;
  assert.deepEqual(
    diagnostics.map((d) => `${where(d.range.start.line)} ${codeOf(d)}`),
    expected.map((e) => `${where(e.line)} ${e.code}`),
  );
  diagnostics.forEach((d, i) => {
    const e = expected[i];
    const at = where(e.line);
    assert.ok(doc.lineAt(e.line).text.includes('// expect: PRODUCER'), `${at} is not the line the fixture marks`);
    const start = doc.lineAt(e.line).text.indexOf(e.spanName);
    assert.ok(start >= 0, `${at} has no ${e.spanName}`);
    const range = new vscode.Range(e.line, start, e.line, start + e.spanName.length);
    assert.ok(d.range.isEqual(range), `${at}: range ${describeRange(d.range)}, expected ${describeRange(range)} (the span name)`);
    assert.equal(d.severity, severity, `${at}: severity`);
    assert.equal(d.source, SOURCE, `${at}: source`);
    assert.match(d.message, e.message, `${at}: message`);
    const related = d.relatedInformation ?? [];
    assert.equal(related.length, 1, `${at}: related information ${JSON.stringify(related.map((r) => r.message))}`);
    assert.equal(related[0].location.uri.toString(), doc.uri.toString(), `${at}: related information in another file`);
    assert.equal(related[0].location.range.start.line, e.evidenceLine, `${at}: related information line`);
    assert.ok(doc.getText(related[0].location.range).startsWith(e.evidence), `${at}: related information does not point at ${e.evidence}`);
    assert.equal(related[0].message, `\`${e.evidence}\` (${e.library}): runs inside the span → PRODUCER`, `${at}: related information message`);
  });
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

async function revert(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(doc.isDirty, false, `${doc.uri.fsPath} is still dirty after revert`);
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** `base` with the lines at `indexes` (0-based) taken from `other`; both must have as many lines. */
function withLinesFrom(base: string, other: string, indexes: number[]): string {
  const lines = base.split('\n');
  const otherLines = other.split('\n');
  assert.equal(lines.length, otherLines.length, 'the fixture and its fixed twin no longer line up');
  for (const i of indexes) lines[i] = otherLines[i];
  return lines.join('\n');
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

function describeRange(range: vscode.Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

/** Our diagnostics on `uri`, in document order. */
function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE)
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

/** Our diagnostics on `doc` once `predicate` holds for them. */
function waitForOurs(doc: vscode.TextDocument, predicate: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const diagnostics = ours(doc.uri);
      return predicate(diagnostics) && diagnostics;
    },
    TIMEOUT_MS,
    () =>
      `${doc.uri.path.split('/').pop()}: our diagnostics never met ${predicate.toString()}; last seen ${JSON.stringify(
        ours(doc.uri).map((d) => `${describeRange(d.range)} ${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]}`),
      )}`,
  );
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const result = await retryCanceled('vscode.executeCodeActionProvider', () =>
    vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind.value),
  );
  return (result ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

/**
 * Runs `request` again (twice at most) when VS Code cancels it. The workbench cancels a code-action request
 * when the set of providers for the document changes while it runs (TypeScript's extension registers its
 * own providers lazily, e.g. on the first JavaScript file), and any provider request when the document
 * changes. Each retry is logged, with the last document changes seen.
 */
async function retryCanceled<T>(what: string, request: () => Thenable<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || error.message !== 'Canceled') throw error;
      console.log(`      (${what} was canceled; retrying. Document changes so far: ${JSON.stringify(documentChanges.slice(-5))})`);
    }
  }
}

/** Recent changes of documents, to explain a canceled request or a failed test. */
const documentChanges: string[] = [];
vscode.workspace.onDidChangeTextDocument((event) => {
  if (!event.contentChanges.length) return;
  const name = event.document.uri.path.split('/').pop();
  documentChanges.push(`${new Date().toISOString().slice(11, 23)} ${name} v${event.document.version} ${event.contentChanges.length} change(s), reason ${event.reason ?? 'edit'}`);
  if (documentChanges.length > 50) documentChanges.shift();
});

function describeActions(actions: readonly vscode.CodeAction[]): string {
  return JSON.stringify(actions.map((a) => `${a.title} (${a.kind?.value ?? 'no kind'})`));
}

/** The markdown of every hover at `position`, ours and other extensions' (TypeScript's) alike. */
async function hoverTexts(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const hovers = await retryCanceled('vscode.executeHoverProvider', () =>
    vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position),
  );
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Deletes a settings file that holds no setting any more, and its folder when that is left empty. */
async function removeIfEmpty(file: vscode.Uri): Promise<void> {
  if (!(await exists(file))) return;
  const text = await readText(file);
  if (text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '').replace(/[\s{}]/g, '') !== '') return;
  await vscode.workspace.fs.delete(file);
  const folder = vscode.Uri.joinPath(file, '..');
  if ((await vscode.workspace.fs.readDirectory(folder)).length === 0) await vscode.workspace.fs.delete(folder);
}

/**
 * Resolves with the first truthy value of `predicate`, checked now, on every diagnostics change and
 * every 50 ms (for state that fires no event); rejects with `message` (computed then) after `timeoutMs`.
 */
function waitFor<T>(
  predicate: () => T | false | undefined | Promise<T | false | undefined>,
  timeoutMs: number,
  message: string | (() => string),
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let checking = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      subscription.dispose();
      settle();
    };
    const check = async () => {
      if (settled || checking) return;
      checking = true;
      try {
        const value = await predicate();
        if (value !== undefined && value !== false) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error));
      } finally {
        checking = false;
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(() => void check());
    const poll = setInterval(() => void check(), 50);
    const timer = setTimeout(() => {
      const text = typeof message === 'function' ? message() : message;
      finish(() => reject(new Error(`${text} (after ${timeoutMs} ms)`)));
    }, timeoutMs);
    void check();
  });
}

describe('Span Map', function () {
  this.timeout(120_000);

  it('"Show Span Map" draws the workspace\'s service graph in a webview, with the missing edges', async () => {
    const ext = vscode.extensions.getExtension<SpanKindApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    const api = await ext.activate();
    await api.isReady();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('spanKind.showSpanMap'), 'spanKind.showSpanMap is not registered');
    await vscode.commands.executeCommand('spanKind.showSpanMap');
    // The service, peers of src/ reached by every kind of evidence, and topics/queues on both sides.
    const expected = ['orders-service', 'order-events', 'payment-events', 'emails', 'postgresql', 'inventory.internal:8080', 'HTTP callers'];
    // The index reads the workspace in the background: the map grows until the server has read it all.
    const rendered = await waitFor(
      () => {
        const r = api.spanMapRendered();
        return r && r.complete && expected.every((label) => r.labels.includes(label)) && r;
      },
      90_000,
      () => `the span map never showed ${JSON.stringify(expected)}; last drawn: ${JSON.stringify(api.spanMapRendered())}`,
    );
    // Everything the map holds is drawn (no filter), as SVG elements counted in the webview's page.
    assert.equal(rendered.filter, '');
    assert.equal(rendered.nodes, rendered.mapNodes, 'every node of the map is drawn');
    assert.equal(rendered.edges, rendered.mapEdges, 'every edge of the map is drawn');
    assert.ok(rendered.missing >= 5, `missing edges drawn: ${rendered.missing}`);
    assert.ok(rendered.wrong >= 2, `wrong edges drawn: ${rendered.wrong}`);
    assert.equal(rendered.labels.filter((l) => l === 'orders-service').length, 1, 'one node per service');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(() => api.spanMapRendered() === undefined || undefined, TIMEOUT_MS, 'closing the panel did not forget its drawing');
  });
});

describe('Span Kinds view, status bar and CodeLens', function () {
  this.timeout(120_000);

  const folder = () => {
    const found = vscode.workspace.workspaceFolders?.[0];
    assert.ok(found, 'the tests need test-workspace open as the workspace folder');
    return found;
  };
  const at = (relative: string) => vscode.Uri.joinPath(folder().uri, ...relative.split('/'));
  let api: SpanKindApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<SpanKindApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await open(at(KAFKA_PRODUCER));
    api = await ext.activate();
    await api.isReady();
  });

  /** The view as VS Code renders it: group label → items as `label | description | icon`. */
  async function renderedTree(): Promise<Map<string, { text: string; item: vscode.TreeItem }[]>> {
    const tree = api.spanTree;
    const rendered = new Map<string, { text: string; item: vscode.TreeItem }[]>();
    for (const group of await tree.getChildren()) {
      const items = await Promise.all(
        (await tree.getChildren(group)).map((node) => {
          const item = tree.getTreeItem(node);
          return { text: `${String(item.label)} | ${String(item.description)} | ${(item.iconPath as vscode.ThemeIcon).id}`, item };
        }),
      );
      rendered.set(String(tree.getTreeItem(group).label), items);
    }
    return rendered;
  }

  const completeTree = () =>
    waitFor(
      async () => {
        const tree = await renderedTree();
        return api.spanTree.complete && tree;
      },
      90_000,
      'the Span Kinds view never showed a complete index',
    );

  it('the Span Kinds view groups every span of the workspace by kind, with findings marked', async () => {
    const tree = await completeTree();
    assert.deepEqual([...tree.keys()].slice(0, 5), ['SERVER', 'CONSUMER', 'CLIENT', 'PRODUCER', 'INTERNAL']);
    assert.deepEqual([...tree.keys()].slice(5), tree.has('kind not known statically') ? ['kind not known statically'] : []);
    const texts = (group: string) => tree.get(group)!.map((i) => i.text);
    // The two findings of kafka-producer.ts: a missing kind (so INTERNAL at run time) and a wrong CLIENT.
    assert.ok(texts('INTERNAL').includes('send order-events | src/events/kafka-producer.ts:26 · ⚠ should be PRODUCER | warning'), texts('INTERNAL').join('\n'));
    assert.ok(texts('CLIENT').includes('send order-events | src/events/kafka-producer.ts:38 · ⚠ should be PRODUCER | warning'), texts('CLIENT').join('\n'));
    // Its right one carries the PRODUCER icon.
    assert.ok(texts('PRODUCER').includes('send order-events | src/events/kafka-producer.ts:55 | send'), texts('PRODUCER').join('\n'));
    const all = [...tree.values()].flat();
    assert.ok(all.length > 50, `only ${all.length} spans in the view`);
    assert.ok(!all.some((i) => /node_modules/.test(String(i.item.id))), 'a span from node_modules');
    const group = api.spanTree.getTreeItem((await api.spanTree.getChildren())[0]);
    assert.match(String(group.description), /^\d+ spans?( · \d+ ⚠)?$/);

    // A click opens the file with the span name selected.
    const item = tree.get('CLIENT')!.find((i) => i.text.startsWith('send order-events | src/events/kafka-producer.ts:38'))!.item;
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.path.endsWith('src/events/kafka-producer.ts') && e.selection.start.line === 37 && e;
    }, TIMEOUT_MS, 'the click did not open kafka-producer.ts at line 38');
    assert.equal(editor.document.getText(editor.selection), "'send order-events'");
  });

  it('follows files created and deleted on disk', async () => {
    await completeTree();
    const file = at('src/jobs/index-test-consumer.ts');
    const text = "import { trace, SpanKind } from '@opentelemetry/api';\n\nexport function onMessage(): void {\n  trace.getTracer('t').startActiveSpan('process index-test', { kind: SpanKind.CONSUMER }, (span) => span.end());\n}\n";
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    try {
      await waitFor(
        async () => (await renderedTree()).get('CONSUMER')?.some((i) => i.text.startsWith('process index-test | src/jobs/index-test-consumer.ts:4 |')),
        TIMEOUT_MS,
        'the created file never showed in the view',
      );
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    await waitFor(
      async () => !(await renderedTree()).get('CONSUMER')?.some((i) => i.text.startsWith('process index-test')),
      TIMEOUT_MS,
      'the deleted file stayed in the view',
    );
  });

  it('lists a file with syntax errors as not understood, naming the line of its first error', async () => {
    await completeTree();
    const file = at('src/jobs/index-test-broken.ts');
    const text = "import { trace } from '@opentelemetry/api';\n\nexport function half( {\n  trace.getTracer('t').startActiveSpan('half typed', (span) => span.end());\n}\n";
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    try {
      const items = await waitFor(
        async () => (await renderedTree()).get('not understood (syntax errors)')?.filter((i) => i.text.startsWith('src/jobs/index-test-broken.ts |')),
        TIMEOUT_MS,
        'the file with syntax errors never showed as not understood',
      );
      assert.deepEqual(items.map((i) => i.text), ['src/jobs/index-test-broken.ts | line 4: not understood | warning']);
      assert.match(String(items[0].item.tooltip), /^Not understood: syntax error at line 4: /);
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    await waitFor(async () => !(await renderedTree()).has('not understood (syntax errors)'), TIMEOUT_MS, 'the deleted file stayed not understood');
  });

  it('the status bar counts the findings of the active file, per rule in its tooltip, and hides for other files', async () => {
    const doc = await open(at(KAFKA_PRODUCER));
    await waitForOurs(doc, (ds) => ds.length === 2);
    const state = await waitFor(() => api.statusBar()?.text === '$(pulse) Span kinds: 2' && api.statusBar(), TIMEOUT_MS, () => `status bar: ${JSON.stringify(api.statusBar())}`);
    assert.equal(state.tooltip, 'Span kind findings in this file: 2\nmissing-kind: 1\nwrong-kind: 1');
    await open(at('package.json'));
    await waitFor(() => api.statusBar() === undefined, TIMEOUT_MS, () => `status bar still shown for package.json: ${JSON.stringify(api.statusBar())}`);
    await open(at(KAFKA_PRODUCER));
    await waitFor(() => api.statusBar()?.text === '$(pulse) Span kinds: 2', TIMEOUT_MS, 'status bar not back for kafka-producer.ts');
  });

  describe('CodeLens', () => {
    let settingsFileExisted = true;
    const settingsFile = () => vscode.Uri.joinPath(folder().uri, '.vscode', 'settings.json');
    const ourLenses = async (uri: vscode.Uri) =>
      ((await retryCanceled('vscode.executeCodeLensProvider', () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri))) ?? [])
        .filter((l) => l.command?.command === 'spanKind.showSpan')
        .sort((a, b) => a.range.start.compareTo(b.range.start));

    before(async () => {
      settingsFileExisted = await exists(settingsFile());
    });

    after(async () => {
      await vscode.workspace.getConfiguration('spanKind', at(KAFKA_PRODUCER)).update('codeLens', undefined, vscode.ConfigurationTarget.Workspace);
      if (!settingsFileExisted) await removeIfEmpty(settingsFile());
    });

    it('shows none by default; with spanKind.codeLens on, one over each span call; a click shows its quick-fixes', async () => {
      const doc = await open(at(KAFKA_PRODUCER));
      await waitForOurs(doc, (ds) => ds.length === 2);
      assert.deepEqual(await ourLenses(doc.uri), []);
      await vscode.workspace.getConfiguration('spanKind', doc.uri).update('codeLens', true, vscode.ConfigurationTarget.Workspace);
      const lenses = await waitFor(async () => {
        const found = await ourLenses(doc.uri);
        return found.length === 3 && found;
      }, TIMEOUT_MS, 'the CodeLenses never showed');
      assert.deepEqual(
        lenses.map((l) => `${l.range.start.line + 1}: ${l.command!.title}`),
        [
          '26: kind: none (INTERNAL) · inferred PRODUCER ⚠ missing-kind',
          '38: kind: CLIENT · inferred PRODUCER ⚠ wrong-kind',
          '55: kind: PRODUCER · inferred PRODUCER',
        ],
      );
      await vscode.commands.executeCommand(lenses[0].command!.command, ...(lenses[0].command!.arguments ?? []));
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.toString(), doc.uri.toString());
      assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [25, doc.lineAt(25).text.indexOf("'send order-events'")]);
    });
  });
});
