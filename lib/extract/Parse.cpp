//===- Parse.cpp - One Clang parse of a TU into facts ---------------------===//
#include "Parse.h"

#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/PCHContainerOperations.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/DependencyScanning/DependencyScanningFilesystem.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/VirtualFileSystem.h"

using namespace clang;
using namespace llvm;

namespace strata::extract {

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

namespace {

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
} // namespace

// Layered as Parse.h says: scanning cache, precompiled header, edits.
IntrusiveRefCntPtr<FileManager>
filesFor(const CompileCommand &Command, const ParseOptions &Parse,
         const PrefixPch *Pch, IntrusiveRefCntPtr<vfs::FileSystem> Edited) {
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
  if (Edited) {
    auto Overlay = makeIntrusiveRefCnt<vfs::OverlayFileSystem>(std::move(FS));
    Overlay->pushOverlay(std::move(Edited));
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
  IntrusiveRefCntPtr<vfs::InMemoryFileSystem> Contents;
  if (Parse.Contents && !Parse.Contents->empty()) {
    Contents = makeIntrusiveRefCnt<vfs::InMemoryFileSystem>();
    for (const auto &[Path, Text] : *Parse.Contents)
      // The caller keeps the texts for the parse: no copy a TU.
      Contents->addFile(Path, 0, MemoryBuffer::getMemBuffer(Text, Path));
  }
  IntrusiveRefCntPtr<FileManager> Files =
      filesFor(Command, Parse, Hooks.Pch, Contents);
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

} // namespace strata::extract
