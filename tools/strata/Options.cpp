//===- Options.cpp - The strata command line's options --------------------===//
#include "Options.h"

using namespace llvm;

namespace strata::cli {

cl::OptionCategory StrataCategory("strata options");

cl::SubCommand ExtractCmd(
    "extract",
    "Parse every translation unit of a compilation database and write the "
    "dependency facts (includes, uses of declared entities, entities) as "
    "JSON");
cl::SubCommand AnalyzeCmd(
    "analyze",
    "Build the file, component, module, namespace and class graphs and "
    "report their coupling, cycle and layering metrics");
cl::SubCommand ReportCmd(
    "report",
    "Write the architecture review: the verdict (tightly coupled MVP or "
    "modular production) with its reasons, as text, json, markdown, dot, "
    "mermaid or a self-contained html report");
cl::SubCommand CheckCmd(
    "check",
    "Check the architecture rules and thresholds of .strata.yaml; print each "
    "violation as a compiler diagnostic at the include or use that creates "
    "it. Exit 0: nothing new; 1: violations; 2: usage, configuration or "
    "input error");
cl::SubCommand
    DiffCmd("diff",
            "Compare two analyses (strata analyze --format json): module "
            "dependencies added and removed, cycles formed and broken, metric "
            "deltas and the verdict's change");
cl::SubCommand
    LspCmd("lsp",
           "Run as a language server over stdio: editors show rule "
           "violations and cycle membership on the includes and uses that "
           "cause them; saving a file re-parses its translation unit");
cl::SubCommand
    MergeCmd("merge",
             "Merge facts files (shards of one extraction) into one; the "
             "result is the same as extracting everything in one run");
cl::SubCommand
    IndexCmd("index",
             "Add indexes to facts stores, for SQL queries by hand and for "
             "changing a store by unit: every table by unit, uses by file, "
             "target and target file, includes by file and target, entities "
             "by name. A store that extract or merge writes has none, "
             "because strata reads it whole and they take longer to build "
             "than the rows they index");
cl::SubCommand CMakeQueryCmd(
    "cmake-query",
    "Ask CMake for its target model: write the File API query file into the "
    "build directory (created if missing) and print the command that "
    "configures it (strata never runs CMake); once CMake has written its "
    "reply, its targets are the modules");
cl::SubCommand WhyCmd("why",
                      "Show the shortest dependency path from A to B, with "
                      "the includes and uses behind each step");

#define STRATA_PARSING_COMMANDS                                                \
  cl::sub(ExtractCmd), cl::sub(AnalyzeCmd), cl::sub(ReportCmd),                \
      cl::sub(CheckCmd), cl::sub(WhyCmd), cl::sub(LspCmd)
#define STRATA_GRAPH_COMMANDS                                                  \
  cl::sub(AnalyzeCmd), cl::sub(ReportCmd), cl::sub(CheckCmd), cl::sub(WhyCmd), \
      cl::sub(LspCmd)
#define STRATA_VERDICT_COMMANDS                                                \
  cl::sub(AnalyzeCmd), cl::sub(ReportCmd), cl::sub(CheckCmd)

// --- Compilation database options (shared by every command that parses) --

cl::opt<std::string> BuildPath(
    "p",
    cl::desc("Build directory holding compile_commands.json, or the path of "
             "the JSON file itself. Without it, strata looks for "
             "compile_commands.json next to the first source and upward"),
    cl::value_desc("build-path"), cl::cat(StrataCategory),
    STRATA_PARSING_COMMANDS, cl::sub(CMakeQueryCmd));

cl::list<std::string> Sources(cl::Positional, cl::desc("<source> ..."),
                              cl::cat(StrataCategory), cl::sub(ExtractCmd),
                              cl::sub(AnalyzeCmd), cl::sub(ReportCmd),
                              cl::sub(CheckCmd));

cl::opt<std::string> ConfigPath(
    "config",
    cl::desc("Read the architecture configuration from this file (default: "
             "the nearest .strata.yaml in the project root or above; see "
             "docs/config.md)"),
    cl::value_desc("file"), cl::cat(StrataCategory), STRATA_GRAPH_COMMANDS);

cl::opt<std::string> BaselinePath(
    "baseline",
    cl::desc("Accept the violations recorded in this baseline: fail only on "
             "new ones, and warn about entries that no longer occur"),
    cl::value_desc("file"), cl::cat(StrataCategory), cl::sub(CheckCmd));

cl::opt<std::string> WriteBaseline(
    "write-baseline",
    cl::desc("Record the current violations in this file (keyed on rules, "
             "modules and entities, never on line numbers) and exit 0"),
    cl::value_desc("file"), cl::cat(StrataCategory), cl::sub(CheckCmd));

cl::opt<std::string> CheckFormat(
    "format",
    cl::desc("'text' (default): compiler-style diagnostics; 'sarif': a SARIF "
             "2.1.0 log for code scanning; 'markdown': a pull-request "
             "summary"),
    cl::value_desc("text|sarif|markdown"), cl::init("text"),
    cl::cat(StrataCategory), cl::sub(CheckCmd));

cl::opt<std::string> SarifOutput(
    "sarif-output",
    cl::desc("Also write the SARIF log to this file, from the same run (the "
             "facts are extracted once for every output)"),
    cl::value_desc("file"), cl::cat(StrataCategory), cl::sub(CheckCmd));

cl::opt<std::string> MarkdownOutput(
    "markdown-output",
    cl::desc("Also write a Markdown summary for a pull-request comment to "
             "this file, from the same run"),
    cl::value_desc("file"), cl::cat(StrataCategory), cl::sub(CheckCmd));

// --- Graph options ---------------------------------------------------------

cl::list<std::string> FactsFiles(
    "facts",
    cl::desc("Read the facts from this file (written by 'strata extract' or "
             "'strata merge': JSON, or an SQLite facts store) instead of "
             "parsing the compilation database; repeat it to merge shards on "
             "the fly"),
    cl::value_desc("facts.json|facts.db"), cl::cat(StrataCategory),
    STRATA_GRAPH_COMMANDS);

cl::opt<std::string> Shard(
    "shard",
    cl::desc("Process only shard K of N of the selected database entries "
             "(entries K, K+N, K+2N, ...); merge the shards' outputs with "
             "'strata merge'"),
    cl::value_desc("K/N"), cl::cat(StrataCategory), cl::sub(ExtractCmd));

cl::list<std::string> DiffInputs(cl::Positional,
                                 cl::desc("<old.json> <new.json>"),
                                 cl::cat(StrataCategory), cl::sub(DiffCmd));

cl::opt<std::string> DiffFormat("format",
                                cl::desc("'text' (default), 'markdown' or "
                                         "'json'"),
                                cl::value_desc("text|markdown|json"),
                                cl::init("text"), cl::cat(StrataCategory),
                                cl::sub(DiffCmd));

cl::opt<std::string> DiffOutput("o",
                                cl::desc("Write the comparison here ('-' "
                                         "for stdout, the default)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::cat(StrataCategory), cl::sub(DiffCmd));

cl::list<std::string> MergeInputs(cl::Positional,
                                  cl::desc("<facts.json|facts.db> ..."),
                                  cl::cat(StrataCategory), cl::sub(MergeCmd));

cl::list<std::string> IndexStores(cl::Positional, cl::OneOrMore,
                                  cl::desc("<facts.db> ..."),
                                  cl::cat(StrataCategory), cl::sub(IndexCmd));

cl::opt<std::string> MergeOutput(
    "o",
    cl::desc("Write the merged facts here ('-' for stdout, the default); a "
             "name ending in .db writes an SQLite facts store, merging the "
             "input stores with the database's own ATTACH and INSERT"),
    cl::value_desc("file"), cl::init("-"), cl::cat(StrataCategory),
    cl::sub(MergeCmd));

cl::opt<std::string> EdgesOpt(
    "edges",
    cl::desc("Which dependencies make edges: 'includes' (#include "
             "directives), 'uses' (uses of declared entities and macros, and "
             "link-time edges to the files defining the functions and "
             "variables used), 'compile' (includes and uses: what a file "
             "needs to compile), 'link' (what it needs to link) or 'all' "
             "(default)"),
    cl::value_desc("includes|uses|compile|link|all"), cl::init("all"),
    cl::cat(StrataCategory), STRATA_GRAPH_COMMANDS);

cl::opt<std::string> ModulesOpt(
    "modules",
    cl::desc("What a module is: 'cmake', each library and executable target "
             "of the CMake File API reply in the -p build directory, with "
             "its declared dependencies checked against the code (the "
             "default when the build directory holds a reply and "
             ".strata.yaml configures no modules; 'strata cmake-query' "
             "asks CMake for one; docs/cmake.md), or 'directories' "
             "(otherwise the default)"),
    cl::value_desc("directories|cmake"), cl::cat(StrataCategory),
    STRATA_GRAPH_COMMANDS);

cl::opt<unsigned> ModuleDepth(
    "module-depth",
    cl::desc("A module is the directory made of the first N path components "
             "below the project root (default: one level below the deepest "
             "directory holding every project file)"),
    cl::value_desc("N"), cl::init(0), cl::cat(StrataCategory),
    STRATA_GRAPH_COMMANDS);

cl::opt<std::string> Format("format",
                            cl::desc("Output format: 'text' (default) or "
                                     "'json' (everything; see "
                                     "docs/analysis-schema.md)"),
                            cl::value_desc("text|json"), cl::init("text"),
                            cl::cat(StrataCategory), cl::sub(AnalyzeCmd));

cl::opt<bool> Timings("timings",
                      cl::desc("Print how long loading or extracting the "
                               "facts and analyzing them took, on stderr"),
                      cl::cat(StrataCategory), STRATA_VERDICT_COMMANDS);

cl::opt<std::string> ReportFormat(
    "format",
    cl::desc("Report format: 'html' (default; one self-contained file), "
             "'text', 'json' (everything, with the verdict), 'markdown' (a "
             "pull-request comment), 'dot' or 'mermaid' (the graph at "
             "--level)"),
    cl::value_desc("html|text|json|markdown|dot|mermaid"), cl::init("html"),
    cl::cat(StrataCategory), cl::sub(ReportCmd));

cl::opt<std::string> ReportLevel(
    "level",
    cl::desc("Graph drawn by the dot and mermaid formats: module (default), "
             "component or file"),
    cl::value_desc("level"), cl::init("module"), cl::cat(StrataCategory),
    cl::sub(ReportCmd));

cl::list<std::string> Anchors(
    "anchor",
    cl::desc("Override a verdict anchor: NAME=GOOD,BAD[,WEIGHT] with NAME "
             "one of core_size, propagation_cost, component_cyclicity, "
             "module_cyclicity, nccd, modularity (see docs/verdict.md); "
             "repeatable"),
    cl::value_desc("spec"), cl::cat(StrataCategory), STRATA_VERDICT_COMMANDS);

cl::opt<double> VerdictThreshold(
    "verdict-threshold",
    cl::desc("Score at or above which the verdict is 'tightly coupled MVP' "
             "(default 0.5)"),
    cl::value_desc("x"), cl::init(0.5), cl::cat(StrataCategory),
    STRATA_VERDICT_COMMANDS);

cl::opt<std::string> LevelOpt(
    "level",
    cl::desc("Graph level: file, component (default), module, namespace or "
             "class"),
    cl::value_desc("level"), cl::init("component"), cl::cat(StrataCategory),
    cl::sub(WhyCmd));

cl::list<std::string> WhyNodes(
    cl::Positional,
    cl::desc("<from> <to>: node names at the chosen level, or project files "
             "(relative to the root) that belong to them"),
    cl::cat(StrataCategory), cl::sub(WhyCmd));

cl::opt<unsigned> EvidenceLines(
    "evidence",
    cl::desc("Source lines shown under each edge in text output (default 3)"),
    cl::value_desc("N"), cl::init(3), cl::cat(StrataCategory),
    STRATA_GRAPH_COMMANDS);

cl::opt<bool> AllIncludes(
    "all-includes",
    cl::desc("List every unused and forward-declarable include in text "
             "output, not only the first 10"),
    cl::cat(StrataCategory), STRATA_VERDICT_COMMANDS);

cl::opt<bool> VerifyIncludes(
    "verify-includes",
    cl::desc("Keep only the unused and forward-declarable include claims "
             "that Clang confirms: apply each edit in memory and parse every "
             "translation unit that reads the file with the database's "
             "flags (costs about one more parse of those TUs; needs -p)"),
    cl::cat(StrataCategory), STRATA_VERDICT_COMMANDS);

cl::opt<bool> ListReliant(
    "reliant",
    cl::desc("List in text output every use of a header that relies on "
             "declarations its includer made first (the header does not "
             "compile on its own)"),
    cl::cat(StrataCategory), STRATA_VERDICT_COMMANDS);

cl::opt<std::string> SourceFilter(
    "source-filter",
    cl::desc("Only analyze database entries whose file matches this regular "
             "expression (searched in the absolute and the project-relative "
             "path)"),
    cl::value_desc("regex"), cl::cat(StrataCategory), STRATA_PARSING_COMMANDS);

cl::list<std::string> Excludes(
    "exclude",
    cl::desc("Skip database entries whose project-relative (or absolute) "
             "path matches this glob; repeatable, e.g. "
             "--exclude='third_party/*'"),
    cl::value_desc("glob"), cl::cat(StrataCategory), STRATA_PARSING_COMMANDS);

cl::list<std::string> ExtraArgs(
    "extra-arg",
    cl::desc("Additional argument to append to every compile command"),
    cl::value_desc("arg"), cl::cat(StrataCategory), STRATA_PARSING_COMMANDS);

cl::list<std::string> ExtraArgsBefore(
    "extra-arg-before",
    cl::desc("Additional argument to insert after the compiler in every "
             "compile command"),
    cl::value_desc("arg"), cl::cat(StrataCategory), STRATA_PARSING_COMMANDS);

cl::opt<unsigned>
    Jobs("j",
         cl::desc("Parse this many translation units at once (default: all "
                  "cores)"),
         cl::value_desc("N"), cl::init(0), cl::Prefix, cl::cat(StrataCategory),
         STRATA_PARSING_COMMANDS);

cl::opt<std::string> ProjectRoot(
    "project-root",
    cl::desc("Files below this directory (and not system headers) are "
             "project code; everything else is external. Default: the "
             "deepest directory holding every database entry's directory "
             "and file"),
    cl::value_desc("dir"), cl::cat(StrataCategory), STRATA_PARSING_COMMANDS);

cl::opt<bool> SkipMissing(
    "skip-missing",
    cl::desc("Warn about and skip database entries whose file or directory "
             "no longer exists, instead of failing"),
    cl::cat(StrataCategory), STRATA_PARSING_COMMANDS);

cl::opt<std::string> ModeOpt(
    "mode",
    cl::desc("'full' (default): includes, uses of declared entities and "
             "entities from the AST; 'includes': the include graph only, from "
             "the preprocessor (much faster, no semantic analysis)"),
    cl::value_desc("full|includes"), cl::init("full"), cl::cat(StrataCategory),
    STRATA_PARSING_COMMANDS);

cl::opt<std::string> CacheDir(
    "cache-dir",
    cl::desc("Keep each translation unit's facts here and reuse them while "
             "none of the files it read changed (default: .strata-cache "
             "beside compile_commands.json)"),
    cl::value_desc("dir"), cl::cat(StrataCategory), STRATA_PARSING_COMMANDS);

cl::opt<bool> NoCache("no-cache",
                      cl::desc("Parse every translation unit; neither read "
                               "nor write the cache"),
                      cl::cat(StrataCategory), STRATA_PARSING_COMMANDS);

cl::opt<bool> NoSkipBodies(
    "no-skip-bodies",
    cl::desc("Parse every function body, also those in system headers and "
             "in project headers another translation unit already parsed "
             "(slower; the same facts, but for the few that depend on what "
             "the recording translation unit instantiated: "
             "docs/architecture.md)"),
    cl::cat(StrataCategory), STRATA_PARSING_COMMANDS);

cl::opt<bool> NoPch(
    "no-pch",
    cl::desc("Parse the system headers every translation unit begins with "
             "in each of them, instead of once into a precompiled header "
             "shared by the translation units with the same flags (slower; "
             "the facts are the same)"),
    cl::cat(StrataCategory), STRATA_PARSING_COMMANDS);

cl::opt<std::string>
    Output("o",
           cl::desc("Write the output here ('-' for stdout, the default); the "
                    "file is replaced atomically. For extract, a name ending "
                    "in .db writes an SQLite facts store (one unit per "
                    "translation unit; docs/facts-schema.md)"),
           cl::value_desc("file"), cl::init("-"), cl::cat(StrataCategory),
           STRATA_PARSING_COMMANDS);

cl::opt<bool> Quiet("quiet",
                    cl::desc("Print no progress and no summary; parse "
                             "failures and errors are still printed"),
                    cl::cat(StrataCategory), STRATA_PARSING_COMMANDS);

} // namespace strata::cli
