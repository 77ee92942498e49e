//===- Verify.cpp - Include edits checked by Clang ------------------------===//
#include "strata/extract/Verify.h"

#include "Parse.h"
#include "strata/support/Paths.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Decl.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/ThreadPool.h"
#include <map>
#include <mutex>

using namespace clang;
using namespace llvm;

namespace strata::extract {
namespace {

// The project files each TU reads, from the include facts.
std::map<std::string, StringSet<>> filesRead(const facts::FactSet &Facts) {
  StringMap<std::vector<StringRef>> Includes;
  for (const facts::IncludeFact &I : Facts.Includes)
    if (!I.External && !I.Target.empty())
      Includes[I.File].push_back(I.Target);
  std::map<std::string, StringSet<>> Read;
  for (const facts::TUFact &TU : Facts.TUs) {
    StringSet<> &Seen = Read[TU.File.str()];
    std::vector<StringRef> Work = {TU.File};
    Seen.insert(TU.File);
    while (!Work.empty()) {
      StringRef F = Work.back();
      Work.pop_back();
      for (StringRef T : Includes.lookup(F))
        if (Seen.insert(T).second)
          Work.push_back(T);
    }
  }
  return Read;
}

// \p Text with the lines of \p Edits replaced.
std::string applyEdits(StringRef Text, ArrayRef<const IncludeEdit *> Edits) {
  std::map<unsigned, StringRef> ByLine;
  for (const IncludeEdit *E : Edits)
    ByLine[E->Line] = E->Replacement;
  std::string Out;
  Out.reserve(Text.size());
  unsigned Line = 1;
  while (!Text.empty()) {
    auto [Current, Rest] = Text.split('\n');
    bool HadNewline = Current.size() < Text.size();
    auto It = ByLine.find(Line);
    if (It == ByLine.end()) {
      Out += Current;
    } else {
      // A replacement of several lines still ends this one line.
      Out += StringRef(It->second).rtrim('\n');
    }
    if (HadNewline)
      Out += '\n';
    Text = Rest;
    ++Line;
  }
  return Out;
}

// A syntax-only parse that skips the function bodies no edit can change:
// those outside templates in system headers, and those outside templates
// that the TU reads before the first edited line. Such a body is checked
// when it is parsed, with what came before it; the edits only change what
// comes after them. Templates keep their bodies, since an instantiation
// after an edit can fail (a type the edit leaves incomplete). Sema never
// asks for constexpr functions or deduced return types.
class VerifyAction : public ASTFrontendAction {
public:
  /// \p EditLines: each edited file (absolute) and its first edited line.
  explicit VerifyAction(std::map<std::string, unsigned> EditLines)
      : EditLines(std::move(EditLines)) {}

  bool BeginSourceFileAction(CompilerInstance &CI) override {
    CI.getFrontendOpts().SkipFunctionBodies = true;
    SM = &CI.getSourceManager();
    for (const auto &[Path, Line] : EditLines)
      if (OptionalFileEntryRef FE =
              CI.getFileManager().getOptionalFileRef(Path))
        Edited[&FE->getFileEntry()] = Line;
    CI.getPreprocessor().addPPCallbacks(std::make_unique<Entries>(*this));
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<Consumer>(*this);
  }

private:
  // Where each edited file is entered, its first edited line is an edit
  // point of the TU.
  struct Entries : PPCallbacks {
    explicit Entries(VerifyAction &A) : A(A) {}
    void FileChanged(SourceLocation Loc, FileChangeReason Reason,
                     SrcMgr::CharacteristicKind, FileID) override {
      if (Reason != EnterFile)
        return;
      FileID FID = A.SM->getFileID(Loc);
      if (OptionalFileEntryRef FE = A.SM->getFileEntryRefForID(FID))
        if (auto It = A.Edited.find(&FE->getFileEntry()); It != A.Edited.end())
          A.EditPoints.push_back(A.SM->translateLineCol(FID, It->second, 1));
    }
    VerifyAction &A;
  };

  struct Consumer : ASTConsumer {
    explicit Consumer(VerifyAction &A) : A(A) {}
    bool shouldSkipFunctionBody(Decl *D) override { return A.skip(D); }
    VerifyAction &A;
  };

  bool skip(const Decl *D) {
    const FunctionDecl *F = D->getAsFunction();
    if (!F || F->isTemplated() || D->isTemplated())
      return false;
    SourceLocation Loc = SM->getExpansionLoc(D->getLocation());
    if (SM->isInSystemHeader(Loc))
      return true;
    // Bodies are parsed in the order of the TU (a class's inline members
    // at its end, still before what follows it), so once one is past an
    // edit point every later one is.
    Past = Past || llvm::any_of(EditPoints, [&](SourceLocation P) {
             return !SM->isBeforeInTranslationUnit(Loc, P);
           });
    return !Past;
  }

  std::map<std::string, unsigned> EditLines;
  llvm::DenseMap<const FileEntry *, unsigned> Edited;
  std::vector<SourceLocation> EditPoints;
  SourceManager *SM = nullptr;
  bool Past = false;
};

// A TU to parse with the edits of the files it reads.
struct TUWork {
  const CompileCommand *Command = nullptr;
  std::vector<size_t> Edits;
};

class Verifier {
public:
  Verifier(const std::vector<CompileCommand> &Commands, StringRef Root,
           const facts::FactSet &Facts, const std::vector<IncludeEdit> &Edits,
           const VerifyOptions &Options)
      : Commands(Commands), Root(Root), Facts(Facts), Edits(Edits),
        Options(Options), Result{std::vector<EditVerdict>(Edits.size()), 0, 0} {
    // Files are read and stat'ed once for all parses, as in extraction.
    Parse.Files = SharedFiles.get();
  }

  VerifyResult run() {
    std::vector<TUWork> Work = plan();
    Result.TUs = Work.size();
    {
      DefaultThreadPool Pool(hardware_concurrency(Options.Jobs));
      for (const TUWork &W : Work)
        Pool.async([&] { bisect(*W.Command, W.Edits); });
      Pool.wait();
    }
    for (size_t I = 0; I < Edits.size(); ++I)
      Result.Edits[I].Kept = Result.Edits[I].Reason.empty();
    return std::move(Result);
  }

private:
  // The TUs to parse, each with the edits of the files it reads. Edits no
  // TU can check are rejected here.
  std::vector<TUWork> plan() {
    std::map<std::string, StringSet<>> Read = filesRead(Facts);
    std::map<std::string, const facts::TUFact *> TUs;
    for (const facts::TUFact &TU : Facts.TUs)
      TUs[TU.File.str()] = &TU;
    std::vector<TUWork> Work;
    std::vector<bool> Checked(Edits.size(), false);
    std::vector<unsigned> Readers(Edits.size(), 0);
    for (const CompileCommand &C : Commands)
      if (auto R = Read.find(relativeTo(C.File, Root)); R != Read.end())
        for (size_t I = 0; I < Edits.size(); ++I)
          Readers[I] += R->second.contains(Edits[I].File);
    for (size_t I = 0; I < Edits.size(); ++I)
      if (Options.MaxTUs && Readers[I] > Options.MaxTUs) {
        Result.Edits[I].Unchecked = true;
        reject(I, std::to_string(Readers[I]) + " translation units read " +
                      Edits[I].File + ", more than are checked");
        Checked[I] = true;
      }
    for (const CompileCommand &C : Commands) {
      std::string Main = relativeTo(C.File, Root);
      auto R = Read.find(Main);
      if (R == Read.end())
        continue;
      std::vector<size_t> Mine;
      for (size_t I = 0; I < Edits.size(); ++I)
        if (R->second.contains(Edits[I].File) && !Result.Edits[I].Unchecked)
          Mine.push_back(I);
      if (Mine.empty())
        continue;
      const facts::TUFact *TU = TUs[Main];
      if (TU && TU->Status != facts::TUStatus::Ok) {
        for (size_t I : Mine)
          reject(I, Main + ": it does not parse without the edit either");
        continue;
      }
      for (size_t I : Mine)
        Checked[I] = true;
      Work.push_back({&C, std::move(Mine)});
    }
    for (size_t I = 0; I < Edits.size(); ++I)
      if (!Checked[I])
        reject(I, "no translation unit reads " + Edits[I].File);
    return Work;
  }

  void reject(size_t I, std::string Why) {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (Result.Edits[I].Reason.empty())
      Result.Edits[I].Reason = std::move(Why);
  }

  // Parses \p Command with \p Group applied; on failure, halves the group
  // until the edits that break it are found alone. Edits another TU has
  // already rejected are left out.
  void bisect(const CompileCommand &Command, std::vector<size_t> Group) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      llvm::erase_if(Group,
                     [&](size_t I) { return !Result.Edits[I].Reason.empty(); });
    }
    if (Group.empty())
      return;
    std::string Error = parse(Command, Group);
    if (Error.empty())
      return;
    if (Group.size() == 1) {
      reject(Group.front(), relativeTo(Command.File, Root) + ": " + Error);
      return;
    }
    size_t Half = Group.size() / 2;
    bisect(Command, std::vector<size_t>(Group.begin(), Group.begin() + Half));
    bisect(Command, std::vector<size_t>(Group.begin() + Half, Group.end()));
  }

  // The first error of a syntax-only parse of \p Command with \p Group's
  // edits in memory; empty when it parses cleanly.
  std::string parse(const CompileCommand &Command, ArrayRef<size_t> Group) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      ++Result.Parses;
    }
    std::map<std::string, std::vector<const IncludeEdit *>> ByFile;
    for (size_t I : Group)
      ByFile[Edits[I].File].push_back(&Edits[I]);
    auto Memory = makeIntrusiveRefCnt<vfs::InMemoryFileSystem>();
    std::map<std::string, unsigned> EditLines;
    for (const auto &[File, FileEdits] : ByFile) {
      std::string Path = normalizePath(File, Root);
      unsigned &First = EditLines[Path];
      First = ~0u;
      for (const IncludeEdit *E : FileEdits)
        First = std::min(First, E->Line);
      ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
          MemoryBuffer::getFile(Path, /*IsText=*/true);
      if (!Text)
        return "cannot read " + File + ": " + Text.getError().message();
      Memory->addFile(Path, 0,
                      MemoryBuffer::getMemBufferCopy(
                          applyEdits((*Text)->getBuffer(), FileEdits), Path));
    }
    IntrusiveRefCntPtr<FileManager> Files =
        filesFor(Command, Parse, nullptr, std::move(Memory));
    FirstErrorConsumer Diags(Root, Command.Directory);
    bool Ok = false;
    CrashRecoveryContext CRC;
    bool Survived = CRC.RunSafely([&] {
      // Without carets Clang does not print "N errors generated.": the
      // reason goes to the verdict instead.
      ScrubbedAction Action(std::make_unique<VerifyAction>(EditLines),
                            [&](CompilerInvocation &Inv) {
                              Inv.getDiagnosticOpts().ShowCarets = false;
                              // The first error decides; Clang stops there.
                              Inv.getDiagnosticOpts().ErrorLimit = 1;
                            });
      tooling::ToolInvocation Invocation(
          adjustCommandLine(Command.Arguments, Options.Arguments), &Action,
          Files.get(), std::make_shared<PCHContainerOperations>());
      Invocation.setDiagnosticConsumer(&Diags);
      Ok = Invocation.run();
    });
    if (!Survived)
      return "clang crashed";
    if (Ok && Diags.getNumErrors() == 0)
      return "";
    return Diags.First.empty() ? "error: parsing failed" : Diags.First;
  }

  const std::vector<CompileCommand> &Commands;
  std::string Root;
  const facts::FactSet &Facts;
  const std::vector<IncludeEdit> &Edits;
  const VerifyOptions &Options;
  std::shared_ptr<SharedFileCache> SharedFiles = makeSharedFileCache();
  ParseOptions Parse;
  VerifyResult Result;
  std::mutex Mutex;
};

} // namespace

VerifyResult verifyEdits(const std::vector<CompileCommand> &Commands,
                         StringRef Root, const facts::FactSet &Facts,
                         const std::vector<IncludeEdit> &Edits,
                         const VerifyOptions &Options) {
  return Verifier(Commands, Root, Facts, Edits, Options).run();
}

} // namespace strata::extract
