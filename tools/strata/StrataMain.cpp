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

#include "strata/extract/Extract.h"
#include "strata/facts/FactsJson.h"
#include "strata/support/Output.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <fmt/format.h>

using namespace llvm;

namespace strata {
namespace {

constexpr int ExitOk = 0;
constexpr int ExitUsage = 2;

cl::OptionCategory StrataCategory("strata options");

cl::SubCommand ExtractCmd(
    "extract",
    "Parse every translation unit of a compilation database and write the "
    "dependency facts (includes, uses of declared entities, entities) as "
    "JSON");

// --- Compilation database options (shared by every command that parses) --

cl::opt<std::string> BuildPath(
    "p",
    cl::desc("Build directory holding compile_commands.json, or the path of "
             "the JSON file itself. Without it, strata looks for "
             "compile_commands.json next to the first source and upward"),
    cl::value_desc("build-path"), cl::cat(StrataCategory), cl::sub(ExtractCmd));

cl::list<std::string> Sources(cl::Positional, cl::desc("<source> ..."),
                              cl::cat(StrataCategory), cl::sub(ExtractCmd));

cl::opt<std::string> SourceFilter(
    "source-filter",
    cl::desc("Only analyze database entries whose file matches this regular "
             "expression (searched in the absolute and the project-relative "
             "path)"),
    cl::value_desc("regex"), cl::cat(StrataCategory), cl::sub(ExtractCmd));

cl::list<std::string> Excludes(
    "exclude",
    cl::desc("Skip database entries whose project-relative (or absolute) "
             "path matches this glob; repeatable, e.g. "
             "--exclude='third_party/*'"),
    cl::value_desc("glob"), cl::cat(StrataCategory), cl::sub(ExtractCmd));

cl::list<std::string> ExtraArgs(
    "extra-arg",
    cl::desc("Additional argument to append to every compile command"),
    cl::value_desc("arg"), cl::cat(StrataCategory), cl::sub(ExtractCmd));

cl::list<std::string> ExtraArgsBefore(
    "extra-arg-before",
    cl::desc("Additional argument to insert after the compiler in every "
             "compile command"),
    cl::value_desc("arg"), cl::cat(StrataCategory), cl::sub(ExtractCmd));

cl::opt<unsigned>
    Jobs("j",
         cl::desc("Parse this many translation units at once (default: all "
                  "cores)"),
         cl::value_desc("N"), cl::init(0), cl::cat(StrataCategory),
         cl::sub(ExtractCmd));

cl::opt<std::string> ProjectRoot(
    "project-root",
    cl::desc("Files below this directory (and not system headers) are "
             "project code; everything else is external. Default: the "
             "deepest directory holding every database entry's directory "
             "and file"),
    cl::value_desc("dir"), cl::cat(StrataCategory), cl::sub(ExtractCmd));

cl::opt<bool> SkipMissing(
    "skip-missing",
    cl::desc("Warn about and skip database entries whose file or directory "
             "no longer exists, instead of failing"),
    cl::cat(StrataCategory), cl::sub(ExtractCmd));

cl::opt<std::string>
    Output("o",
           cl::desc("Write the output here ('-' for stdout, the default); the "
                    "file is replaced atomically"),
           cl::value_desc("file"), cl::init("-"), cl::cat(StrataCategory),
           cl::sub(ExtractCmd));

cl::opt<bool> Quiet("quiet",
                    cl::desc("Print no progress and no summary; parse "
                             "failures and errors are still printed"),
                    cl::cat(StrataCategory), cl::sub(ExtractCmd));

int fail(Error E) {
  errs() << "strata: error: " << toString(std::move(E)) << "\n";
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
  return O;
}

// Runs extraction with progress on stderr; failures of single TUs are
// printed as they happen.
Expected<extract::ExtractResult> runExtraction() {
  bool Progress = !Quiet && sys::Process::StandardErrIsDisplayed();
  auto OnTU = [Progress](const extract::TUReport &R) {
    if (Progress)
      errs() << fmt::format("[{}/{}] {}\n", R.Index + 1, R.Total, R.File);
    if (R.Status != facts::TUStatus::Ok)
      errs() << "strata: warning: " << R.File << ": "
             << (R.Status == facts::TUStatus::Crashed ? "clang crashed"
                                                      : "failed to parse")
             << "; its facts are partial: " << R.FirstError << "\n";
  };
  Expected<extract::ExtractResult> Result =
      extract::extractFacts(extractOptions(), OnTU);
  if (Result)
    for (const std::string &W : Result->Warnings)
      errs() << "strata: warning: " << W << "\n";
  return Result;
}

int runExtract() {
  auto Start = std::chrono::steady_clock::now();
  Expected<extract::ExtractResult> Result = runExtraction();
  if (!Result)
    return fail(Result.takeError());
  const facts::FactSet &F = Result->Facts;
  if (Error E = writeOutput(
          Output, [&](raw_ostream &OS) { facts::writeFactsJson(F, OS); }))
    return fail(std::move(E));
  double Seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  if (!Quiet)
    errs() << fmt::format(
        "strata: {} TUs parsed, {} failed; {} files, {} entities, {} "
        "edges ({} includes, {} uses) in {:.2f} s\n",
        Result->Parsed, Result->Failed, F.Files.size(), F.Entities.size(),
        F.Includes.size() + F.Uses.size(), F.Includes.size(), F.Uses.size(),
        Seconds);
  return ExitOk;
}

void printVersion(raw_ostream &OS) {
  OS << "strata " << STRATA_VERSION << " (Clang " << STRATA_CLANG_VERSION
     << ")\n";
}

} // namespace

int strataMain(int Argc, char **Argv) {
  sys::PrintStackTraceOnErrorSignal(Argv[0]);
  cl::SetVersionPrinter(printVersion);
  cl::HideUnrelatedOptions(StrataCategory, ExtractCmd);
  cl::HideUnrelatedOptions(StrataCategory);
  if (!cl::ParseCommandLineOptions(
          Argc, Argv,
          "strata: coupling and modularity analysis for C and C++\n\n"
          "  strata extract -p BUILD -o facts.json\n\n"
          "Source files named after the options restrict a command to those "
          "entries of the\ncompilation database.\n\n"
          "Run 'strata <command> --help' for a command's options.\n",
          &errs()))
    return ExitUsage;

  if (ExtractCmd)
    return runExtract();
  errs() << "strata: error: no command given; try 'strata --help'\n";
  return ExitUsage;
}

} // namespace strata
