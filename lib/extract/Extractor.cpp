//===- Extractor.cpp - Facts from a compile database ----------------------===//
//
// Runs one Clang invocation per selected command on a thread pool. Like
// clang-scan-deps, each TU writes only its own slot and the slots are merged
// in database order, so the output never depends on thread timing.
//
//===----------------------------------------------------------------------===//
#include "strata/extract/Extract.h"

#include "FactCollector.h"
#include "strata/support/Output.h"
#include "strata/support/Paths.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/PCHContainerOperations.h"
#include "clang/Tooling/DependencyScanning/DependencyScanningFilesystem.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <mutex>
#include <numeric>

using namespace clang;
using namespace llvm;

namespace strata::extract {

namespace {

// Counts errors and keeps the first one, formatted the way compilers print
// it, with the path relative to the project root. Prints nothing: a TU's
// problems are reported once, in the summary and the facts.
class FirstErrorConsumer : public DiagnosticConsumer {
public:
  FirstErrorConsumer(StringRef Root, StringRef WorkingDir)
      : Root(Root), WorkingDir(WorkingDir) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || !First.empty())
      return;
    SmallString<256> Message;
    Info.FormatDiagnostic(Message);
    std::string Where;
    if (Info.getLocation().isValid() && Info.hasSourceManager()) {
      const SourceManager &SM = Info.getSourceManager();
      PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(Info.getLocation()));
      if (P.isValid())
        Where = displayPath(P.getFilename()) + ":" +
                std::to_string(P.getLine()) + ":" +
                std::to_string(P.getColumn()) + ": ";
    }
    First = Where + "error: " + std::string(Message);
  }

  std::string First;

private:
  // Relative to the root when the file is below it, resolving symlinks the
  // way the collector does.
  std::string displayPath(StringRef Name) const {
    std::string Abs = normalizePath(Name, WorkingDir);
    SmallString<256> Real;
    if (!isUnder(Abs, Root) && !sys::fs::real_path(Abs, Real))
      Abs = std::string(Real);
    return relativeTo(Abs, Root);
  }

  std::string Root;
  std::string WorkingDir;
};

// Runs strata's action on a compiler invocation from which everything that
// could write a file or load code has been removed. The command line was
// already rewritten (adjustCommandLine), but -Xclang reaches hundreds of
// cc1 options; clearing the options themselves is the guarantee that no
// compile database makes strata write a dependency file, a diagnostics log
// or a module cache, or load a plugin, wherever it asks.
class ScrubbedAction : public tooling::FrontendActionFactory {
public:
  explicit ScrubbedAction(std::unique_ptr<FrontendAction> Action)
      : Action(std::move(Action)) {}

  std::unique_ptr<FrontendAction> create() override {
    return std::move(Action);
  }

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCH,
                     DiagnosticConsumer *Diags) override {
    FrontendOptions &F = Invocation->getFrontendOpts();
    F.Plugins.clear();
    F.AddPluginActions.clear();
    F.PluginArgs.clear();
    F.ActionName.clear();
    F.LLVMArgs.clear();
    F.OutputFile.clear();
    F.StatsFile.clear();
    F.ShowStats = false;
    F.TimeTracePath.clear();
    F.ModuleOutputPath.clear();
    Invocation->getCodeGenOpts().PassPlugins.clear();
    Invocation->getDependencyOutputOpts() = DependencyOutputOptions();
    DiagnosticOptions &D = Invocation->getDiagnosticOpts();
    D.DiagnosticLogFile.clear();
    D.DiagnosticSerializationFile.clear();
    // Implicit Clang module builds write .pcm files to a cache of the
    // database's choosing; headers are parsed textually instead.
    Invocation->getLangOpts().Modules = false;
    Invocation->getLangOpts().ImplicitModules = false;
    return FrontendActionFactory::runInvocation(std::move(Invocation), Files,
                                                std::move(PCH), Diags);
  }

private:
  std::unique_ptr<FrontendAction> Action;
};

// Parses one TU into facts. \p MainFile is the TU's absolute path.
TUResult runCollect(std::vector<std::string> Args, FileManager &Files,
                    StringRef Root, StringRef WorkingDir, StringRef MainFile,
                    ParseOptions Parse) {
  FactCollector Collector(Root, WorkingDir, Parse);
  FirstErrorConsumer Diags(Root, WorkingDir);
  bool Ok = false;
  CrashRecoveryContext CRC;
  // A command of compiler wrappers only ("ccache") has nothing left to run.
  if (Args.empty())
    Diags.First = "error: the command names no compiler";
  bool Survived = Args.empty() || CRC.RunSafely([&] {
    ScrubbedAction Action(createCollectAction(Collector));
    tooling::ToolInvocation Invocation(
        std::move(Args), &Action, &Files,
        std::make_shared<PCHContainerOperations>());
    Invocation.setDiagnosticConsumer(&Diags);
    Ok = Invocation.run();
  });

  TUResult Result;
  Result.Inputs = std::move(Collector.inputs());
  Result.OwnedFiles = std::move(Collector.ownedFiles());
  Result.SkippedFiles = std::move(Collector.skippedFiles());
  facts::FactSet &Facts = Result.Facts;
  Facts = std::move(Collector.facts());
  facts::TUFact TU;
  TU.File = relativeTo(MainFile, Root);
  if (!Survived) {
    TU.Status = facts::TUStatus::Crashed;
    TU.Errors = std::max(1u, Diags.getNumErrors());
    TU.FirstError = "clang crashed while parsing this file";
  } else if (!Ok || Diags.getNumErrors() > 0) {
    TU.Status = facts::TUStatus::Failed;
    TU.Errors = std::max(1u, Diags.getNumErrors());
    TU.FirstError = Diags.First.empty() ? "error: parsing failed" : Diags.First;
  }
  if (TU.Status != facts::TUStatus::Ok)
    for (facts::FileFact &F : Facts.Files)
      F.Complete = false;
  Facts.TUs.push_back(std::move(TU));
  Facts.normalize();
  return Result;
}

bool matchesAny(ArrayRef<GlobPattern> Globs, StringRef Rel, StringRef Abs) {
  return llvm::any_of(Globs, [&](const GlobPattern &G) {
    return G.match(Rel) || G.match(Abs);
  });
}

} // namespace

TUResult extractCommand(const CompileCommand &Command, StringRef Root,
                        const ArgumentOptions &Arguments, ParseOptions Parse) {
  // Each TU gets its own file system object so that concurrent TUs can have
  // different working directories without touching the process's.
  IntrusiveRefCntPtr<vfs::FileSystem> FS = vfs::createPhysicalFileSystem();
  if (Parse.Files)
    FS = makeIntrusiveRefCnt<
        tooling::dependencies::DependencyScanningWorkerFilesystem>(
        Parse.Files->Cache, std::move(FS));
  FS->setCurrentWorkingDirectory(Command.Directory);
  FileSystemOptions FSOpts;
  FSOpts.WorkingDir = Command.Directory;
  IntrusiveRefCntPtr<FileManager> Files(new FileManager(FSOpts, FS));
  return runCollect(adjustCommandLine(Command.Arguments, Arguments), *Files,
                    Root, Command.Directory, Command.File, Parse);
}

facts::FactSet extractFromCode(
    StringRef Code, StringRef FileName, const std::vector<std::string> &Args,
    StringRef Root,
    const std::vector<std::pair<std::string, std::string>> &VirtualFiles,
    ParseOptions Parse) {
  auto Overlay =
      makeIntrusiveRefCnt<vfs::OverlayFileSystem>(vfs::getRealFileSystem());
  auto Memory = makeIntrusiveRefCnt<vfs::InMemoryFileSystem>();
  Overlay->pushOverlay(Memory);
  Memory->addFile(FileName, 0, MemoryBuffer::getMemBufferCopy(Code));
  for (const auto &[Path, Content] : VirtualFiles)
    Memory->addFile(Path, 0, MemoryBuffer::getMemBufferCopy(Content));
  std::string Dir = parentDir(FileName);
  Overlay->setCurrentWorkingDirectory(Dir);
  FileSystemOptions FSOpts;
  FSOpts.WorkingDir = Dir;
  IntrusiveRefCntPtr<FileManager> Files(new FileManager(FSOpts, Overlay));
  std::vector<std::string> Command = {"clang++"};
  Command.insert(Command.end(), Args.begin(), Args.end());
  Command.push_back(std::string(FileName));
  return runCollect(adjustCommandLine(Command, {}), *Files, Root, Dir, FileName,
                    Parse)
      .Facts;
}

std::string defaultProjectRoot(const CompileDb &Db) {
  std::vector<std::string> Files, All;
  for (const CompileCommand &C : Db.Commands) {
    Files.push_back(parentDir(C.File));
    All.push_back(C.Directory);
  }
  All.insert(All.end(), Files.begin(), Files.end());
  std::string Root = commonRoot(All);
  // An out-of-tree build directory (/tmp/build for /home/me/src) would make
  // the whole file system project code; the sources alone are the project.
  return Root == "/" ? commonRoot(Files) : Root;
}

Expected<std::vector<CompileCommand>>
selectCommands(const CompileDb &Db, const ExtractOptions &Options,
               StringRef Root, std::vector<std::string> &Warnings) {
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);

  std::optional<Regex> Filter;
  if (!Options.SourceFilter.empty()) {
    Filter.emplace(Options.SourceFilter);
    std::string Problem;
    if (!Filter->isValid(Problem))
      return createStringError(inconvertibleErrorCode(),
                               "--source-filter: invalid regular expression "
                               "'" +
                                   Options.SourceFilter + "': " + Problem);
  }
  std::vector<GlobPattern> Excludes;
  for (const std::string &Glob : Options.Excludes) {
    Expected<GlobPattern> Pattern = GlobPattern::create(Glob);
    if (!Pattern)
      return createStringError(inconvertibleErrorCode(),
                               "--exclude: invalid glob '" + Glob +
                                   "': " + toString(Pattern.takeError()));
    Excludes.push_back(std::move(*Pattern));
  }

  StringSet<> Wanted;
  for (const std::string &S : Options.Sources) {
    std::string Abs = normalizePath(S, Cwd);
    if (!sys::fs::exists(Abs))
      return fileError(S, "source file does not exist");
    Wanted.insert(Abs);
  }
  // Sources may be named through a symlinked path; compare real paths too.
  auto RealPath = [](StringRef P) {
    SmallString<256> Real;
    return sys::fs::real_path(P, Real) ? std::string(P) : std::string(Real);
  };
  StringSet<> Found;

  std::vector<CompileCommand> Selected;
  for (const CompileCommand &C : Db.Commands) {
    if (!Wanted.empty()) {
      StringRef Key = Wanted.contains(C.File) ? StringRef(C.File) : "";
      std::string Real;
      if (Key.empty()) {
        Real = RealPath(C.File);
        if (Wanted.contains(Real))
          Key = Real;
      }
      if (Key.empty())
        continue;
      Found.insert(Key);
    }
    std::string Rel = relativeTo(C.File, Root);
    if (Filter && !Filter->match(C.File) && !Filter->match(Rel))
      continue;
    if (matchesAny(Excludes, Rel, C.File))
      continue;
    sys::fs::file_status Status;
    std::error_code FileError = sys::fs::status(C.File, Status);
    if (!sys::fs::is_directory(C.Directory) || FileError) {
      std::string Problem =
          !sys::fs::is_directory(C.Directory)
              ? "its directory '" + C.Directory + "' does not exist"
          : FileError == std::errc::no_such_file_or_directory
              ? "the source file does not exist"
              : "the source file cannot be read: " + FileError.message();
      if (!Options.SkipMissing)
        return fileError(Db.Path, "entry for '" + Rel + "': " + Problem +
                                      " (regenerate the database, or pass "
                                      "--skip-missing)");
      Warnings.push_back(Db.Path + ": skipped '" + Rel + "': " + Problem);
      continue;
    }
    Selected.push_back(C);
  }
  for (const std::string &S : Options.Sources) {
    std::string Abs = normalizePath(S, Cwd);
    if (!Found.contains(Abs) && !Found.contains(RealPath(Abs)))
      return fileError(S, "not in the compilation database '" + Db.Path + "'");
  }
  if (Options.ShardCount > 1) {
    // Position in the selection, not a hash: shards are equal in size and
    // the same database always splits the same way.
    std::vector<CompileCommand> Shard;
    for (size_t I = Options.ShardIndex; I < Selected.size();
         I += Options.ShardCount)
      Shard.push_back(std::move(Selected[I]));
    return Shard;
  }
  return Selected;
}

Error parseShard(StringRef Spec, ExtractOptions &Options) {
  auto [K, N] = Spec.split('/');
  unsigned Index = 0, Count = 0;
  if (K.getAsInteger(10, Index) || N.getAsInteger(10, Count) || Count == 0 ||
      Index == 0 || Index > Count)
    return createStringError(inconvertibleErrorCode(),
                             "--shard: expected K/N with 1 <= K <= N, not '" +
                                 Spec + "'");
  Options.ShardIndex = Index - 1;
  Options.ShardCount = Count;
  return Error::success();
}

Expected<ExtractResult>
extractFacts(const ExtractOptions &Options,
             std::function<void(const TUReport &)> OnTUDone) {
  std::string DbPath = Options.BuildPath;
  if (DbPath.empty()) {
    if (Options.Sources.empty())
      return createStringError(inconvertibleErrorCode(),
                               "no compilation database: pass -p BUILD_DIR "
                               "(a directory with compile_commands.json)");
    Expected<std::string> Found = findCompileDbFor(Options.Sources.front());
    if (!Found)
      return Found.takeError();
    DbPath = *Found;
  }
  Expected<CompileDb> Db = loadCompileDb(DbPath);
  if (!Db)
    return Db.takeError();
  if (Db->Commands.empty())
    return fileError(Db->Path, "the compilation database has no entries");

  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  std::string Root = Options.ProjectRoot.empty()
                         ? defaultProjectRoot(*Db)
                         : normalizePath(Options.ProjectRoot, Cwd);
  SmallString<256> RealRoot;
  if (std::error_code EC = sys::fs::real_path(Root, RealRoot))
    return fileError(Root, "cannot access project root: " + EC.message());
  if (!sys::fs::is_directory(RealRoot))
    return fileError(Root, "project root is not a directory");
  Root = std::string(RealRoot);

  ExtractResult Result;
  if (Db->DuplicatesDropped)
    Result.Warnings.push_back(Db->Path + ": " +
                              std::to_string(Db->DuplicatesDropped) +
                              " duplicate entries ignored (the first entry "
                              "for each file is used)");
  Expected<std::vector<CompileCommand>> Commands =
      selectCommands(*Db, Options, Root, Result.Warnings);
  if (!Commands)
    return Commands.takeError();

  CrashRecoveryContext::Enable();
  const size_t N = Commands->size();
  HeaderClaims Claims;
  ParseOptions Parse;
  Parse.Mode = Options.Mode;
  std::shared_ptr<SharedFileCache> Files = makeSharedFileCache();
  Parse.Files = Files.get();
  Parse.Bodies.SkipExternal = Options.SkipBodies;
  Parse.Bodies.Claims = Options.SkipBodies ? &Claims : nullptr;
  std::string ModeTag = (Options.Mode == ExtractMode::Includes ? "includes"
                         : Options.SkipBodies                  ? "full-skip"
                                                               : "full");

  std::optional<FactCache> Cache;
  if (Options.UseCache) {
    std::string Dir = Options.CacheDir;
    if (Dir.empty()) {
      SmallString<256> Default(parentDir(Db->Path));
      sys::path::append(Default, ".strata-cache");
      Dir = std::string(Default);
    }
    Cache.emplace(Dir);
    if (Error E = Cache->prepare()) {
      Result.Warnings.push_back(toString(std::move(E)) +
                                "; running without a cache");
      Cache.reset();
    }
  }
  Parse.CollectInputs = Cache.has_value();

  std::vector<TUResult> Slots(N);
  std::vector<std::string> Keys(N);
  std::vector<std::string> SlotWarnings(N);
  std::mutex ReportMutex;
  size_t Done = 0;
  auto Report = [&](size_t I) {
    if (!OnTUDone)
      return;
    const facts::TUFact &TU = Slots[I].Facts.TUs.front();
    std::lock_guard<std::mutex> Lock(ReportMutex);
    TUReport R{
        Done++, N, TU.File, TU.Status, TU.FirstError, Slots[I].FromCache};
    OnTUDone(R);
  };
  auto Parse1 = [&](size_t I, ParseOptions With) {
    try {
      Slots[I] = extractCommand((*Commands)[I], Root, Options.Arguments, With);
    } catch (const std::exception &E) {
      // Errors users can cause are values; anything thrown (out of memory,
      // say) fails this TU, not silently and not the whole run. A task's
      // exception would otherwise vanish into a future nobody reads.
      facts::TUFact TU;
      TU.File = relativeTo((*Commands)[I].File, Root);
      TU.Status = facts::TUStatus::Failed;
      TU.Errors = 1;
      TU.FirstError = std::string("internal error: ") + E.what();
      Slots[I] = TUResult();
      Slots[I].Facts.TUs.push_back(std::move(TU));
      return;
    }
    // A failed TU is not cached: what made it fail (a missing header, say)
    // may be fixed without any of its inputs changing.
    if (Cache && Slots[I].Facts.TUs.front().Status == facts::TUStatus::Ok)
      Cache->store(Keys[I], Slots[I], SlotWarnings[I]);
  };
  auto RunAll = [&](auto Fn, const std::vector<size_t> &Which) {
    DefaultThreadPool Pool(hardware_concurrency(Options.Jobs));
    for (size_t I : Which)
      Pool.async(Fn, I);
    Pool.wait();
  };
  std::vector<size_t> All(N);
  std::iota(All.begin(), All.end(), 0);

  // 1. Cache hits. Their parsed header bodies are claimed before anything
  //    is parsed, so that the TUs parsed now skip them consistently.
  std::vector<size_t> Misses;
  if (Cache) {
    RunAll(
        [&](size_t I) {
          const CompileCommand &C = (*Commands)[I];
          Keys[I] =
              FactCache::key(adjustCommandLine(C.Arguments, Options.Arguments),
                             C.Directory, Root, ModeTag);
          if (std::optional<TUResult> Hit =
                  Cache->lookup(Keys[I], SlotWarnings[I])) {
            Slots[I] = std::move(*Hit);
            Report(I);
          }
        },
        All);
    for (size_t I = 0; I < N; ++I) {
      if (Slots[I].FromCache)
        for (const std::string &Owned : Slots[I].OwnedFiles)
          Claims.claim(Owned);
      else
        Misses.push_back(I);
    }
  } else {
    Misses = All;
  }

  // 2. Parse what the cache did not have.
  RunAll(
      [&](size_t I) {
        Parse1(I, Parse);
        Report(I);
      },
      Misses);

  // 3. A cached TU that skipped a header's bodies relies on another TU's
  //    facts for them; if no TU of this run parsed those bodies (their owner
  //    left the database), parse it again in full.
  if (Cache && Parse.Bodies.Claims) {
    StringSet<> Owned;
    for (const TUResult &R : Slots)
      for (const std::string &O : R.OwnedFiles)
        Owned.insert(O);
    std::vector<size_t> Orphans;
    for (size_t I = 0; I < N; ++I)
      if (Slots[I].FromCache &&
          llvm::any_of(Slots[I].SkippedFiles, [&](const std::string &S) {
            return !Owned.contains(S);
          }))
        Orphans.push_back(I);
    ParseOptions Full = Parse;
    Full.Bodies.Claims = nullptr;
    RunAll([&](size_t I) { Parse1(I, Full); }, Orphans);
  }

  std::vector<facts::FactSet> Facts;
  Facts.reserve(N);
  for (size_t I = 0; I < N; ++I) {
    Result.FromCache += Slots[I].FromCache;
    if (!SlotWarnings[I].empty())
      Result.Warnings.push_back(SlotWarnings[I]);
    Facts.push_back(std::move(Slots[I].Facts));
  }
  if (Options.KeepPerTU) {
    Result.PerTU = Facts;
    Result.Commands = *Commands;
  }
  Result.Root = Root;
  Expected<facts::FactSet> Merged = facts::mergeAll(std::move(Facts));
  if (!Merged)
    return Merged.takeError();
  Result.Facts = std::move(*Merged);
  Result.Facts.Root = Root;
  for (const facts::TUFact &TU : Result.Facts.TUs)
    (TU.Status == facts::TUStatus::Ok ? Result.Parsed : Result.Failed)++;
  return Result;
}

} // namespace strata::extract
