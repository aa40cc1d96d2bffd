// Editor tests: the extension in a real VS Code on test-workspace. They wait for events, never sleep.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SpanKindApi } from '../../extension';

const EXTENSION_ID = 'span-kind-lens.span-kind-lens'; // publisher.name in package.json
const SOURCE = 'spankind';
const MISSING_KIND = 'spankind/missing-kind';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('spanKind');
const KIND_FIX_TITLE = /^Set span kind to (CLIENT|SERVER|PRODUCER|CONSUMER|INTERNAL)$/;
const TIMEOUT_MS = 30_000;

describe('Span Kind Lens in the editor', () => {
  const workspace = () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests need test-workspace open as the workspace folder');
    return folder;
  };
  // Each of these has a span around a message send that sets no kind.
  const producerUri = () => vscode.Uri.joinPath(workspace().uri, 'src', 'events', 'kafka-producer.ts');
  const jsProducerUri = () => vscode.Uri.joinPath(workspace().uri, 'src', 'events', 'amqp-publisher.js');

  afterEach(async () => {
    // A failed test must not leave its edits behind for the next one.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === producerUri().toString());
    if (doc?.isDirty) await revert(doc);
  });

  it('activates when a TypeScript file opens and starts its server', async () => {
    const extension = vscode.extensions.getExtension<SpanKindApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    await open(producerUri());
    await waitFor(() => extension.isActive, TIMEOUT_MS, 'the extension did not activate on a TypeScript file');
    await extension.exports.isReady();
  });

  it('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['spanKind.restartServer', 'spanKind.showOutput']) {
      assert.ok(commands.includes(command), `${command} is not registered`);
    }
  });

  it('reports a span around a Kafka send that sets no kind', async () => {
    const doc = await open(producerUri());
    const diagnostic = await waitForProducerDiagnostic(doc);
    assert.equal(diagnostic.source, SOURCE);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(diagnostic.relatedInformation?.length, 'the diagnostic points at no evidence');
  });

  it('checks JavaScript files too', async () => {
    const doc = await open(jsProducerUri());
    assert.equal(doc.languageId, 'javascript');
    await waitForProducerDiagnostic(doc);
  });

  it('offers a quick fix that sets the kind, and the diagnostic goes away', async () => {
    const doc = await open(producerUri());
    const original = doc.getText();
    const diagnostic = await waitForProducerDiagnostic(doc);
    const before = ours(doc.uri).length;

    const actions = await codeActions(doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
    const fix = actions.find((a) => KIND_FIX_TITLE.test(a.title));
    assert.ok(fix?.edit, `no "Set span kind to …" quick fix among ${describeActions(actions)}`);
    assert.equal(fix.title, 'Set span kind to PRODUCER');
    assert.deepEqual(fix.diagnostics?.map(codeOf), [MISSING_KIND]);

    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the quick fix edit was refused');
    assert.ok(doc.getText().includes('kind: '), 'the quick fix did not insert `kind: `');
    assert.notEqual(doc.getText(), original);
    // Gone means: the diagnostic as published before the edit was replaced (so the server has
    // checked the new text), and the file has one missing kind fewer, not the same one moved.
    await waitFor(
      () => !ours(doc.uri).some((d) => sameDiagnostic(d, diagnostic)) && ours(doc.uri).length === before - 1,
      TIMEOUT_MS,
      'the missing-kind diagnostic stayed after its quick fix',
    );

    await revert(doc);
    assert.equal(doc.getText(), original);
    await waitForProducerDiagnostic(doc);
  });

  it('offers fix-all as source.fixAll.spanKind', async () => {
    const doc = await open(producerUri());
    await waitForProducerDiagnostic(doc);
    const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    const actions = await codeActions(doc.uri, whole, FIX_ALL_KIND);
    const fixAll = actions.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind));
    assert.ok(fixAll?.edit, `no ${FIX_ALL_KIND.value} action among ${describeActions(actions)}`);
  });

  it('explains the span kind on hover over startActiveSpan', async () => {
    const doc = await open(producerUri());
    const diagnostic = await waitForProducerDiagnostic(doc);
    const callee = doc.getText().lastIndexOf('startActiveSpan', doc.offsetAt(diagnostic.range.start));
    assert.ok(callee >= 0, 'no startActiveSpan before the span name');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      doc.positionAt(callee + 1),
    );
    const texts = hovers.flatMap((h) => h.contents.map(hoverText));
    const ourHover = texts.find((t) => t.includes('Span kind'));
    assert.ok(ourHover, `no Span kind hover among ${JSON.stringify(texts)}`);
    assert.match(ourHover, /PRODUCER/);
  });

  describe('settings', () => {
    let settingsFileExisted = true;

    before(async () => {
      settingsFileExisted = await exists(settingsFile());
    });

    afterEach(async () => {
      const config = vscode.workspace.getConfiguration('spanKind', producerUri());
      await config.update('severity', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    });

    after(async () => {
      // Changing a Workspace setting writes test-workspace/.vscode/settings.json; leave no new file behind.
      if (!settingsFileExisted) await removeIfEmpty(settingsFile());
    });

    const settingsFile = () => vscode.Uri.joinPath(workspace().uri, '.vscode', 'settings.json');

    it('follows spanKind.severity without a reload', async () => {
      const doc = await open(producerUri());
      const warning = await waitForProducerDiagnostic(doc);
      await vscode.workspace
        .getConfiguration('spanKind', doc.uri)
        .update('severity', 'error', vscode.ConfigurationTarget.Workspace);
      await waitFor(
        () => ours(doc.uri).some((d) => d.range.isEqual(warning.range) && d.severity === vscode.DiagnosticSeverity.Error),
        TIMEOUT_MS,
        'the diagnostic did not turn into an error',
      );
    });

    it('clears its diagnostics when spanKind.enable is false, and brings them back', async () => {
      const doc = await open(producerUri());
      await waitForProducerDiagnostic(doc);
      const config = vscode.workspace.getConfiguration('spanKind', doc.uri);
      await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => ours(doc.uri).length === 0, TIMEOUT_MS, 'diagnostics stayed with spanKind.enable false');
      await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
      await waitForProducerDiagnostic(doc);
    });
  });

  it('restarts its server on spanKind.restartServer and reports again', async () => {
    const doc = await open(producerUri());
    await waitForProducerDiagnostic(doc);
    await vscode.commands.executeCommand('spanKind.restartServer');
    const extension = vscode.extensions.getExtension<SpanKindApi>(EXTENSION_ID);
    await extension?.exports.isReady();
    const diagnostic = await waitForProducerDiagnostic(doc);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
  });
});

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

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

/** Our missing-kind diagnostics on `uri`. */
function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && codeOf(d) === MISSING_KIND);
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return a.range.isEqual(b.range) && a.message === b.message && codeOf(a) === codeOf(b);
}

/** The first missing-kind diagnostic that asks for PRODUCER, once the server has published it. */
function waitForProducerDiagnostic(doc: vscode.TextDocument): Promise<vscode.Diagnostic> {
  return waitFor(
    () => ours(doc.uri).find((d) => /\bPRODUCER\b/.test(d.message)),
    TIMEOUT_MS,
    `no ${MISSING_KIND} diagnostic suggesting PRODUCER in ${doc.uri.toString()}`,
  );
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const result = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind.value,
  );
  return (result ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

function describeActions(actions: readonly vscode.CodeAction[]): string {
  return JSON.stringify(actions.map((a) => `${a.title} (${a.kind?.value ?? 'no kind'})`));
}

function hoverText(content: vscode.MarkdownString | vscode.MarkedString): string {
  return typeof content === 'string' ? content : content.value;
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
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  if (text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '').replace(/[\s{}]/g, '') !== '') return;
  await vscode.workspace.fs.delete(file);
  const folder = vscode.Uri.joinPath(file, '..');
  if ((await vscode.workspace.fs.readDirectory(folder)).length === 0) await vscode.workspace.fs.delete(folder);
}

/**
 * Resolves with the first truthy value of `predicate`, checked now, on every diagnostics change and
 * every 50 ms (for state that fires no event); rejects with `message` after `timeoutMs`.
 */
function waitFor<T>(
  predicate: () => T | false | undefined | Promise<T | false | undefined>,
  timeoutMs: number,
  message: string,
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
    const timer = setTimeout(() => finish(() => reject(new Error(`${message} (after ${timeoutMs} ms)`))), timeoutMs);
    void check();
  });
}
