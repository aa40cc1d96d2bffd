// Regenerates the `.fixed` twins of the test-workspace fixtures from the compiled engine, type-aware over
// the workspace program. Review the diff before committing: the twins are the expected output of the fixes.
const fs = require('node:fs');
const path = require('node:path');
const { analyzeFile } = require('../out/server/src/analysis/analyzeFile');
const { applyFixes } = require('../out/server/src/analysis/applyFixes');
const { fixtureFiles, fixedTwinOf, instrumentationOf, rulesCheckedIn, twinFixesOf, WORKSPACE } = require("../out/server/test/fixtures");
const { rules: allRules } = require("../out/server/src/rules");
const { programFor } = require("../out/server/test/programs");
const { AnalysisProject } = require("../out/server/src/analysis/project");

const projects = new Map();
for (const file of fixtureFiles()) {
  const text = fs.readFileSync(file, 'utf8');
  const program = programFor(file);
  if (!projects.has(program)) projects.set(program, new AnalysisProject({ checker: program.getTypeChecker(), instrumentation: instrumentationOf(file) }));
  const project = projects.get(program);
  const checked = rulesCheckedIn(file);
  const rules = checked === 'all' ? allRules : allRules.filter((r) => checked.includes(r.id));
  const fixes = twinFixesOf(file, analyzeFile(program.getSourceFile(file), { project, rules }).findings);
  const twin = fixedTwinOf(file);
  if (fixes.length) {
    fs.mkdirSync(path.dirname(twin), { recursive: true });
    fs.writeFileSync(twin, applyFixes(text, fixes));
    console.log(`wrote ${path.relative(WORKSPACE, twin)}`);
  } else if (fs.existsSync(twin)) {
    fs.rmSync(twin);
    console.log(`removed ${path.relative(WORKSPACE, twin)}`);
  }
}
