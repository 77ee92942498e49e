//===- StrataMain.cpp - The strata command line ---------------------------===//
//
// Turns command-line options into the libraries' plain option structs and
// prints what they return. No analysis happens here.
//
// Exit codes: 0 success; 1 the check found violations (later commands);
// 2 usage, configuration or input error.
//
//===----------------------------------------------------------------------===//
#include "StrataMain.h"
#include "Options.h"

#include "strata/analysis/Config.h"
#include "strata/analysis/Diagnostics.h"
#include "strata/analysis/Rules.h"
#include "strata/analysis/Targets.h"
#include "strata/analysis/Verdict.h"
#include "strata/build/CMakeFileApi.h"
#include "strata/extract/Extract.h"
#include "strata/extract/Verify.h"
#include "strata/facts/FactsJson.h"
#include "strata/graph/Analyze.h"
#include "strata/graph/Path.h"
#include "strata/lsp/Server.h"
#include "strata/report/Check.h"
#include "strata/report/Diff.h"
#include "strata/report/Html.h"
#include "strata/report/Report.h"
#include "strata/store/FactStore.h"
#include "strata/support/Output.h"
#include "strata/support/Paths.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <fmt/format.h>

using namespace llvm;

namespace strata::cli {
namespace {

int fail(Error E) {
  errs() << "strata: error: " << oneLine(toString(std::move(E))) << "\n";
  return ExitUsage;
}

extract::ExtractOptions extractOptions() {
  extract::ExtractOptions O;
  O.BuildPath = BuildPath;
  O.Sources.assign(Sources.begin(), Sources.end());
  O.SourceFilter = SourceFilter;
  O.Excludes.assign(Excludes.begin(), Excludes.end());
  O.Arguments.ExtraArgs.assign(ExtraArgs.begin(), ExtraArgs.end());
  O.Arguments.ExtraArgsBefore.assign(ExtraArgsBefore.begin(),
                                     ExtraArgsBefore.end());
  O.Jobs = Jobs;
  O.ProjectRoot = ProjectRoot;
  O.SkipMissing = SkipMissing;
  O.SkipBodies = !NoSkipBodies;
  O.SharedPch = !NoPch;
  O.UseCache = !NoCache;
  O.CacheDir = CacheDir;
  return O;
}

// Reads and merges facts files; the errors name the file.
Expected<facts::FactSet> readAndMerge(ArrayRef<std::string> Paths) {
  std::vector<facts::FactSet> Parts;
  for (const std::string &Path : Paths) {
    Expected<facts::FactSet> F = store::readFacts(Path);
    if (!F)
      return F.takeError();
    if (!Parts.empty() && F->Root != Parts.front().Root)
      return fileError(Path, "its project root '" + F->Root +
                                 "' differs from that of '" + Paths.front() +
                                 "' ('" + Parts.front().Root + "')");
    Parts.push_back(std::move(*F));
  }
  return facts::mergeAll(std::move(Parts));
}

// Runs extraction with progress on stderr; failures of single TUs are
// printed as they happen.
Error usageError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

Expected<extract::ExtractResult> runExtraction(bool KeepPerTU = false) {
  extract::ExtractOptions Options = extractOptions();
  Options.KeepPerTU = KeepPerTU;
  if (ModeOpt == "includes")
    Options.Mode = extract::ExtractMode::Includes;
  else if (ModeOpt != "full")
    return usageError("--mode: expected 'full' or 'includes', not '" + ModeOpt +
                      "'");
  if (!Shard.empty())
    if (Error E = extract::parseShard(Shard, Options))
      return E;
  bool Progress = !Quiet && sys::Process::StandardErrIsDisplayed();
  auto OnTU = [Progress](const extract::TUReport &R) {
    if (Progress)
      errs() << fmt::format("[{}/{}] {}{}\n", R.Index + 1, R.Total, R.File,
                            R.FromCache ? " (cached)" : "");
    if (R.Status != facts::TUStatus::Ok)
      errs() << "strata: warning: " << oneLine(R.File) << ": "
             << (R.Status == facts::TUStatus::Crashed ? "clang crashed"
                                                      : "failed to parse")
             << "; its facts are partial: " << oneLine(R.FirstError) << "\n";
  };
  Expected<extract::ExtractResult> Result =
      extract::extractFacts(Options, OnTU);
  if (Result)
    for (const std::string &W : Result->Warnings)
      errs() << "strata: warning: " << oneLine(W) << "\n";
  return Result;
}

void printSummary(const extract::ExtractResult &R, double Seconds) {
  if (Quiet)
    return;
  const facts::FactSet &F = R.Facts;
  errs() << fmt::format(
      "strata: {} TUs parsed ({} from cache), {} failed; {} files, {} "
      "entities, {} edges ({} includes, {} uses) in {:.2f} s\n",
      R.Parsed, R.FromCache, R.Failed, F.Files.size(), F.Entities.size(),
      F.Includes.size() + F.Uses.size(), F.Includes.size(), F.Uses.size(),
      Seconds);
  if (R.PchBuilt > 0)
    errs() << fmt::format("strata: {} of them shared {} precompiled "
                          "header{} of their leading system includes{}\n",
                          R.PchUsed, R.PchBuilt, R.PchBuilt == 1 ? "" : "s",
                          R.PchRefused ? fmt::format(" ({} did not begin with "
                                                     "theirs and were parsed "
                                                     "without)",
                                                     R.PchRefused)
                                       : "");
  if (!R.NotCOrCxx.empty()) {
    size_t Skipped = 0;
    for (const auto &[Language, Count] : R.NotCOrCxx)
      Skipped += Count;
    errs() << fmt::format("strata: skipped {} database entr{} the front end "
                          "cannot parse as C or C++ ({})\n",
                          Skipped, Skipped == 1 ? "y" : "ies",
                          extract::describeNotCOrCxx(R.NotCOrCxx));
  }
  if (R.Reparsed > 0)
    errs() << fmt::format("strata: {} TU{} parsed again with every body: a "
                          "header's includes meant something else there\n",
                          R.Reparsed, R.Reparsed == 1 ? " was" : "s were");
}

double secondsSince(std::chrono::steady_clock::time_point Start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
      .count();
}

int runExtract() {
  auto Start = std::chrono::steady_clock::now();
  // A store keeps each TU's facts as a unit of its own.
  bool Store = store::wantsStore(Output);
  Expected<extract::ExtractResult> Result = runExtraction(Store);
  if (!Result)
    return fail(Result.takeError());
  if (Store) {
    std::vector<std::pair<std::string, facts::FactSet>> Units;
    for (size_t I = 0; I < Result->PerTU.size(); ++I) {
      facts::FactSet &F = Result->PerTU[I];
      F.Root = Result->Root;
      std::string Name = F.TUs.empty()
                             ? relativeTo(Result->Commands[I].File, F.Root)
                             : F.TUs.front().File.str();
      Units.emplace_back(std::move(Name), std::move(F));
    }
    if (Error E = store::writeStore(Output, Result->Root, Units))
      return fail(std::move(E));
  } else if (Error E = writeOutput(Output, [&](raw_ostream &OS) {
               facts::writeFactsJson(Result->Facts, OS);
             })) {
    return fail(std::move(E));
  }
  printSummary(*Result, secondsSince(Start));
  return ExitOk;
}

// The commands the facts were extracted from, for --verify-includes.
std::vector<extract::CompileCommand> ExtractedCommands;

// The facts a graph command works on: read from --facts, or extracted.
Expected<facts::FactSet> obtainFacts() {
  if (!FactsFiles.empty()) {
    if (!BuildPath.empty() || !Sources.empty())
      return usageError("--facts reads facts instead of a compilation "
                        "database: do not combine it with -p or sources");
    return readAndMerge(FactsFiles);
  }
  auto Start = std::chrono::steady_clock::now();
  Expected<extract::ExtractResult> Result = runExtraction();
  if (!Result)
    return Result.takeError();
  printSummary(*Result, secondsSince(Start));
  ExtractedCommands = std::move(Result->Commands);
  return std::move(Result->Facts);
}

// --verify-includes: the claims Clang does not confirm become used.
void verifyIncludes(graph::IncludeReport &R, const facts::FactSet &Facts) {
  auto Start = std::chrono::steady_clock::now();
  std::vector<extract::IncludeEdit> Edits;
  std::vector<graph::IncludeVerdict *> Claims;
  for (graph::IncludeVerdict &V : R.Includes) {
    if (V.Status == graph::IncludeStatusKind::Used)
      continue;
    extract::IncludeEdit E{V.File, V.Line, ""};
    if (V.Status == graph::IncludeStatusKind::ForwardDeclarable)
      E.Replacement = graph::forwardDeclarations(V).value_or("");
    Edits.push_back(std::move(E));
    Claims.push_back(&V);
  }
  extract::VerifyOptions Options;
  Options.Arguments = extractOptions().Arguments;
  Options.Jobs = Jobs;
  extract::VerifyResult Result = extract::verifyEdits(
      ExtractedCommands, Facts.Root, Facts, Edits, Options);
  unsigned Kept = 0;
  for (size_t I = 0; I < Claims.size(); ++I) {
    graph::IncludeVerdict &V = *Claims[I];
    if (Result.Edits[I].Kept) {
      V.Verified = true;
      ++Kept;
      continue;
    }
    V.Status = graph::IncludeStatusKind::Used;
    V.KeptFor = graph::KeptForKind::Verify;
    V.Entities.clear();
    V.Declarations.clear();
  }
  R.recount();
  if (!Quiet)
    errs() << fmt::format("strata: verified {} include claim{}: {} confirmed, "
                          "{} kept; {} TUs parsed {} times in {:.2f} s\n",
                          Claims.size(), Claims.size() == 1 ? "" : "s", Kept,
                          Claims.size() - Kept, Result.TUs, Result.Parses,
                          secondsSince(Start));
}

Expected<graph::AnalyzeOptions> analyzeOptions() {
  graph::AnalyzeOptions O;
  std::optional<graph::EdgeSelection> Edges =
      graph::parseEdgeSelection(EdgesOpt);
  if (!Edges)
    return usageError("--edges: expected 'includes', 'uses', 'compile', "
                      "'link' or 'all', not '" +
                      EdgesOpt + "'");
  O.Edges = *Edges;
  if (!ModulesOpt.empty() && ModulesOpt != "cmake" &&
      ModulesOpt != "directories")
    return usageError("--modules: expected 'directories' or 'cmake', not '" +
                      ModulesOpt + "'");
  O.ModuleDepth = ModuleDepth;
  O.Threads = Jobs;
  return O;
}

struct GraphInputs {
  graph::AnalyzeOptions Options;
  facts::FactSet Facts;
  analysis::Config Cfg;
  std::optional<analysis::TargetModules> Targets; ///< --modules cmake
};

// The build directory -p names (it may name compile_commands.json itself).
std::string buildDirectory() {
  if (!BuildPath.empty() && !sys::fs::is_directory(BuildPath))
    return sys::path::parent_path(BuildPath).str();
  return BuildPath;
}

// --modules cmake, or `modules: {from: cmake}`: the targets of the reply,
// and what strata says once about what it cannot check.
Expected<std::optional<analysis::TargetModules>>
targetModules(const facts::FactSet &Facts, const analysis::Config &Cfg) {
  bool HasReply = !BuildPath.empty() && build::hasCMakeReply(buildDirectory());
  bool CMake = analysis::modulesFromCMake(ModulesOpt, Cfg, HasReply);
  if (!CMake)
    return std::nullopt;
  bool ByDefault = ModulesOpt.empty() && Cfg.ModulesFrom.empty();
  if (BuildPath.empty())
    return usageError("--modules cmake: pass -p BUILD_DIR, the build "
                      "directory CMake writes its File API reply into");
  Expected<analysis::TargetModules> T =
      analysis::readTargetModules(buildDirectory(), Facts);
  if (!T && ByDefault) {
    // Asked for nothing, the user gets directories rather than an error
    // about a reply they may not know they have.
    errs() << "strata: warning: " << oneLine(toString(T.takeError()))
           << "; modules are directories\n";
    return std::nullopt;
  }
  if (!T)
    return T.takeError();
  if (ByDefault && !Quiet)
    errs() << "strata: note: modules are the CMake targets of "
           << buildDirectory()
           << "'s File API reply (--modules directories to use "
              "directories)\n";
  if (!Quiet)
    for (const std::string &N : analysis::targetNotes(*T))
      errs() << "strata: note: " << oneLine(N) << "\n";
  return std::move(*T);
}

// --config, or the nearest .strata.yaml above the project root, or the
// defaults.
Expected<analysis::Config> projectConfig(StringRef Root) {
  if (!ConfigPath.empty())
    return analysis::loadConfig(ConfigPath);
  std::string Found = analysis::findConfig(Root);
  if (Found.empty())
    return analysis::Config();
  return analysis::loadConfig(Found);
}

// What every graph command starts from; options are checked before any
// parsing starts.
Expected<GraphInputs> graphInputs() {
  Expected<graph::AnalyzeOptions> Options = analyzeOptions();
  if (!Options)
    return Options.takeError();
  Expected<facts::FactSet> Facts = obtainFacts();
  if (!Facts)
    return Facts.takeError();
  Expected<analysis::Config> Cfg = projectConfig(Facts->Root);
  if (!Cfg)
    return Cfg.takeError();
  analysis::applyExclusions(*Facts, *Cfg);
  for (const std::string &W : analysis::modulesMatchingNothing(*Cfg, *Facts))
    errs() << "strata: warning: " << oneLine(W) << "\n";
  Expected<std::optional<analysis::TargetModules>> Targets =
      targetModules(*Facts, *Cfg);
  if (!Targets)
    return Targets.takeError();
  if (*Targets) {
    Options->Modules = (*Targets)->Groups;
    Options->ModuleSource = graph::ModuleSourceKind::CMake;
    Options->CanLink = analysis::linkFilter(**Targets);
  } else {
    for (const analysis::ModuleSpec &M : Cfg->Modules)
      Options->Modules.push_back({M.Name, M.Paths, {}, {}});
    if (!Cfg->Modules.empty())
      Options->ModuleSource = graph::ModuleSourceKind::Configured;
  }
  return GraphInputs{*Options, std::move(*Facts), std::move(*Cfg),
                     std::move(*Targets)};
}

// The configuration's verdict settings with the command line's on top.
Expected<analysis::VerdictConfig> verdictConfig(
    analysis::VerdictConfig Config = analysis::defaultVerdictConfig()) {
  for (const std::string &Spec : Anchors)
    if (Error E = analysis::applyAnchorSpec(Config, Spec))
      return E;
  if (!(VerdictThreshold >= 0 && VerdictThreshold <= 1))
    return usageError("--verdict-threshold: expected a number from 0 to 1");
  if (VerdictThreshold.getNumOccurrences())
    Config.Threshold = VerdictThreshold;
  return Config;
}

struct AnalyzedInputs {
  graph::Analysis A;
  analysis::Verdict V;
  analysis::Config Cfg;
  std::optional<analysis::TargetModules> Targets;
};

// Facts, graphs, metrics and verdict: what analyze and report write out.
Expected<AnalyzedInputs> analyzedInputs() {
  auto Start = std::chrono::steady_clock::now();
  Expected<GraphInputs> In = graphInputs();
  if (!In)
    return In.takeError();
  Expected<analysis::VerdictConfig> Config = verdictConfig(In->Cfg.Verdict);
  if (!Config)
    return Config.takeError();
  if (VerifyIncludes) {
    if (!FactsFiles.empty())
      return usageError("--verify-includes parses the database's "
                        "translation units: pass -p BUILD_DIR, not --facts");
    In->Options.CheckIncludes = [&](graph::IncludeReport &R) {
      verifyIncludes(R, In->Facts);
    };
  }
  auto Loaded = std::chrono::steady_clock::now();
  AnalyzedInputs Out{graph::analyze(In->Facts, In->Options),
                     {},
                     std::move(In->Cfg),
                     std::move(In->Targets)};
  Out.V = analysis::classify(Out.A, *Config);
  for (const std::string &W : analysis::unknownModuleNames(Out.Cfg, Out.A))
    errs() << "strata: warning: " << oneLine(W) << "\n";
  if (Timings)
    errs() << fmt::format("strata: facts {} in {:.3f} s; graphs, metrics and "
                          "verdict in {:.3f} s\n",
                          FactsFiles.empty() ? "extracted" : "loaded",
                          std::chrono::duration<double>(Loaded - Start).count(),
                          secondsSince(Loaded));
  return Out;
}

report::TextOptions textOptions() {
  report::TextOptions Text;
  Text.EvidencePerEdge = EvidenceLines;
  if (AllIncludes)
    Text.IncludesListed = 0;
  Text.ListReliant = ListReliant;
  return Text;
}

int runAnalyze() {
  if (Format != "text" && Format != "json")
    return fail(usageError("--format: expected 'text' or 'json', not '" +
                           Format + "'"));
  Expected<analysis::VerdictConfig> Config = verdictConfig();
  if (!Config)
    return fail(Config.takeError());
  Expected<AnalyzedInputs> In = analyzedInputs();
  if (!In)
    return fail(In.takeError());
  const graph::Analysis &A = In->A;
  const analysis::Verdict &V = In->V;
  const analysis::TargetModules *Targets =
      In->Targets ? &*In->Targets : nullptr;
  report::TextOptions Text = textOptions();
  if (Error E = writeOutput(Output, [&](raw_ostream &OS) {
        if (Format == "json")
          report::writeAnalysisJson(A, OS, &V, Targets);
        else
          report::writeAnalysisText(A, OS, Text, &V);
      }))
    return fail(std::move(E));
  return ExitOk;
}

int runReport() {
  static const StringRef Formats[] = {"html",     "text", "json",
                                      "markdown", "dot",  "mermaid"};
  if (!is_contained(Formats, StringRef(ReportFormat)))
    return fail(usageError("--format: expected html, text, json, markdown, "
                           "dot or mermaid, not '" +
                           ReportFormat + "'"));
  std::optional<graph::Level> Level = graph::parseLevel(ReportLevel);
  if (!Level || *Level == graph::Level::Namespace ||
      *Level == graph::Level::Class)
    return fail(usageError("--level: expected module, component or file, "
                           "not '" +
                           ReportLevel + "'"));
  Expected<analysis::VerdictConfig> Config = verdictConfig();
  if (!Config)
    return fail(Config.takeError());
  Expected<AnalyzedInputs> In = analyzedInputs();
  if (!In)
    return fail(In.takeError());
  const graph::Analysis &A = In->A;
  const analysis::Verdict &V = In->V;
  const analysis::TargetModules *Targets =
      In->Targets ? &*In->Targets : nullptr;
  report::TextOptions Text = textOptions();
  StringRef F = ReportFormat;
  if (Error E = writeOutput(Output, [&](raw_ostream &OS) {
        if (F == "html")
          report::writeHtmlReport(A, V, OS);
        else if (F == "text")
          report::writeAnalysisText(A, OS, Text, &V);
        else if (F == "json")
          report::writeAnalysisJson(A, OS, &V, Targets);
        else if (F == "markdown")
          report::writeMarkdown(A, V, OS, Targets);
        else if (F == "dot")
          report::writeDot(A, *Level, OS);
        else
          report::writeMermaid(A, *Level, OS);
      }))
    return fail(std::move(E));
  if (!Quiet && Output != "-")
    errs() << fmt::format("strata: {}: {} (score {:.2f}, confidence {:.2f}); "
                          "{} report written to {}\n",
                          A.Root, V.Label, V.Score, V.Confidence, F.str(),
                          Output.getValue());
  return ExitOk;
}

int runCheck() {
  if (CheckFormat != "text" && CheckFormat != "sarif" &&
      CheckFormat != "markdown")
    return fail(usageError("--format: expected 'text', 'sarif' or "
                           "'markdown', not '" +
                           CheckFormat + "'"));
  if (Expected<analysis::VerdictConfig> Early = verdictConfig(); !Early)
    return fail(Early.takeError());
  std::optional<analysis::Baseline> Accepted;
  if (!BaselinePath.empty()) {
    Expected<analysis::Baseline> B = analysis::readBaselineFile(BaselinePath);
    if (!B)
      return fail(B.takeError());
    Accepted = std::move(*B);
  }
  Expected<AnalyzedInputs> In = analyzedInputs();
  if (!In)
    return fail(In.takeError());
  std::vector<analysis::Violation> Found =
      analysis::checkRules(In->Cfg, In->A, In->V);
  if (In->Targets) {
    llvm::append_range(Found, analysis::checkDeclarations(*In->Targets, In->A));
    llvm::stable_sort(
        Found, [](const analysis::Violation &X, const analysis::Violation &Y) {
          return std::tie(X.Rule, X.Identity) < std::tie(Y.Rule, Y.Identity);
        });
  }
  analysis::Suppressions Silenced(In->A.Root);
  analysis::dropSuppressed(Found, Silenced);
  if (!WriteBaseline.empty()) {
    analysis::Baseline B = analysis::makeBaseline(Found);
    if (Error E = writeOutput(WriteBaseline, [&](raw_ostream &OS) {
          analysis::writeBaselineJson(B, OS);
        }))
      return fail(std::move(E));
    if (!Quiet)
      errs() << fmt::format("strata: {} violation{} recorded in {}\n",
                            Found.size(), Found.size() == 1 ? "" : "s",
                            WriteBaseline.getValue());
    return ExitOk;
  }
  std::optional<analysis::BaselineDiff> Diff;
  if (Accepted)
    Diff = analysis::applyBaseline(Found, *Accepted);
  const std::vector<analysis::Violation> &New = Diff ? Diff->New : Found;
  report::CheckOutput Where;
  Where.Root = In->A.Root;
  Where.ConfigPath =
      In->Cfg.Path.empty() ? std::string(".strata.yaml") : In->Cfg.Path;
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  Where.WorkingDir = std::string(Cwd);
  Where.ToolVersion = STRATA_VERSION;
  const analysis::BaselineDiff *Base = Diff ? &*Diff : nullptr;
  auto Write = [&](StringRef Format, raw_ostream &OS) {
    if (Format == "sarif")
      report::writeSarif(New, Where, OS);
    else if (Format == "markdown")
      report::writeCheckMarkdown(New, Base, &In->V, Where, OS);
    else
      report::writeDiagnostics(New, Base, Where, OS);
  };
  for (auto [Path, Format] :
       {std::pair<StringRef, StringRef>(SarifOutput, "sarif"),
        {MarkdownOutput, "markdown"},
        {Output, CheckFormat}})
    if (!Path.empty())
      if (Error E =
              writeOutput(Path, [&](raw_ostream &OS) { Write(Format, OS); }))
        return fail(std::move(E));
  // Warnings and notes (a PUBLIC link that could be PRIVATE) inform; only
  // errors fail the check.
  return none_of(New,
                 [](const analysis::Violation &V) {
                   return V.Level == analysis::Severity::Error;
                 })
             ? ExitOk
             : ExitViolations;
}

int runCMakeQuery() {
  if (BuildPath.empty())
    return fail(usageError("cmake-query: pass -p BUILD_DIR, the build "
                           "directory CMake configures"));
  // -p names the build directory here, whether or not it exists yet.
  Expected<std::string> Query = build::writeCMakeQuery(BuildPath);
  if (!Query)
    return fail(Query.takeError());
  // `cmake BUILD` configures an existing build again, with the cache's
  // settings; strata does not run it (it runs the project's CMake code).
  SmallString<256> Cache(BuildPath);
  sys::path::append(Cache, "CMakeCache.txt");
  std::string Command =
      sys::fs::exists(Cache)
          ? "cmake " + std::string(BuildPath)
          : "cmake -S <source directory> -B " + std::string(BuildPath);
  outs() << fmt::format("strata: wrote {}\nstrata: now configure, so that "
                        "CMake writes its reply:\n  {}\n",
                        *Query, Command);
  return ExitOk;
}

int runDiff() {
  if (DiffInputs.size() != 2)
    return fail(usageError("diff: expected two analysis files, <old.json> "
                           "<new.json>"));
  if (DiffFormat != "text" && DiffFormat != "markdown" && DiffFormat != "json")
    return fail(usageError("--format: expected 'text', 'markdown' or 'json', "
                           "not '" +
                           DiffFormat + "'"));
  std::string Texts[2];
  for (int I = 0; I < 2; ++I) {
    auto Buffer = MemoryBuffer::getFile(DiffInputs[I], /*IsText=*/true);
    if (!Buffer)
      return fail(fileError(DiffInputs[I], "cannot read analysis: " +
                                               Buffer.getError().message()));
    Texts[I] = (*Buffer)->getBuffer().str();
  }
  Expected<report::ArchitectureDiff> D =
      report::diffAnalyses(Texts[0], DiffInputs[0], Texts[1], DiffInputs[1]);
  if (!D)
    return fail(D.takeError());
  if (Error E = writeOutput(DiffOutput, [&](raw_ostream &OS) {
        if (DiffFormat == "markdown")
          report::writeDiffMarkdown(*D, OS);
        else if (DiffFormat == "json")
          report::writeDiffJson(*D, OS);
        else
          report::writeDiffText(*D, OS);
      }))
    return fail(std::move(E));
  return ExitOk;
}

int runLsp() {
  Expected<graph::AnalyzeOptions> Analyze = analyzeOptions();
  if (!Analyze)
    return fail(Analyze.takeError());
  lsp::ServerOptions O;
  O.Extract = extractOptions();
  O.Analyze = *Analyze;
  O.ConfigPath = ConfigPath;
  O.Modules = ModulesOpt;
  O.BuildDir = buildDirectory();
  O.Version = STRATA_VERSION;
  return lsp::runServer(stdin, outs(), errs(), O);
}

int runMerge() {
  if (MergeInputs.empty())
    return fail(usageError("merge: expected one or more facts files"));
  if (store::wantsStore(MergeOutput)) {
    if (Error E = store::mergeIntoStore(MergeInputs, MergeOutput))
      return fail(std::move(E));
    return ExitOk;
  }
  Expected<facts::FactSet> Merged = readAndMerge(MergeInputs);
  if (!Merged)
    return fail(Merged.takeError());
  if (Error E = writeOutput(MergeOutput, [&](raw_ostream &OS) {
        facts::writeFactsJson(*Merged, OS);
      }))
    return fail(std::move(E));
  return ExitOk;
}

int runIndex() {
  for (const std::string &Path : IndexStores) {
    if (!sys::fs::exists(Path))
      return fail(fileError(Path, "cannot read facts store: No such file or "
                                  "directory"));
    if (!store::looksLikeStore(Path))
      return fail(fileError(Path, "not a facts store (an SQLite database); "
                                  "only a store has indexes"));
    Expected<std::unique_ptr<store::FactStore>> S =
        store::FactStore::open(Path, /*Writable=*/true);
    if (!S)
      return fail(S.takeError());
    if (Error E = (*S)->addIndexes())
      return fail(std::move(E));
  }
  return ExitOk;
}

int runWhy() {
  if (WhyNodes.size() != 2)
    return fail(usageError("why: expected two nodes, <from> <to>"));
  std::optional<graph::Level> Level = graph::parseLevel(LevelOpt);
  if (!Level)
    return fail(usageError("--level: expected file, component, module, "
                           "namespace or class, not '" +
                           LevelOpt + "'"));
  Expected<GraphInputs> In = graphInputs();
  if (!In)
    return fail(In.takeError());
  unsigned Depth = In->Options.ModuleDepth
                       ? In->Options.ModuleDepth
                       : graph::defaultModuleDepth(In->Facts);
  graph::DependencyGraph G = graph::buildGraph(
      In->Facts, {*Level, In->Options.Edges, Depth, In->Options.Modules});
  graph::ModuleMap Modules(Depth, In->Options.Modules);
  std::optional<unsigned> Ends[2];
  for (int I = 0; I < 2; ++I) {
    Ends[I] = graph::resolveNode(G, WhyNodes[I], Modules);
    if (!Ends[I])
      return fail(usageError("why: no " + graph::toString(*Level) + " named '" +
                             WhyNodes[I] + "' (nor a project file in one)"));
  }
  const std::string &From = G.nodes()[*Ends[0]].Name,
                    &To = G.nodes()[*Ends[1]].Name;
  std::optional<std::vector<unsigned>> Path =
      graph::shortestPath(G, *Ends[0], *Ends[1]);
  if (Error E = writeOutput(Output, [&](raw_ostream &OS) {
        if (!Path) {
          OS << fmt::format("{} does not depend on {} at {} level\n", From, To,
                            graph::toString(*Level).str());
          return;
        }
        OS << fmt::format("{} depends on {} in {} step{} at {} level:\n", From,
                          To, Path->size(), Path->size() == 1 ? "" : "s",
                          graph::toString(*Level).str());
        report::writePathText(G, *Path, OS, EvidenceLines);
      }))
    return fail(std::move(E));
  // Like grep: 1 when there is nothing to show.
  return Path ? ExitOk : 1;
}

void printVersion(raw_ostream &OS) {
  OS << "strata " << STRATA_VERSION << " (Clang " << STRATA_CLANG_VERSION
     << ", facts schema " << facts::FactsVersion << ")\n";
}

int runCommand() {
  if (ExtractCmd)
    return runExtract();
  if (AnalyzeCmd)
    return runAnalyze();
  if (ReportCmd)
    return runReport();
  if (MergeCmd)
    return runMerge();
  if (CheckCmd)
    return runCheck();
  if (DiffCmd)
    return runDiff();
  if (LspCmd)
    return runLsp();
  if (WhyCmd)
    return runWhy();
  if (IndexCmd)
    return runIndex();
  if (CMakeQueryCmd)
    return runCMakeQuery();
  errs() << "strata: error: no command given; try 'strata --help'\n";
  return ExitUsage;
}

} // namespace

int strataMain(int Argc, char **Argv) {
  sys::PrintStackTraceOnErrorSignal(Argv[0]);
  cl::SetVersionPrinter(printVersion);
  for (cl::SubCommand *Sub :
       {&ExtractCmd, &AnalyzeCmd, &ReportCmd, &CheckCmd, &DiffCmd, &MergeCmd,
        &WhyCmd, &IndexCmd, &CMakeQueryCmd})
    cl::HideUnrelatedOptions(StrataCategory, *Sub);
  cl::HideUnrelatedOptions(StrataCategory);
  if (!cl::ParseCommandLineOptions(
          Argc, Argv,
          "strata: coupling and modularity analysis for C and C++\n\n"
          "  strata extract -p BUILD -o facts.json\n"
          "  strata analyze -p BUILD [--format json]\n"
          "  strata report -p BUILD --format html -o report.html\n"
          "  strata check -p BUILD [--baseline baseline.json]\n"
          "  strata why -p BUILD src/ui/view.cpp src/db/store.h\n\n"
          "Source files named after the options restrict a command to those "
          "entries of the\ncompilation database.\n\n"
          "Run 'strata <command> --help' for a command's options.\n",
          &errs()))
    return ExitUsage;

  // strata's own code reports every error users can cause through
  // llvm::Expected; this only keeps an unforeseen exception (out of memory,
  // say) from ending the run without a word.
  try {
    return runCommand();
  } catch (const std::bad_alloc &) {
    errs() << "strata: error: out of memory\n";
  } catch (const std::exception &E) {
    errs() << "strata: error: internal error: " << oneLine(E.what()) << "\n";
  }
  return ExitUsage;
}

} // namespace strata::cli
