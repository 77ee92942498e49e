//===- FactCollector.cpp - Facts of one translation unit ------------------===//
//
// Two sources feed the collector: preprocessor callbacks (includes, macro
// uses) and an AST walker in the style of include-cleaner's WalkAST, which
// reports (location, declaration, kind) for each use written in a project
// file. Declarations inside system headers are never walked.
//
//===----------------------------------------------------------------------===//
#include "FactCollector.h"

#include "Preprocessing.h"
#include "Recorder.h"
#include "Resolve.h"
#include "strata/support/Paths.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Pragma.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include <map>

using namespace clang;
using namespace llvm;
using strata::facts::EntityKind;
using strata::facts::UseKind;

namespace strata::extract {

//===----------------------------------------------------------------------===//
// FactCollector
//===----------------------------------------------------------------------===//

std::string SharedFileCache::realPath(StringRef Path) {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = RealPaths.find(Path);
    if (It != RealPaths.end())
      return It->second;
  }
  SmallString<256> Real;
  std::string Result = sys::fs::real_path(Path, Real) ? normalizePath(Path, "/")
                                                      : std::string(Real);
  std::lock_guard<std::mutex> Lock(Mutex);
  return RealPaths.try_emplace(Path, Result).first->second;
}

std::shared_ptr<SharedFileCache> makeSharedFileCache() {
  return std::make_shared<SharedFileCache>();
}

std::string FactCollector::absolutePath(StringRef Name, StringRef RealName) {
  if (SharedFiles) {
    // ".." must be resolved by realpath, not lexically: in
    // /../lib/gcc/x86_64-linux-gnu/12/../../../../include, /lib is a symlink.
    SmallString<256> Abs(Name);
    if (sys::path::is_relative(Abs)) {
      Abs = WorkingDir;
      sys::path::append(Abs, Name);
    }
    return SharedFiles->realPath(Abs);
  }
  // The real path resolves symlinks, so one file reached by two spellings is
  // one node; the root is resolved the same way.
  return RealName.empty() ? normalizePath(Name, WorkingDir)
                          : normalizePath(RealName, WorkingDir);
}

FactCollector::FileInfo &FactCollector::fileOfEntry(FileEntryRef FE,
                                                    bool System) {
  std::string Abs =
      absolutePath(FE.getName(), FE.getFileEntry().tryGetRealPathName());
  auto [It, Inserted] = ByPath.try_emplace(Abs);
  FileInfo &Info = It->second;
  if (!Inserted)
    return Info;
  Info.Node = Includes.node(Abs);
  Info.Project = !System && isUnder(Abs, Root);
  Info.Path = Info.Project ? relativeTo(Abs, Root) : Abs;
  if (Info.Project) {
    ProjectNodes.insert(Info.Node);
    facts::FileFact F;
    F.Path = Info.Path;
    if (std::optional<MemoryBufferRef> Buffer =
            SM->getMemoryBufferForFileOrNone(FE))
      F.Hash = contentHash(Buffer->getBuffer());
    Info.Hash = F.Hash.str();
    Facts.Files.push_back(std::move(F));
    Listed.insert(Info.Path);
  }
  return Info;
}

FactCollector::FileState &FactCollector::stateOf(FileID FID) {
  auto [It, Inserted] = ByFileID.try_emplace(FID);
  FileState &State = It->second;
  if (!Inserted)
    return State;
  if (OptionalFileEntryRef FE = SM->getFileEntryRefForID(FID)) {
    bool System = SrcMgr::isSystem(
        SM->getFileCharacteristic(SM->getLocForStartOfFile(FID)));
    State.File = &fileOfEntry(*FE, System);
  }
  return State;
}

const FactCollector::FileInfo &FactCollector::fileOf(FileEntryRef FE,
                                                     bool System) {
  return fileOfEntry(FE, System);
}

const FactCollector::FileInfo *FactCollector::fileOf(SourceLocation Loc) {
  FileID FID = SM->getFileID(Loc);
  if (FID.isInvalid())
    return nullptr;
  return stateOf(FID).File;
}

void FactCollector::enterFile(FileID FID) {
  FileState &State = stateOf(FID);
  if (State.Entered || !State.File)
    return;
  State.Entered = true;
  FileInfo *Info = State.File;
  if (!Info->Project || !Bodies.Claims || Bodies.ParseAll ||
      FID == SM->getMainFileID())
    return;
  // The first TU to enter a header's content under the same -D and -U
  // options parses its bodies; the others skip them. Which TUs record the
  // facts is decided later, on the whole view (finishClaims).
  std::string Key =
      "body\n" + Info->Path + '\n' + Info->Hash + '\n' + CommandLineMacros;
  State.ParsesBodies = Bodies.Claims->claim(Key);
  if (State.ParsesBodies)
    Owned.push_back(std::move(Key));
}

void FactCollector::macroRead(SourceLocation Loc, StringRef Name,
                              SourceLocation DefLoc,
                              function_ref<std::string()> Definition) {
  FileID FID = SM->getFileID(Loc);
  if (FID == SM->getMainFileID() || !inProject(Loc))
    return;
  Reads.push_back({Loc, DefLoc, Name.str(), Definition()});
}

void FactCollector::addInclude(FileID FID, unsigned Offset,
                               facts::IncludeFact Include) {
  PendingIncludes.push_back({FID, Offset, std::move(Include)});
}

void FactCollector::markTextual(FileID FID, unsigned Begin, unsigned End) {
  auto It = RecordedIncludes.find(FID);
  if (It == RecordedIncludes.end())
    return;
  auto &Sites = It->second;
  for (auto S = llvm::partition_point(
           Sites, [&](const auto &X) { return X.first <= Begin; });
       S != Sites.end() && S->first < End; ++S)
    Facts.Includes[S->second].Textual = true;
}

// Whether \p Path names the file \p Spelled (`include "a/b.h"` names
// `x/a/b.h` and `a/b.h`).
static bool pathEndsWith(StringRef Path, StringRef Spelled) {
  if (!Path.consume_back(Spelled))
    return false;
  return Path.empty() || Path.ends_with("/");
}

// A hash of \p Parts as a set: the same whatever their order or repeats.
static std::string hashOfSet(std::vector<std::string> Parts) {
  llvm::sort(Parts);
  Parts.erase(std::unique(Parts.begin(), Parts.end()), Parts.end());
  std::string Joined;
  for (const std::string &P : Parts)
    Joined += P + '\n';
  return contentHash(Joined);
}

DenseMap<unsigned, std::vector<std::string>> FactCollector::ownParts() {
  // A read counts when the definition (or its absence) came from outside
  // the reading file and what it includes before the read.
  Resolver See(*this);
  for (MacroRead &M : Reads) {
    std::optional<Resolver::Seen> How;
    if (M.DefLoc.isValid() && fileOf(M.DefLoc))
      How = See.sees(M.Loc, M.DefLoc);
    if (!How || How->After)
      stateOf(SM->getFileID(M.Loc))
          .Reads.push_back(M.Name + '=' + M.Definition);
  }
  Reads.clear();
  DenseMap<unsigned, std::vector<std::string>> Own;
  for (auto &[FID, State] : ByFileID)
    if (State.File && State.File->Project && State.Entered)
      Own[State.File->Node].push_back(State.File->Path + '\n' +
                                      State.File->Hash + '\n' +
                                      hashOfSet(std::move(State.Reads)));
  return Own;
}

void FactCollector::finishClaims() {
  if (Bodies.Claims) {
    DenseMap<unsigned, std::vector<std::string>> Own = ownParts();
    struct Decision {
      bool Records = false;
      bool Complete = true; ///< every body of the view's header parsed
    };
    std::map<std::string, Decision> Decided;
    std::vector<std::pair<FileState *, std::string>> Keyed;
    for (auto &[FID, State] : ByFileID) {
      if (!State.File || !State.File->Project || !State.Entered ||
          FID == SM->getMainFileID())
        continue;
      // The view is a set, so include cycles need no order.
      std::vector<std::string> View;
      for (unsigned N : Includes.closure(
               State.File->Node, [&](unsigned N) { return Own.count(N); }))
        llvm::append_range(View, Own.lookup(N));
      std::string Key = State.File->Path + '\n' + hashOfSet(std::move(View));
      Decided[Key].Complete &= !State.SkippedBodies;
      Keyed.emplace_back(&State, std::move(Key));
    }
    for (auto &[Key, D] : Decided) {
      bool Won =
          (Bodies.PreOwned && Bodies.PreOwned->contains("view\n" + Key)) ||
          Bodies.Claims->claim("view\n" + Key);
      // A TU that parsed the view's bodies records it whoever was first:
      // the first may have skipped them. Another records it only when it
      // was first, and says its record is partial, so that the run parses
      // it again if nobody records the view whole (Extractor.cpp).
      D.Records = Won || D.Complete;
      if (Won)
        Owned.push_back("view\n" + Key);
      if (D.Records)
        Owned.push_back((D.Complete ? "full\n" : "part\n") + Key);
      else
        Skipped.push_back("view\n" + Key);
    }
    for (auto &[State, Key] : Keyed)
      State->Records = Decided[Key].Records;
    llvm::sort(Owned);
    llvm::sort(Skipped);
  }
  for (PendingInclude &P : PendingIncludes) {
    if (!stateOf(P.FID).Records)
      continue;
    facts::IncludeFact &I = P.Fact;
    if (I.Pragma.empty() && !I.External)
      if (auto Private = PrivateTo.find(I.Target);
          Private != PrivateTo.end() && pathEndsWith(I.File, Private->second))
        I.Pragma = "export";
    RecordedIncludes[P.FID].emplace_back(P.Offset, Facts.Includes.size());
    Facts.Includes.push_back(std::move(I));
  }
  PendingIncludes.clear();
}

bool FactCollector::inProject(SourceLocation Loc) {
  if (Loc.isInvalid())
    return false;
  SourceLocation FileLoc = SM->getFileLoc(Loc);
  if (SM->isInSystemHeader(FileLoc))
    return false;
  const FileInfo *F = fileOf(FileLoc);
  return F && F->Project;
}

bool FactCollector::shouldSkipBody(SourceLocation Loc) {
  SourceLocation FileLoc = SM->getFileLoc(Loc);
  FileID FID = SM->getFileID(FileLoc);
  if (FID == SM->getMainFileID())
    return false;
  if (SM->isInSystemHeader(FileLoc))
    return Bodies.SkipExternal;
  FileState &State = stateOf(FID);
  if (!State.File || !State.File->Project)
    return Bodies.SkipExternal;
  State.SkippedBodies |= !State.ParsesBodies;
  return !State.ParsesBodies;
}

bool FactCollector::records(SourceLocation Loc) {
  if (!inProject(Loc))
    return false;
  return stateOf(SM->getFileID(SM->getFileLoc(Loc))).Records;
}

void FactCollector::collectInputs() {
  if (!CollectInputs)
    return;
  for (auto It = SM->fileinfo_begin(), End = SM->fileinfo_end(); It != End;
       ++It) {
    std::optional<MemoryBufferRef> Buffer = It->second->getBufferIfLoaded();
    if (!Buffer)
      continue;
    FileEntryRef FE = It->first;
    Inputs.push_back(
        {absolutePath(FE.getName(), FE.getFileEntry().tryGetRealPathName()),
         contentHash(Buffer->getBuffer())});
  }
  sortInputs(Inputs);
}

void sortInputs(std::vector<InputFile> &Inputs) {
  llvm::sort(Inputs, [](const InputFile &A, const InputFile &B) {
    return A.Path < B.Path;
  });
  Inputs.erase(std::unique(Inputs.begin(), Inputs.end(),
                           [](const InputFile &A, const InputFile &B) {
                             return A.Path == B.Path;
                           }),
               Inputs.end());
}

void FactCollector::noteTarget(const FileInfo &File) {
  if (!Listed.insert(File.Path).second)
    return;
  facts::FileFact F;
  F.Path = File.Path;
  F.External = !File.Project;
  Facts.Files.push_back(std::move(F));
}

namespace {

class CollectConsumer : public ASTConsumer {
public:
  CollectConsumer(FactCollector &C, Recorder &R) : C(C), R(R) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    // Every #include is known now: claims can be decided and visibility
    // asked.
    C.finishClaims();
    R.finishMacros();
    walkAST(Ctx, C, R);
  }

  // Only asked when FrontendOptions::SkipFunctionBodies is set, and never for
  // constexpr functions or deduced return types, whose bodies Sema needs.
  bool shouldSkipFunctionBody(Decl *D) override {
    return C.shouldSkipBody(D->getLocation());
  }

private:
  FactCollector &C;
  Recorder &R;
};

// The callbacks every parse of the collector has.
void addCallbacks(CompilerInstance &CI, FactCollector &C, Recorder *R) {
  CI.setVerboseOutputStream(std::make_unique<llvm::raw_null_ostream>());
  C.setSourceManager(CI.getSourceManager());
  std::string Macros;
  for (const auto &[Macro, Undef] : CI.getPreprocessorOpts().Macros)
    Macros += (Undef ? "-U" : "-D") + Macro + '\n';
  C.setCommandLineMacros(contentHash(Macros));
  Preprocessor &PP = CI.getPreprocessor();
  PP.addPPCallbacks(makeIncludeRecorder(C, R, PP));
  if (LeadingIncludes *L = C.leading())
    PP.addPPCallbacks(makeLeadingTracker(C, PP, *L));
}

class CollectAction : public ASTFrontendAction {
public:
  explicit CollectAction(FactCollector &C) : C(C) {}

  bool BeginSourceFileAction(CompilerInstance &CI) override {
    // Clang prints "N errors generated." here; strata reports failures itself.
    CI.getFrontendOpts().SkipFunctionBodies = C.skipsAnyBody();
    C.setSourceManager(CI.getSourceManager());
    Rec = std::make_unique<Recorder>(C);
    addCallbacks(CI, C, Rec.get());
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    return std::make_unique<CollectConsumer>(C, *Rec);
  }

  void EndSourceFileAction() override { C.collectInputs(); }

private:
  FactCollector &C;
  std::unique_ptr<Recorder> Rec;
};

// Include mode: the preprocessor alone, expanding macros only where a
// directive needs them (as clang-scan-deps does).
class IncludesAction : public PreprocessorFrontendAction {
public:
  explicit IncludesAction(FactCollector &C) : C(C) {}

  bool BeginSourceFileAction(CompilerInstance &CI) override {
    addCallbacks(CI, C, nullptr);
    // With the shared scanning file system, lex only each file's
    // directives, scanned once per run (clang-scan-deps' own mechanism).
    using tooling::dependencies::DependencyScanningWorkerFilesystem;
    if (auto *DepFS = dyn_cast<DependencyScanningWorkerFilesystem>(
            &CI.getFileManager().getVirtualFileSystem())) {
      IntrusiveRefCntPtr<DependencyScanningWorkerFilesystem> FS(DepFS);
      CI.getPreprocessorOpts().DependencyDirectivesForFile =
          [FS](FileEntryRef File)
          -> std::optional<ArrayRef<dependency_directives_scan::Directive>> {
        if (auto Entry = FS->getOrCreateFileSystemEntry(File.getName()))
          if (FS->ensureDirectiveTokensArePopulated(*Entry))
            return Entry->getDirectiveTokens();
        return std::nullopt;
      };
    }
    return true;
  }

  void ExecuteAction() override {
    Preprocessor &PP = getCompilerInstance().getPreprocessor();
    PP.SetMacroExpansionOnlyInDirectives();
    PP.EnterMainSourceFile();
    PP.LexTokensUntilEOF();
    C.finishClaims();
  }

  void EndSourceFileAction() override { C.collectInputs(); }

private:
  FactCollector &C;
};

} // namespace

void addIncludeCallbacks(CompilerInstance &CI, FactCollector &C) {
  addCallbacks(CI, C, nullptr);
}

std::unique_ptr<FrontendAction> createCollectAction(FactCollector &C) {
  if (C.mode() == ExtractMode::Includes)
    return std::make_unique<IncludesAction>(C);
  return std::make_unique<CollectAction>(C);
}

} // namespace strata::extract
