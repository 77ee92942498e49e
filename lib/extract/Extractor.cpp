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
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/PCHContainerOperations.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/DependencyScanning/DependencyScanningFilesystem.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <atomic>
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
  /// \p Adjust, if given, changes the scrubbed invocation further.
  explicit ScrubbedAction(
      std::unique_ptr<FrontendAction> Action,
      std::function<void(CompilerInvocation &)> Adjust = nullptr)
      : Action(std::move(Action)), Adjust(std::move(Adjust)) {}

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
    if (Adjust)
      Adjust(*Invocation);
    return FrontendActionFactory::runInvocation(std::move(Invocation), Files,
                                                std::move(PCH), Diags);
  }

private:
  std::unique_ptr<FrontendAction> Action;
  std::function<void(CompilerInvocation &)> Adjust;
};

/// A precompiled header of the external headers some TUs include first,
/// held in memory and shown to each of those TUs at a path of its own.
struct PrefixPch {
  std::string HeaderPath, PchPath;
  std::unique_ptr<MemoryBuffer> Header, Pch;
  std::vector<std::string> Paths; ///< the leading includes it holds
  std::vector<InputFile> Inputs;  ///< what building it read
  /// The #include directives its build met, which a TU parsed on top of it
  /// does not see again but needs for visibility.
  std::vector<IncludeEdge> Includes;
};

/// What a parse does besides collecting facts.
struct TUHooks {
  /// Records the TU's leading includes here (and, with RecordKey, its
  /// group key).
  LeadingIncludes *Leading = nullptr;
  bool RecordKey = false;
  /// Parses on top of this precompiled header.
  const PrefixPch *Pch = nullptr;
};

// TUs whose invocations differ only in their input parse the same headers
// the same way. Forced includes (-include) come before a precompiled
// header's content would, so a TU with any is left alone.
std::string groupKey(const CompilerInvocation &Inv, StringRef WorkingDir) {
  const FrontendOptions &F = Inv.getFrontendOpts();
  const PreprocessorOptions &PP = Inv.getPreprocessorOpts();
  if (F.Inputs.size() != 1 || !F.Inputs[0].isFile())
    return "";
  InputKind K = F.Inputs[0].getKind();
  if ((K.getLanguage() != Language::C && K.getLanguage() != Language::CXX) ||
      K.isPreprocessed() || K.isHeader() ||
      K.getFormat() != InputKind::Source || !PP.Includes.empty() ||
      !PP.MacroIncludes.empty() || !PP.ImplicitPCHInclude.empty())
    return "";
  CompilerInvocation Copy(Inv);
  Copy.getFrontendOpts().Inputs.clear();
  Copy.getCodeGenOpts().MainFileName.clear();
  std::string Key = WorkingDir.str();
  Key += K.getLanguage() == Language::C ? "\nc" : "\nc++";
  for (const std::string &Arg : Copy.getCC1CommandLine()) {
    Key += '\n';
    Key += Arg;
  }
  return Key;
}

// Parses one TU into facts. \p MainFile is the TU's absolute path.
TUResult runCollect(std::vector<std::string> Args, FileManager &Files,
                    StringRef Root, StringRef WorkingDir, StringRef MainFile,
                    ParseOptions Parse, const TUHooks &Hooks = {}) {
  FactCollector Collector(Root, WorkingDir, Parse);
  Collector.setLeading(Hooks.Leading);
  if (Hooks.Pch)
    Collector.includes().addAll(Hooks.Pch->Includes);
  FirstErrorConsumer Diags(Root, WorkingDir);
  bool Ok = false;
  CrashRecoveryContext CRC;
  // A command of compiler wrappers only ("ccache") has nothing left to run.
  if (Args.empty())
    Diags.First = "error: the command names no compiler";
  bool Survived = Args.empty() || CRC.RunSafely([&] {
    ScrubbedAction Action(
        createCollectAction(Collector), [&](CompilerInvocation &Inv) {
          if (Hooks.Leading && Hooks.RecordKey)
            Hooks.Leading->Key = groupKey(Inv, WorkingDir);
          if (Hooks.Pch)
            Inv.getPreprocessorOpts().ImplicitPCHInclude = Hooks.Pch->PchPath;
        });
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

namespace {

// The file system a TU of \p Command reads through: the run's shared
// scanning cache, with \p Pch's two files in memory on top.
IntrusiveRefCntPtr<FileManager> filesFor(const CompileCommand &Command,
                                         const ParseOptions &Parse,
                                         const PrefixPch *Pch) {
  IntrusiveRefCntPtr<vfs::FileSystem> FS = vfs::createPhysicalFileSystem();
  if (Parse.Files)
    FS = makeIntrusiveRefCnt<
        tooling::dependencies::DependencyScanningWorkerFilesystem>(
        Parse.Files->Cache, std::move(FS));
  if (Pch) {
    // Before it is built, only the header is there.
    auto Memory = makeIntrusiveRefCnt<vfs::InMemoryFileSystem>();
    Memory->addFileNoOwn(Pch->HeaderPath, 0, Pch->Header->getMemBufferRef());
    if (Pch->Pch)
      Memory->addFileNoOwn(Pch->PchPath, 0, Pch->Pch->getMemBufferRef());
    auto Overlay = makeIntrusiveRefCnt<vfs::OverlayFileSystem>(std::move(FS));
    Overlay->pushOverlay(std::move(Memory));
    FS = std::move(Overlay);
  }
  FS->setCurrentWorkingDirectory(Command.Directory);
  FileSystemOptions FSOpts;
  FSOpts.WorkingDir = Command.Directory;
  return IntrusiveRefCntPtr<FileManager>(new FileManager(FSOpts, FS));
}

TUResult extractCommandWith(const CompileCommand &Command, StringRef Root,
                            const ArgumentOptions &Arguments,
                            ParseOptions Parse, const TUHooks &Hooks) {
  // Each TU gets its own file system object so that concurrent TUs can have
  // different working directories without touching the process's.
  IntrusiveRefCntPtr<FileManager> Files = filesFor(Command, Parse, Hooks.Pch);
  TUResult Result =
      runCollect(adjustCommandLine(Command.Arguments, Arguments), *Files, Root,
                 Command.Directory, Command.File, Parse, Hooks);
  if (Hooks.Pch) {
    // The headers inside the precompiled header were read by its build.
    std::vector<InputFile> &In = Result.Inputs;
    llvm::erase_if(In, [&](const InputFile &F) {
      return F.Path == Hooks.Pch->HeaderPath;
    });
    In.insert(In.end(), Hooks.Pch->Inputs.begin(), Hooks.Pch->Inputs.end());
    sortInputs(In);
  }
  return Result;
}

// Generates the precompiled header and checks, once it is parsed, that it
// holds no project file (whose facts the TUs would lose) and that each of
// its headers guards itself (so that the TU's own #include of it does
// nothing).
class PchBuildAction : public GeneratePCHAction {
public:
  PchBuildAction(FactCollector &C, ArrayRef<std::string> Paths, bool &Usable)
      : C(C), Paths(Paths), Usable(Usable) {}

  bool BeginSourceFileAction(CompilerInstance &CI) override {
    addIncludeCallbacks(CI, C);
    return GeneratePCHAction::BeginSourceFileAction(CI);
  }

  void EndSourceFileAction() override {
    CompilerInstance &CI = getCompilerInstance();
    SourceManager &SM = CI.getSourceManager();
    for (auto It = SM.fileinfo_begin(), End = SM.fileinfo_end(); It != End;
         ++It) {
      FileID FID = SM.translateFile(It->first);
      if (FID.isInvalid() || FID == SM.getMainFileID())
        continue;
      const FactCollector::FileInfo *F = C.fileOf(SM.getLocForStartOfFile(FID));
      if (F && F->Project)
        Usable = false;
    }
    HeaderSearch &HS = CI.getPreprocessor().getHeaderSearchInfo();
    for (const std::string &Path : Paths) {
      OptionalFileEntryRef FE = CI.getFileManager().getOptionalFileRef(Path);
      if (!FE || !HS.isFileMultipleIncludeGuarded(*FE))
        Usable = false;
    }
    C.collectInputs();
    GeneratePCHAction::EndSourceFileAction();
  }

private:
  FactCollector &C;
  ArrayRef<std::string> Paths;
  bool &Usable;
};

// Builds the precompiled header of \p Spelled (resolving to \p Paths) with
// \p Rep's invocation. Null when it cannot be built or used.
std::shared_ptr<PrefixPch>
buildPrefixPch(const CompileCommand &Rep, StringRef Root,
               const ArgumentOptions &Arguments, const ParseOptions &Parse,
               ArrayRef<std::string> Spelled, ArrayRef<std::string> Paths) {
  SmallString<128> Temp;
  if (sys::fs::createTemporaryFile("strata-prefix", "pch", Temp))
    return nullptr;
  sys::RemoveFileOnSignal(Temp);
  auto Cleanup = make_scope_exit([&] {
    sys::fs::remove(Temp);
    sys::DontRemoveFileOnSignal(Temp);
  });
  auto Pch = std::make_shared<PrefixPch>();
  Pch->PchPath = std::string(Temp);
  // Only ever in memory, beside the precompiled header's real file.
  Pch->HeaderPath = Pch->PchPath + ".h";
  std::string Text;
  for (const std::string &S : Spelled)
    Text += "#include <" + S + ">\n";
  Pch->Header = MemoryBuffer::getMemBufferCopy(Text, Pch->HeaderPath);
  Pch->Paths = Paths.vec();

  IntrusiveRefCntPtr<FileManager> Files = filesFor(Rep, Parse, Pch.get());
  ParseOptions Reading;
  Reading.Mode = ExtractMode::Includes;
  Reading.Files = Parse.Files;
  Reading.CollectInputs = true;
  FactCollector C(Root, Rep.Directory, Reading);
  FirstErrorConsumer Diags(Root, Rep.Directory);
  bool Usable = true, Ok = false;
  CrashRecoveryContext CRC;
  bool Survived = CRC.RunSafely([&] {
    ScrubbedAction Action(
        std::make_unique<PchBuildAction>(C, Pch->Paths, Usable),
        [&](CompilerInvocation &Inv) {
          FrontendOptions &F = Inv.getFrontendOpts();
          InputKind K = F.Inputs.empty() ? InputKind(Language::CXX)
                                         : F.Inputs[0].getKind();
          F.Inputs = {FrontendInputFile(Pch->HeaderPath, K.getHeader())};
          F.OutputFile = Pch->PchPath;
          F.ProgramAction = frontend::GeneratePCH;
          // The same bodies the TUs would skip in these headers.
          F.SkipFunctionBodies = Parse.Bodies.SkipExternal;
        });
    tooling::ToolInvocation Invocation(
        adjustCommandLine(Rep.Arguments, Arguments), &Action, Files.get(),
        std::make_shared<PCHContainerOperations>());
    Invocation.setDiagnosticConsumer(&Diags);
    Ok = Invocation.run();
  });
  if (!Survived || !Ok || Diags.getNumErrors() > 0 || !Usable)
    return nullptr;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Built = MemoryBuffer::getFile(
      Temp, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Built)
    return nullptr;
  Pch->Pch = std::move(*Built);
  Pch->Inputs = std::move(C.inputs());
  Pch->Includes = C.includes().edges();
  llvm::erase_if(Pch->Inputs,
                 [&](const InputFile &F) { return F.Path == Pch->HeaderPath; });
  return Pch;
}

} // namespace

TUResult extractCommand(const CompileCommand &Command, StringRef Root,
                        const ArgumentOptions &Arguments, ParseOptions Parse) {
  return extractCommandWith(Command, Root, Arguments, Parse, {});
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
  auto Run = [&](size_t I, ParseOptions With,
                 const TUHooks &Hooks) -> TUResult {
    try {
      return extractCommandWith((*Commands)[I], Root, Options.Arguments, With,
                                Hooks);
    } catch (const std::exception &E) {
      // Errors users can cause are values; anything thrown (out of memory,
      // say) fails this TU, not silently and not the whole run. A task's
      // exception would otherwise vanish into a future nobody reads.
      facts::TUFact TU;
      TU.File = relativeTo((*Commands)[I].File, Root);
      TU.Status = facts::TUStatus::Failed;
      TU.Errors = 1;
      TU.FirstError = std::string("internal error: ") + E.what();
      TUResult Failed;
      Failed.Facts.TUs.push_back(std::move(TU));
      return Failed;
    }
  };
  std::atomic<size_t> PchUsed = 0, PchRefused = 0;
  auto Parse1 = [&](size_t I, ParseOptions With,
                    const PrefixPch *Pch = nullptr) {
    if (Pch) {
      LeadingIncludes Leading;
      TUResult R = Run(I, With, {&Leading, false, Pch});
      // The parse is this TU's only if the TU really begins with the
      // precompiled headers; otherwise it is done again without them. A
      // failed parse is redone too, so that its error is the compiler's.
      if (R.Facts.TUs.front().Status == facts::TUStatus::Ok &&
          Leading.Paths.size() >= Pch->Paths.size() &&
          std::equal(Pch->Paths.begin(), Pch->Paths.end(),
                     Leading.Paths.begin())) {
        Slots[I] = std::move(R);
        ++PchUsed;
      } else {
        if (With.Bodies.Claims)
          With.Bodies.Claims->release(R.OwnedFiles);
        ++PchRefused;
        Slots[I] = Run(I, With, {});
      }
    } else {
      Slots[I] = Run(I, With, {});
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

  // 2. Parse what the cache did not have. TUs that begin with the same
  //    external headers under the same flags share a precompiled header of
  //    them; an include-mode pre-scan (about 1% of a parse) finds them.
  std::vector<PchGroup> Groups;
  std::vector<LeadingIncludes> Leading;
  std::vector<std::vector<std::string>> LeadingPaths;
  if (Options.Mode == ExtractMode::Full && Options.SharedPch &&
      Misses.size() > 1) {
    Leading.resize(Misses.size());
    ParseOptions Scan;
    Scan.Mode = ExtractMode::Includes;
    Scan.Files = Parse.Files;
    std::vector<size_t> Positions(Misses.size());
    std::iota(Positions.begin(), Positions.end(), 0);
    RunAll(
        [&](size_t P) {
          Run(Misses[P], Scan, {&Leading[P], /*RecordKey=*/true, nullptr});
        },
        Positions);
    std::vector<std::string> GroupKeys;
    for (LeadingIncludes &L : Leading) {
      GroupKeys.push_back(std::move(L.Key));
      LeadingPaths.push_back(std::move(L.Paths));
    }
    Groups = planSharedPch(GroupKeys, LeadingPaths, /*MinShare=*/3);
  }
  std::vector<bool> Grouped(Misses.size());
  for (const PchGroup &G : Groups)
    for (size_t P : G.Members)
      Grouped[P] = true;
  std::atomic<size_t> PchBuilt = 0;
  {
    DefaultThreadPool Pool(hardware_concurrency(Options.Jobs));
    // One header is built at a time, each as its predecessor's TUs start,
    // so that a few live at once however many groups there are.
    std::function<void(size_t)> Build = [&](size_t G) {
      const std::vector<size_t> &Members = Groups[G].Members;
      size_t First = Members.front(), Length = Groups[G].Length;
      std::shared_ptr<PrefixPch> Pch = buildPrefixPch(
          (*Commands)[Misses[First]], Root, Options.Arguments, Parse,
          ArrayRef(Leading[First].Spelled).take_front(Length),
          ArrayRef(LeadingPaths[First]).take_front(Length));
      if (Pch)
        ++PchBuilt;
      if (G + 1 < Groups.size())
        Pool.async([&Build, G] { Build(G + 1); });
      for (size_t P : Members)
        Pool.async([&, I = Misses[P], Pch] {
          Parse1(I, Parse, Pch.get());
          Report(I);
        });
    };
    if (!Groups.empty())
      Pool.async([&Build] { Build(0); });
    for (size_t P = 0; P < Misses.size(); ++P)
      if (!Grouped[P])
        Pool.async([&, I = Misses[P]] {
          Parse1(I, Parse);
          Report(I);
        });
    Pool.wait();
  }
  Result.PchBuilt = PchBuilt;
  Result.PchUsed = PchUsed;
  Result.PchRefused = PchRefused;

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
