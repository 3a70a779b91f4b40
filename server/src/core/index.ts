/** The pure analysis core: text in, LSP types out. Neither `vscode` nor the connection is imported here. */
export { analyze, analyzeSet, type Analysis, type AnalyzeRequest } from './analyze';
export { codeActions, insertLinesEdit, missingLines, FIX_ALL_KIND } from './fixes/codeActions';
export { certainFixes } from './fixes/syntaxFixes';
export { fixAll, type FixAllRequest, type FixAllResult, type FixedFile } from './fixes/fixAll';
export { lineEdits } from './fixes/lineDiff';
export { bomDiagnostic, BOM, BOM_CODE } from './fixes/fileFixes';
export { analyzeLine } from './auditctl/setopt';
export { longLineCuts } from './auditctl/reads';
export { buildRuleSet, RuleSet, targetMachine } from './load/ruleSet';
export { kernelListing, listingText } from './load/listing';
export { editorLines } from './load/editorLines';
export { augenrulesOrder, augenrulesTakes, naturalCompare, rulesDirOf } from './load/augenrules';
export { FactsCache, FileModel, joinLines, RuleText, splitLines, type RuleFile, type SplitText, type TextChange } from './load/ruleFile';
export { tokenizeLine } from './auditctl/tokenize';
export { DEFAULT_SETTINGS, readSettings, settingChoices, type AnalysisSettings, type HostFacts, type RunOn, type SeverityName, type Settings, type SettingProblem } from './settings';
export { CIS_VERSION_IDS, cisVersion, controlPaths, equivalents, rationaleFor, BENCHMARK_URL } from './cis/catalogue';
export { SCANNERS } from './scanners/data';
export { HOST_LAYOUTS } from './scanners/hosts';
export { versionLabel } from './cis/report';
export { LSP_SEVERITY, SEVERITY_NAMES, severityName } from './severity';
// The machine names --target-arch accepts (the core itself falls back to x86_64 for others).
export { MACHINES } from './auditctl/tables';
export { hover } from './features/hover';
export { diagnosticHelp, type DiagnosticHelp } from './features/diagnosticHelp';
export { completion } from './features/completion';
export { documentSymbols, workspaceSymbols } from './features/symbols';
export { coverage, coverageLenses, coverageMarkdown, coverageSummary, coverageText, type Coverage } from './features/coverage';
