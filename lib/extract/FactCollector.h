//===- FactCollector.h - Facts of one translation unit ----------*- C++ -*-===//
//
// Private to the extract library. A FactCollector accumulates the facts of one
// TU; CollectAction wires it to Clang's preprocessor and AST.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LIB_EXTRACT_FACTCOLLECTOR_H
#define STRATA_LIB_EXTRACT_FACTCOLLECTOR_H

#include "IncludeGraph.h"
#include "strata/extract/Cache.h"
#include "strata/extract/Extract.h"
#include "strata/facts/Facts.h"
#include "clang/Basic/FileEntry.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/DependencyScanning/DependencyScanningFilesystem.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringSet.h"
#include <memory>
#include <mutex>
#include <optional>

namespace clang {
class CompilerInstance;
class NamedDecl;
class SourceManager;
} // namespace clang

namespace strata::extract {

/// What TUs of one run share: Clang's scanning cache of file contents,
/// stats and directives, and resolved real paths.
class SharedFileCache {
public:
  clang::tooling::dependencies::DependencyScanningFilesystemSharedCache Cache;

  /// realpath(3) of an absolute \p Path, once per run; \p Path normalized
  /// when it cannot be resolved. (The scanning file system's real paths
  /// drop ".." before resolving symlinks, which is wrong.)
  std::string realPath(llvm::StringRef Path);

private:
  std::mutex Mutex;
  llvm::StringMap<std::string> RealPaths;
};

/// The headers outside the project that a TU includes before anything else:
/// reached only through #include <...> lines, include guards and
/// `#pragma once` in project files, with no token and no other directive
/// of a project file before them. A precompiled header of them makes the
/// same TU (SharedPch.cpp).
struct LeadingIncludes {
  /// The TU's compiler invocation without its input, and its directory: TUs
  /// with one key can share a precompiled header. Empty: this TU cannot.
  std::string Key;
  std::vector<std::string> Spelled; ///< as written between < and >
  std::vector<std::string> Paths;   ///< absolute real paths, in order
};

/// Per-TU fact accumulator. Decides which files are project files and keeps
/// paths relative to the root.
class FactCollector {
public:
  FactCollector(llvm::StringRef Root, llvm::StringRef WorkingDir,
                ParseOptions Parse = {})
      : Root(Root), WorkingDir(WorkingDir), Bodies(Parse.Bodies),
        Mode(Parse.Mode), SharedFiles(Parse.Files),
        CollectInputs(Parse.CollectInputs) {
    Facts.Root = this->Root;
  }

  /// A file the TU read.
  struct FileInfo {
    std::string Path; ///< relative to root for project files
    std::string Hash; ///< content hash (project files)
    bool Project = false;
    unsigned Node = 0; ///< in includes()
  };

  void setSourceManager(clang::SourceManager &SM) { this->SM = &SM; }
  clang::SourceManager &sourceManager() { return *SM; }

  /// The file holding \p Loc (a file location); null for built-in buffers.
  const FileInfo *fileOf(clang::SourceLocation Loc);
  /// The file \p File; \p System: found as a system header.
  const FileInfo &fileOf(clang::FileEntryRef File, bool System);
  /// True when \p Loc (any location) is spelled in a project file.
  bool inProject(clang::SourceLocation Loc);
  /// True when \p Loc is in a project file whose facts this TU records:
  /// always the main file; a header only when this TU won the claim of the
  /// header's view (finishClaims()). Before then, true for every project
  /// file.
  bool records(clang::SourceLocation Loc);

  /// Called as the preprocessor enters \p FID. With claims, a project
  /// header's bodies are parsed by the first TU of the run to enter its
  /// content under the same -D and -U options.
  void enterFile(clang::FileID FID);
  /// The macro \p Name, read at \p Loc with the definition at \p DefLoc
  /// (invalid: not defined), whose text \p Definition gives.
  void macroRead(clang::SourceLocation Loc, llvm::StringRef Name,
                 clang::SourceLocation DefLoc,
                 llvm::function_ref<std::string()> Definition);
  /// Decides, once every #include of the TU is known, which header views
  /// the TU records. A header's view is its content and the macros it read
  /// that neither it nor a file it includes defined (with their values),
  /// with the views of every project file it reaches: a header whose text
  /// or includes mean something else here is recorded again. A view is
  /// recorded by every TU that parsed its bodies, and by the first of the
  /// others; include facts wait for it (addInclude).
  void finishClaims();
  /// An include fact of a project file whose directive is at byte \p Offset
  /// of \p FID, kept when its file records.
  void addInclude(clang::FileID FID, unsigned Offset,
                  facts::IncludeFact Include);
  /// Marks the recorded includes of \p FID between byte offsets \p Begin
  /// and \p End (a function body, a class definition) as textual.
  void markTextual(clang::FileID FID, unsigned Begin, unsigned End);
  /// The project header \p Path says `IWYU pragma: private, include
  /// "Public"`: the includes of it by a file whose path ends in \p Public
  /// export it.
  void notePrivate(llvm::StringRef Path, llvm::StringRef Public) {
    PrivateTo[Path] = Public.str();
  }
  /// The TU's -D and -U options: header bodies are parsed once per set of
  /// them, since they are what usually changes what a header's includes
  /// mean.
  void setCommandLineMacros(std::string Macros) {
    CommandLineMacros = std::move(Macros);
  }
  bool claims() const { return Bodies.Claims != nullptr; }

  /// The #include graph of the TU, for visibility (IncludeGraph.h).
  IncludeGraph &includes() { return Includes; }
  /// Whether node \p N of includes() is a project file.
  bool isProjectNode(unsigned N) const { return ProjectNodes.contains(N); }

  /// Records that \p File is the target of a dependency (for external files,
  /// which are otherwise not listed).
  void noteTarget(const FileInfo &File);

  /// Whether the parser may skip the body of a function declared at \p Loc.
  bool shouldSkipBody(clang::SourceLocation Loc);
  ExtractMode mode() const { return Mode; }
  /// Where the TU's leading includes are recorded; null: not recorded.
  LeadingIncludes *leading() const { return Leading; }
  void setLeading(LeadingIncludes *L) { Leading = L; }
  bool sharesFiles() const { return SharedFiles != nullptr; }
  bool skipsAnyBody() const { return Bodies.SkipExternal || Bodies.Claims; }

  facts::FactSet &facts() { return Facts; }

  /// Records every file the source manager read, with its content hash, for
  /// the cache. Call when the TU has been parsed.
  void collectInputs();
  std::vector<InputFile> &inputs() { return Inputs; }
  std::vector<std::string> &ownedFiles() { return Owned; }
  std::vector<std::string> &skippedFiles() { return Skipped; }

  /// The absolute path of a file entry's name as Clang opened it.
  std::string absolutePath(llvm::StringRef Name, llvm::StringRef RealName);

private:
  std::string Root;
  std::string WorkingDir;
  BodyPolicy Bodies;
  ExtractMode Mode;
  SharedFileCache *SharedFiles;
  bool CollectInputs;
  LeadingIncludes *Leading = nullptr;
  clang::SourceManager *SM = nullptr;
  struct FileState {
    FileInfo *File = nullptr;
    bool Records = true;
    bool ParsesBodies = true;
    bool SkippedBodies = false;
    bool Entered = false;
    std::vector<std::string> Reads; ///< macros read from outside
  };
  struct MacroRead {
    clang::SourceLocation Loc, DefLoc;
    std::string Name, Definition;
  };
  std::vector<MacroRead> Reads;
  FileState &stateOf(clang::FileID FID);
  FileInfo &fileOfEntry(clang::FileEntryRef FE, bool System);
  // Each project file's own part of a header view: its path, content and
  // the macros it read from outside, by include-graph node.
  llvm::DenseMap<unsigned, std::vector<std::string>> ownParts();
  llvm::DenseMap<clang::FileID, FileState> ByFileID;
  IncludeGraph Includes;
  llvm::StringMap<FileInfo> ByPath;
  llvm::StringSet<> Listed;
  facts::FactSet Facts;
  std::vector<InputFile> Inputs;
  std::vector<std::string> Owned, Skipped;
  struct PendingInclude {
    clang::FileID FID;
    unsigned Offset;
    facts::IncludeFact Fact;
  };
  std::vector<PendingInclude> PendingIncludes;
  // The recorded includes of each file: (offset, index in Facts.Includes),
  // in the order of the text.
  llvm::DenseMap<clang::FileID, std::vector<std::pair<unsigned, size_t>>>
      RecordedIncludes;
  llvm::StringMap<std::string> PrivateTo;
  llvm::DenseSet<unsigned> ProjectNodes;
  std::string CommandLineMacros;
};

/// Sorts \p Inputs by path and drops repeated paths.
void sortInputs(std::vector<InputFile> &Inputs);

/// Adds the include recording of \p Collector (no macro uses) to a parse
/// of another action (the shared precompiled headers' build).
void addIncludeCallbacks(clang::CompilerInstance &CI, FactCollector &Collector);

/// The frontend action for \p Collector's mode: the preprocessor callbacks
/// and the AST walker, or the preprocessor alone.
std::unique_ptr<clang::FrontendAction>
createCollectAction(FactCollector &Collector);

} // namespace strata::extract

#endif
