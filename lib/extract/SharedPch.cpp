//===- SharedPch.cpp - Precompiled headers that groups of TUs share -------===//
#include "Parse.h"

#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/PCHContainerOperations.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Signals.h"

using namespace clang;
using namespace llvm;

namespace strata::extract {

namespace {

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

} // namespace

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

} // namespace strata::extract
