// The analysis of a set of files that share one checker: per-file models and walks, and the summaries
// of functions followed across files, each computed once.
import type * as ts from 'typescript';
import { type Catalogue, catalogue as defaultCatalogue } from '../catalogue';
import { findSpanCalls, type FileWalk } from './findSpanCalls';
import { FileModel } from './model';
import { createSingleFileChecker, withinTypeScriptLimits } from './program';

export { FileTooDeepError } from './program';
import type { InstrumentationFact } from './instrumentation';
import type { Evidence, WrapperInfo } from './types';

/** One file's model (what its names mean) and walk (its span calls, calls and handlers). */
export interface FileUnit {
  model: FileModel;
  walk: FileWalk;
  spanCalls: ReadonlySet<ts.CallExpression>;
}

/** What a function does, as seen from a span that calls it. */
export interface FunctionSummary {
  evidence: Evidence[];
  /** It calls code that could not be followed. */
  opaque: boolean;
}

export interface ProjectOptions {
  /**
   * Whether the checker sees a whole program (types and other files resolve). Defaults to whether a
   * checker is given; false for a checker from createSyntacticChecker.
   */
  typed?: boolean;
  /** Auto-instrumentations the workspace registers (see detectInstrumentation). */
  instrumentation?: readonly InstrumentationFact[];
  /** A checker over a program holding every file analysed; without one, each file binds its own names. */
  checker?: ts.TypeChecker;
  catalogue?: Catalogue;
}

export class AnalysisProject {
  private readonly units = new Map<ts.SourceFile, FileUnit>();
  private readonly walking = new Set<ts.SourceFile>();
  /** Function summaries, shared by every file of the project. */
  readonly summaries = new Map<ts.FunctionLikeDeclaration, FunctionSummary>();
  readonly catalogue: Catalogue;

  constructor(readonly options: ProjectOptions = {}) {
    this.catalogue = options.catalogue ?? defaultCatalogue;
  }

  /** True when names resolve through a program's type checker, across files and into packages. */
  get typed(): boolean {
    return this.options.typed ?? this.options.checker !== undefined;
  }

  unitOf(sourceFile: ts.SourceFile): FileUnit {
    let unit = this.units.get(sourceFile);
    if (!unit) {
      const checker = this.options.checker ?? withinTypeScriptLimits(sourceFile.fileName, () => createSingleFileChecker(sourceFile));
      const model = new FileModel(sourceFile, checker, this.catalogue, this.typed);
      this.walking.add(sourceFile);
      let walk: FileWalk;
      try {
        walk = findSpanCalls(model, this.typed ? (fn) => this.wrapperOf(fn) : undefined);
      } finally {
        this.walking.delete(sourceFile);
      }
      unit = { model, walk, spanCalls: new Set(walk.spans.map((s) => s.call)) };
      this.units.set(sourceFile, unit);
    }
    return unit;
  }

  /** The wrapper `fn` is, looked up in its own file (files being walked are not entered again). */
  private wrapperOf(fn: ts.FunctionLikeDeclaration): WrapperInfo | undefined {
    const file = fn.getSourceFile();
    if (this.walking.has(file)) return undefined;
    // Most called functions start no span: do not walk their files to find out.
    const body = fn.body && file.text.slice(fn.body.pos, fn.body.end);
    if (!body || !(body.includes('startSpan') || body.includes('startActiveSpan'))) return undefined;
    return this.unitOf(file).walk.wrappers.get(fn);
  }
}

