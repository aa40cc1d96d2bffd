// Type-aware analysis for the CLI: one TypeScript program per tsconfig/jsconfig, rooted at the files that
// can contain span calls (TypeScript pulls in only what they import), and one AnalysisProject over it.
import * as path from 'node:path';
import ts = require('typescript');
import { analyzeFile, type FileAnalysis } from '../analysis/analyzeFile';
import type { InstrumentationFact } from '../analysis/instrumentation';
import { JSDOC_PARSING } from '../analysis/program';
import { AnalysisProject } from '../analysis/project';
import { catalogueFor } from '../analysis/userCatalogue';
import type { Settings } from '../analysis/settings';
import { analysisCompilerHost, findProjectConfig, parseProjectConfig } from './tsconfig';

interface Group {
  configPath: string;
  roots: string[];
  program?: ts.Program;
  project?: AnalysisProject;
}

export class TypedPrograms {
  private readonly groups = new Map<string, Group>();
  private readonly groupOfFile = new Map<string, Group>();

  constructor(
    private readonly warn: (line: string) => void,
    private readonly instrumentation: readonly InstrumentationFact[] = [],
  ) {}

  /** Registers a file to analyse; files under no tsconfig/jsconfig are analysed from their syntax. */
  add(file: string): void {
    if (this.groupOfFile.has(path.resolve(file))) return;
    const configPath = findProjectConfig(file);
    if (!configPath) return;
    let group = this.groups.get(configPath);
    if (!group) this.groups.set(configPath, (group = { configPath, roots: [] }));
    group.roots.push(path.resolve(file));
    this.groupOfFile.set(path.resolve(file), group);
  }

  /** Does a type-aware program cover this file? */
  covers(file: string): boolean {
    return this.groupOfFile.has(path.resolve(file));
  }

  /** The type-aware analysis of a registered file, or `undefined` when it has no project. */
  analyze(file: string, settings: Settings, text?: string): FileAnalysis | undefined {
    const group = this.groupOfFile.get(path.resolve(file));
    if (!group) return undefined;
    // Roots added after the program was built: it is built again from the old one, reusing its files.
    if (!group.program || group.program.getRootFileNames().length !== group.roots.length) {
      const config = parseProjectConfig(group.configPath);
      if (!group.program) for (const e of config.errors) this.warn(e);
      const host = analysisCompilerHost(config.options);
      host.jsDocParsingMode = JSDOC_PARSING;
      // A copy: the program keeps the array it is given, and its reuse compares it with the next one.
      group.program = ts.createProgram({ rootNames: [...group.roots], options: config.options, host, oldProgram: group.program });
      group.project = new AnalysisProject({ checker: group.program.getTypeChecker(), program: group.program, instrumentation: this.instrumentation, catalogue: catalogueFor(settings) });
    }
    if (text !== undefined) {
      const program = withFileText(group.program, path.resolve(file), text);
      return analyzeFile(program.getSourceFile(path.resolve(file))!, { checker: program.getTypeChecker(), instrumentation: this.instrumentation, settings });
    }
    const sf = group.program.getSourceFile(path.resolve(file));
    return sf ? analyzeFile(sf, { project: group.project, settings }) : undefined;
  }
}

/** The same program with one file's text replaced; unchanged files are reused. */
export function withFileText(base: ts.Program, fileName: string, text: string): ts.Program {
  const options = base.getCompilerOptions();
  const host = analysisCompilerHost(options);
  host.jsDocParsingMode = JSDOC_PARSING;
  const read = host.getSourceFile;
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) =>
    path.resolve(name) === fileName
      ? ts.createSourceFile(name, text, typeof languageVersion === 'object' ? languageVersion : { languageVersion, jsDocParsingMode: JSDOC_PARSING }, true)
      : (base.getSourceFile(name) ?? read.call(host, name, languageVersion, onError, shouldCreate));
  return ts.createProgram({ rootNames: base.getRootFileNames(), options, host, oldProgram: base });
}
