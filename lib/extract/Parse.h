//===- Parse.h - One Clang parse of a TU into facts --------------*- C++
//-*-===//
//
// Private to the extract library: how one command is parsed (Parse.cpp) and
// how the precompiled headers that groups of TUs share are built
// (SharedPch.cpp). Extractor.cpp schedules both over the database.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LIB_EXTRACT_PARSE_H
#define STRATA_LIB_EXTRACT_PARSE_H

#include "FactCollector.h"
#include "strata/extract/Extract.h"
#include "strata/support/Paths.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace strata::extract {

// Counts errors and keeps the first one, formatted the way compilers print
// it, with the path relative to the project root. Prints nothing: a TU's
// problems are reported once, in the summary and the facts.
class FirstErrorConsumer : public clang::DiagnosticConsumer {
public:
  FirstErrorConsumer(llvm::StringRef Root, llvm::StringRef WorkingDir)
      : Root(Root), WorkingDir(WorkingDir) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < clang::DiagnosticsEngine::Error || !First.empty())
      return;
    llvm::SmallString<256> Message;
    Info.FormatDiagnostic(Message);
    std::string Where;
    if (Info.getLocation().isValid() && Info.hasSourceManager()) {
      const clang::SourceManager &SM = Info.getSourceManager();
      clang::PresumedLoc P =
          SM.getPresumedLoc(SM.getFileLoc(Info.getLocation()));
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
  std::string displayPath(llvm::StringRef Name) const {
    std::string Abs = normalizePath(Name, WorkingDir);
    llvm::SmallString<256> Real;
    if (!isUnder(Abs, Root) && !llvm::sys::fs::real_path(Abs, Real))
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
class ScrubbedAction : public clang::tooling::FrontendActionFactory {
public:
  /// \p Adjust, if given, changes the scrubbed invocation further.
  explicit ScrubbedAction(
      std::unique_ptr<clang::FrontendAction> Action,
      std::function<void(clang::CompilerInvocation &)> Adjust = nullptr)
      : Action(std::move(Action)), Adjust(std::move(Adjust)) {}

  std::unique_ptr<clang::FrontendAction> create() override {
    return std::move(Action);
  }

  bool runInvocation(std::shared_ptr<clang::CompilerInvocation> Invocation,
                     clang::FileManager *Files,
                     std::shared_ptr<clang::PCHContainerOperations> PCH,
                     clang::DiagnosticConsumer *Diags) override {
    clang::FrontendOptions &F = Invocation->getFrontendOpts();
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
    Invocation->getDependencyOutputOpts() = clang::DependencyOutputOptions();
    clang::DiagnosticOptions &D = Invocation->getDiagnosticOpts();
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
  std::unique_ptr<clang::FrontendAction> Action;
  std::function<void(clang::CompilerInvocation &)> Adjust;
};

/// A precompiled header of the external headers some TUs include first,
/// held in memory and shown to each of those TUs at a path of its own.
struct PrefixPch {
  std::string HeaderPath, PchPath;
  std::unique_ptr<llvm::MemoryBuffer> Header, Pch;
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

/// The group key of \p Inv: TUs with one key can share a precompiled
/// header. Empty: this TU cannot.
std::string groupKey(const clang::CompilerInvocation &Inv,
                     llvm::StringRef WorkingDir);

/// The file system a TU of \p Command reads through: the run's shared
/// scanning cache, with \p Pch's two files in memory on top, and \p Edited
/// (files changed in memory) above everything.
llvm::IntrusiveRefCntPtr<clang::FileManager>
filesFor(const CompileCommand &Command, const ParseOptions &Parse,
         const PrefixPch *Pch,
         llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Edited = nullptr);

/// Parses \p Command into facts, with \p Hooks.
TUResult extractCommandWith(const CompileCommand &Command, llvm::StringRef Root,
                            const ArgumentOptions &Arguments,
                            ParseOptions Parse, const TUHooks &Hooks);

/// Builds the precompiled header of \p Spelled (resolving to \p Paths)
/// with \p Rep's invocation. Null when it cannot be built or used.
std::shared_ptr<PrefixPch> buildPrefixPch(const CompileCommand &Rep,
                                          llvm::StringRef Root,
                                          const ArgumentOptions &Arguments,
                                          const ParseOptions &Parse,
                                          llvm::ArrayRef<std::string> Spelled,
                                          llvm::ArrayRef<std::string> Paths);

} // namespace strata::extract

#endif
