//===- Options.h - The strata command line's options -----------*- C++ -*-===//
//
// Every subcommand and option of the command line, defined in Options.cpp
// (with their --help texts) and read by the commands in StrataMain.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_TOOLS_OPTIONS_H
#define STRATA_TOOLS_OPTIONS_H

#include "llvm/Support/CommandLine.h"
#include <string>

namespace strata::cli {

constexpr int ExitOk = 0;
constexpr int ExitViolations = 1;
constexpr int ExitUsage = 2;

extern llvm::cl::OptionCategory StrataCategory;
extern llvm::cl::SubCommand ExtractCmd;
extern llvm::cl::SubCommand AnalyzeCmd;
extern llvm::cl::SubCommand ReportCmd;
extern llvm::cl::SubCommand CheckCmd;
extern llvm::cl::SubCommand DiffCmd;
extern llvm::cl::SubCommand LspCmd;
extern llvm::cl::SubCommand MergeCmd;
extern llvm::cl::SubCommand IndexCmd;
extern llvm::cl::SubCommand CMakeQueryCmd;
extern llvm::cl::SubCommand WhyCmd;
extern llvm::cl::opt<std::string> BuildPath;
extern llvm::cl::list<std::string> Sources;
extern llvm::cl::opt<std::string> ConfigPath;
extern llvm::cl::opt<std::string> BaselinePath;
extern llvm::cl::opt<std::string> WriteBaseline;
extern llvm::cl::opt<std::string> CheckFormat;
extern llvm::cl::opt<std::string> SarifOutput;
extern llvm::cl::opt<std::string> MarkdownOutput;
extern llvm::cl::list<std::string> FactsFiles;
extern llvm::cl::opt<std::string> Shard;
extern llvm::cl::list<std::string> DiffInputs;
extern llvm::cl::opt<std::string> DiffFormat;
extern llvm::cl::opt<std::string> DiffOutput;
extern llvm::cl::list<std::string> MergeInputs;
extern llvm::cl::opt<std::string> MergeOutput;
extern llvm::cl::list<std::string> IndexStores;
extern llvm::cl::opt<std::string> EdgesOpt;
extern llvm::cl::opt<std::string> ModulesOpt;
extern llvm::cl::opt<unsigned> ModuleDepth;
extern llvm::cl::opt<std::string> Format;
extern llvm::cl::opt<bool> Timings;
extern llvm::cl::opt<std::string> ReportFormat;
extern llvm::cl::opt<std::string> ReportLevel;
extern llvm::cl::list<std::string> Anchors;
extern llvm::cl::opt<double> VerdictThreshold;
extern llvm::cl::opt<std::string> LevelOpt;
extern llvm::cl::list<std::string> WhyNodes;
extern llvm::cl::opt<unsigned> EvidenceLines;
extern llvm::cl::opt<bool> AllIncludes;
extern llvm::cl::opt<bool> VerifyIncludes;
extern llvm::cl::opt<bool> ListReliant;
extern llvm::cl::opt<std::string> SourceFilter;
extern llvm::cl::list<std::string> Excludes;
extern llvm::cl::list<std::string> ExtraArgs;
extern llvm::cl::list<std::string> ExtraArgsBefore;
extern llvm::cl::opt<unsigned> Jobs;
extern llvm::cl::opt<std::string> ProjectRoot;
extern llvm::cl::opt<bool> SkipMissing;
extern llvm::cl::opt<std::string> ModeOpt;
extern llvm::cl::opt<std::string> CacheDir;
extern llvm::cl::opt<bool> NoCache;
extern llvm::cl::opt<bool> NoSkipBodies;
extern llvm::cl::opt<bool> NoPch;
extern llvm::cl::opt<std::string> Output;
extern llvm::cl::opt<bool> Quiet;

} // namespace strata::cli

#endif
