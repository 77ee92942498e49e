//===- FactCollector.cpp - Facts of one translation unit ------------------===//
//
// Two sources feed the collector: preprocessor callbacks (includes, macro
// uses) and an AST walker in the style of include-cleaner's WalkAST, which
// reports (location, declaration, kind) for each use written in a project
// file. Declarations inside system headers are never walked.
//
//===----------------------------------------------------------------------===//
#include "FactCollector.h"

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

const FactCollector::FileInfo *FactCollector::fileOf(SourceLocation Loc) {
  FileID FID = SM->getFileID(Loc);
  if (FID.isInvalid())
    return nullptr;
  auto Cached = ByFileID.find(FID);
  if (Cached != ByFileID.end())
    return Cached->second;

  FileInfo *Result = nullptr;
  if (OptionalFileEntryRef FE = SM->getFileEntryRefForID(FID)) {
    std::string Abs =
        absolutePath(FE->getName(), FE->getFileEntry().tryGetRealPathName());
    auto [It, Inserted] = ByPath.try_emplace(Abs);
    FileInfo &Info = It->second;
    if (Inserted) {
      bool System = SrcMgr::isSystem(SM->getFileCharacteristic(Loc));
      Info.Project = !System && isUnder(Abs, Root);
      Info.Path = Info.Project ? relativeTo(Abs, Root) : Abs;
      if (Info.Project) {
        facts::FileFact F;
        F.Path = Info.Path;
        StringRef Content = SM->getBufferData(FID);
        F.Hash = contentHash(Content);
        Info.Hash = F.Hash;
        // A header's facts are the same in every TU that reads the same
        // content; the first TU to meet it records them, the others skip
        // them (bodies included). Merging restores the union.
        if (Bodies.Claims && FID != SM->getMainFileID()) {
          std::string Key = Info.Path + '\n' + Info.Hash;
          Info.Records = Bodies.Claims->claim(Key);
          (Info.Records ? Owned : Skipped).push_back(std::move(Key));
        }
        Facts.Files.push_back(std::move(F));
        Listed.insert(Info.Path);
      }
    }
    Result = &Info;
  }
  ByFileID[FID] = Result;
  return Result;
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
  fileOf(FileLoc);
  auto It = ByFileID.find(FID);
  FileInfo *F = It == ByFileID.end() ? nullptr : It->second;
  if (!F || !F->Project)
    return Bodies.SkipExternal;
  return !F->Records;
}

bool FactCollector::records(SourceLocation Loc) {
  if (!inProject(Loc))
    return false;
  return fileOf(SM->getFileLoc(Loc))->Records;
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

//===----------------------------------------------------------------------===//
// Names and scopes
//===----------------------------------------------------------------------===//

// The qualified name without template arguments or inline namespaces, so
// that every instantiation of Vec<T> and std::__cxx11::string name one
// entity each.
std::string qualifiedName(const NamedDecl *D) {
  SmallVector<std::string, 8> Parts;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline())
        continue;
      Parts.push_back(NS->isAnonymousNamespace() ? "(anonymous namespace)"
                                                 : NS->getNameAsString());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Parts.push_back(RD->getIdentifier() ? RD->getNameAsString()
                                          : "(anonymous)");
    } else if (const auto *ND = dyn_cast<NamedDecl>(DC)) {
      Parts.push_back(ND->getNameAsString());
    }
  }
  std::string Name;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It)
    Name += *It + "::";
  if (const auto *NS = dyn_cast<NamespaceDecl>(D);
      NS && NS->isAnonymousNamespace())
    return Name + "(anonymous namespace)";
  if (D->getDeclName().isEmpty())
    return Name + "(anonymous)";
  return Name + D->getNameAsString();
}

bool isLambda(const DeclContext *DC) {
  const auto *RD = dyn_cast<CXXRecordDecl>(DC);
  return RD && RD->isLambda();
}

// The innermost class (not a lambda) that is \p D or encloses it.
const RecordDecl *enclosingClass(const Decl *D) {
  if (const auto *RD = dyn_cast<RecordDecl>(D); RD && !isLambda(RD))
    return RD;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *RD = dyn_cast<RecordDecl>(DC); RD && !isLambda(RD))
      return RD;
  return nullptr;
}

const NamespaceDecl *enclosingNamespace(const Decl *D) {
  if (const auto *NS = dyn_cast<NamespaceDecl>(D); NS && !NS->isInline())
    return NS;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC); NS && !NS->isInline())
      return NS;
  return nullptr;
}

std::string nameOr(const NamedDecl *D) {
  return D ? qualifiedName(D) : std::string();
}

std::optional<EntityKind> entityKind(const NamedDecl *D) {
  if (isa<NamespaceDecl>(D))
    return EntityKind::Namespace;
  if (const auto *TD = dyn_cast<TagDecl>(D)) {
    switch (TD->getTagKind()) {
    case TagTypeKind::Struct:
    case TagTypeKind::Interface:
      return EntityKind::Struct;
    case TagTypeKind::Union:
      return EntityKind::Union;
    case TagTypeKind::Class:
      return EntityKind::Class;
    case TagTypeKind::Enum:
      return EntityKind::Enum;
    }
  }
  if (isa<EnumConstantDecl>(D))
    return EntityKind::Enumerator;
  if (isa<CXXConstructorDecl>(D))
    return EntityKind::Constructor;
  if (isa<CXXDestructorDecl>(D))
    return EntityKind::Destructor;
  if (isa<CXXMethodDecl>(D))
    return EntityKind::Method;
  if (isa<FunctionDecl>(D))
    return EntityKind::Function;
  if (isa<FieldDecl>(D))
    return EntityKind::Field;
  if (isa<VarDecl>(D))
    return EntityKind::Variable;
  if (isa<TypedefNameDecl>(D))
    return EntityKind::Typedef;
  if (isa<ConceptDecl>(D))
    return EntityKind::Concept;
  return std::nullopt;
}

// The declaration a user of \p D must see. For classes and enums that is the
// definition when the TU has one (a forward declaration does not let you
// call, derive or embed); for everything else the first declaration, which
// is the one in the header. Members and specializations of templates map to
// the template's own declaration.
const NamedDecl *targetDecl(const NamedDecl *D) {
  if (const auto *USD = dyn_cast<UsingShadowDecl>(D))
    D = USD->getTargetDecl();
  if (const auto *TD = dyn_cast<TemplateDecl>(D))
    if (const NamedDecl *Templated = TD->getTemplatedDecl())
      D = Templated;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(D);
      Spec && !Spec->isExplicitSpecialization() &&
      !isa<ClassTemplatePartialSpecializationDecl>(Spec)) {
    auto Pattern = Spec->getSpecializedTemplateOrPartial();
    if (auto *CTD = Pattern.dyn_cast<ClassTemplateDecl *>())
      D = CTD->getTemplatedDecl();
    else if (auto *Partial =
                 Pattern.dyn_cast<ClassTemplatePartialSpecializationDecl *>())
      D = Partial;
  }
  if (const auto *RD = dyn_cast<CXXRecordDecl>(D))
    if (const CXXRecordDecl *Pattern = RD->getTemplateInstantiationPattern())
      D = Pattern;
  if (const auto *FD = dyn_cast<FunctionDecl>(D))
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
      D = Pattern;
  if (const auto *VD = dyn_cast<VarDecl>(D))
    if (const VarDecl *Pattern = VD->getTemplateInstantiationPattern())
      D = Pattern;
  if (const auto *TD = dyn_cast<TagDecl>(D)) {
    if (const TagDecl *Def = TD->getDefinition())
      return Def;
    return cast<NamedDecl>(TD->getCanonicalDecl());
  }
  return cast<NamedDecl>(D->getCanonicalDecl());
}

// Entities that cannot be a dependency between files or classes: locals,
// parameters, template parameters.
bool isLocal(const NamedDecl *D) {
  if (isa<TemplateTypeParmDecl, NonTypeTemplateParmDecl,
          TemplateTemplateParmDecl, ParmVarDecl, BindingDecl>(D))
    return true;
  if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->isLocalVarDeclOrParm())
    return true;
  return D->getParentFunctionOrMethod() != nullptr;
}

//===----------------------------------------------------------------------===//
// Recording
//===----------------------------------------------------------------------===//

class Recorder {
public:
  explicit Recorder(FactCollector &C) : C(C), SM(C.sourceManager()) {}

  // \p Context is the innermost enclosing entity of the use (may be null).
  void use(SourceLocation Loc, const NamedDecl *Target, UseKind Kind,
           const NamedDecl *Context) {
    if (!Target || Loc.isInvalid() || isLocal(Target) ||
        isa<NamespaceDecl, NamespaceAliasDecl>(Target))
      return;
    SourceLocation FileLoc = SM.getFileLoc(Loc);
    if (!C.records(FileLoc))
      return;
    const NamedDecl *T = targetDecl(Target);
    std::optional<EntityKind> TK = entityKind(T);
    if (!TK)
      return;
    SourceLocation TargetLoc = SM.getFileLoc(T->getLocation());
    if (TargetLoc.isInvalid())
      return;
    const FactCollector::FileInfo *TargetFile = C.fileOf(TargetLoc);
    if (!TargetFile) // built-in declarations have no file
      return;
    const FactCollector::FileInfo *From = C.fileOf(FileLoc);
    C.noteTarget(*TargetFile);

    facts::UseFact U;
    U.File = From->Path;
    U.Line = SM.getSpellingLineNumber(FileLoc);
    U.Column = SM.getSpellingColumnNumber(FileLoc);
    U.Kind = Kind;
    if (Context) {
      U.Context = qualifiedName(Context);
      U.FromClass = nameOr(enclosingClass(Context));
      U.FromNamespace = nameOr(enclosingNamespace(Context));
    }
    U.Target = qualifiedName(T);
    U.TargetKind = *TK;
    U.TargetFile = TargetFile->Path;
    U.TargetLine = SM.getSpellingLineNumber(TargetLoc);
    U.ToClass = nameOr(enclosingClass(T));
    U.ToNamespace = nameOr(enclosingNamespace(T));
    U.External = !TargetFile->Project;
    C.facts().Uses.push_back(std::move(U));
  }

  void macroUse(SourceLocation Loc, const Token &Name, const MacroInfo *MI) {
    // Include mode records the include graph only.
    if (!MI || Loc.isInvalid() || C.mode() == ExtractMode::Includes)
      return;
    // A macro named inside another macro's body is that macro's dependency,
    // not the expanding file's; one named in a macro argument was written
    // by the user.
    if (Loc.isMacroID()) {
      if (!SM.isMacroArgExpansion(Loc))
        return;
      Loc = SM.getSpellingLoc(Loc);
      if (!Loc.isFileID())
        return;
    }
    if (!C.records(Loc))
      return;
    SourceLocation DefLoc = MI->getDefinitionLoc();
    if (DefLoc.isInvalid())
      return;
    const FactCollector::FileInfo *Def = C.fileOf(SM.getFileLoc(DefLoc));
    if (!Def) // predefined or command-line macro
      return;
    C.noteTarget(*Def);
    facts::UseFact U;
    U.File = C.fileOf(Loc)->Path;
    U.Line = SM.getSpellingLineNumber(Loc);
    U.Column = SM.getSpellingColumnNumber(Loc);
    U.Kind = UseKind::Macro;
    U.Target = Name.getIdentifierInfo()->getName().str();
    U.TargetKind = EntityKind::Macro;
    U.TargetFile = Def->Path;
    U.TargetLine = SM.getSpellingLineNumber(DefLoc);
    U.External = !Def->Project;
    C.facts().Uses.push_back(std::move(U));
  }

  void entity(const NamedDecl *D, bool Definition, bool Abstract) {
    std::optional<EntityKind> K = entityKind(D);
    SourceLocation Loc = SM.getFileLoc(D->getLocation());
    if (!K || !C.records(Loc))
      return;
    facts::EntityFact E;
    E.Name = qualifiedName(D);
    E.Kind = *K;
    E.File = C.fileOf(Loc)->Path;
    E.Line = SM.getSpellingLineNumber(Loc);
    E.Column = SM.getSpellingColumnNumber(Loc);
    for (const DeclContext *DC = D->getDeclContext(); DC;
         DC = DC->getParent()) {
      if (isa<NamespaceDecl, RecordDecl, EnumDecl>(DC) && !isLambda(DC) &&
          !(isa<NamespaceDecl>(DC) && cast<NamespaceDecl>(DC)->isInline())) {
        E.Parent = qualifiedName(cast<NamedDecl>(DC));
        break;
      }
    }
    E.Definition = Definition;
    E.Abstract = Abstract;
    C.facts().Entities.push_back(std::move(E));
  }

private:
  FactCollector &C;
  SourceManager &SM;
};

//===----------------------------------------------------------------------===//
// Preprocessor
//===----------------------------------------------------------------------===//

class IncludeRecorder : public PPCallbacks {
public:
  IncludeRecorder(FactCollector &C, Recorder &R)
      : C(C), R(R), SM(C.sourceManager()) {}

  void InclusionDirective(SourceLocation HashLoc, const Token &IncludeTok,
                          StringRef FileName, bool IsAngled,
                          CharSourceRange FilenameRange,
                          OptionalFileEntryRef File, StringRef SearchPath,
                          StringRef RelativePath, const Module *SuggestedModule,
                          bool ModuleImported,
                          SrcMgr::CharacteristicKind FileType) override {
    if (!C.records(HashLoc))
      return;
    SourceLocation NameLoc = SM.getFileLoc(FilenameRange.getBegin());
    facts::IncludeFact I;
    I.File = C.fileOf(SM.getFileLoc(HashLoc))->Path;
    I.Line = SM.getSpellingLineNumber(HashLoc);
    I.Column = SM.getSpellingColumnNumber(NameLoc);
    I.Spelled = FileName.str();
    I.Angled = IsAngled;
    I.System = SrcMgr::isSystem(FileType);
    if (File) {
      std::string Abs = C.absolutePath(
          File->getName(), File->getFileEntry().tryGetRealPathName());
      bool Project = !I.System && isUnder(Abs, Root());
      I.Target = Project ? relativeTo(Abs, Root()) : Abs;
      I.External = !Project;
    }
    C.facts().Includes.push_back(std::move(I));
  }

  void MacroExpands(const Token &Name, const MacroDefinition &MD,
                    SourceRange Range, const MacroArgs *Args) override {
    R.macroUse(Name.getLocation(), Name, MD.getMacroInfo());
  }
  void Defined(const Token &Name, const MacroDefinition &MD,
               SourceRange Range) override {
    R.macroUse(Name.getLocation(), Name, MD.getMacroInfo());
  }
  void Ifdef(SourceLocation Loc, const Token &Name,
             const MacroDefinition &MD) override {
    R.macroUse(Name.getLocation(), Name, MD.getMacroInfo());
  }
  void Ifndef(SourceLocation Loc, const Token &Name,
              const MacroDefinition &MD) override {
    R.macroUse(Name.getLocation(), Name, MD.getMacroInfo());
  }
  void Elifdef(SourceLocation Loc, const Token &Name,
               const MacroDefinition &MD) override {
    R.macroUse(Name.getLocation(), Name, MD.getMacroInfo());
  }
  void Elifndef(SourceLocation Loc, const Token &Name,
                const MacroDefinition &MD) override {
    R.macroUse(Name.getLocation(), Name, MD.getMacroInfo());
  }

private:
  StringRef Root() const { return C.facts().Root; }
  FactCollector &C;
  Recorder &R;
  SourceManager &SM;
};

//===----------------------------------------------------------------------===//
// Leading includes
//===----------------------------------------------------------------------===//

// Follows the TU from its first line and records the external headers it
// includes before any project file has said anything but #include <...>,
// an include guard or `#pragma once`. It stops for good at the first other
// thing a project file says: a token, a macro, a conditional, a pragma, a
// quoted external include. Events inside external files are not looked at.
//
// The same recording runs in the pre-scan (no precompiled header) and in the
// parse on top of one; a parse whose recording does not begin with the
// precompiled headers is thrown away (SharedPch.cpp). Macros are the only way
// the two can differ, and they can only show here: as an #ifndef that finds
// its guard already defined.
class LeadingTracker : public PPCallbacks {
public:
  LeadingTracker(FactCollector &C, Preprocessor &PP, LeadingIncludes &Out)
      : C(C), PP(PP), SM(C.sourceManager()), Out(Out) {}

  void InclusionDirective(SourceLocation HashLoc, const Token &IncludeTok,
                          StringRef FileName, bool IsAngled,
                          CharSourceRange FilenameRange,
                          OptionalFileEntryRef File, StringRef SearchPath,
                          StringRef RelativePath, const Module *SuggestedModule,
                          bool ModuleImported,
                          SrcMgr::CharacteristicKind FileType) override {
    if (!inLeadingProjectCode(HashLoc))
      return;
    if (!File ||
        IncludeTok.getIdentifierInfo()->getPPKeywordID() != tok::pp_include)
      return stop();
    std::string Abs = C.absolutePath(File->getName(),
                                     File->getFileEntry().tryGetRealPathName());
    if (!SrcMgr::isSystem(FileType) && isUnder(Abs, C.facts().Root))
      return; // a project header: followed
    if (!IsAngled)
      return stop();
    if (!Seen.insert(Abs).second) {
      // Again: a no-op only when the header guards itself.
      if (!PP.getHeaderSearchInfo().isFileMultipleIncludeGuarded(*File))
        stop();
      return;
    }
    Out.Spelled.push_back(FileName.str());
    Out.Paths.push_back(std::move(Abs));
  }

  void FileChanged(SourceLocation Loc, FileChangeReason Reason,
                   SrcMgr::CharacteristicKind FileType,
                   FileID PrevFID) override {
    if (Done)
      return;
    if (Reason == RenameFile && inProjectFile(Loc))
      return stop();
    // Leaving a project file that had code in it: that code came first.
    if (Reason == ExitFile && PrevFID.isValid() &&
        inProjectFile(SM.getLocForStartOfFile(PrevFID)) &&
        firstToken(PrevFID) != NoToken)
      stop();
  }

  void Ifndef(SourceLocation Loc, const Token &Name,
              const MacroDefinition &MD) override {
    if (!inLeadingProjectCode(Loc))
      return;
    if (MD)
      return stop();
    PendingGuard = Name.getIdentifierInfo()->getName().str();
  }
  void MacroDefined(const Token &Name, const MacroDirective *MD) override {
    SourceLocation Loc = Name.getLocation();
    if (!inLeadingProjectCode(Loc, /*GuardDefine=*/true))
      return;
    const MacroInfo *MI = MD->getMacroInfo();
    if (PendingGuard != Name.getIdentifierInfo()->getName() ||
        MI->getNumTokens() != 0 || MI->isFunctionLike())
      return stop();
    PendingGuard.clear();
  }
  void Endif(SourceLocation Loc, SourceLocation IfLoc) override {
    inLeadingProjectCode(Loc); // closes a guard: every other #if stopped
  }
  void PragmaDirective(SourceLocation Loc,
                       PragmaIntroducerKind Introducer) override {
    if (!inLeadingProjectCode(Loc))
      return;
    StringRef Text = SM.getCharacterData(Loc);
    Text = Text.substr(0, Text.find('\n'));
    SmallVector<StringRef, 4> Words;
    Text.ltrim('#').split(Words, ' ', -1, /*KeepEmpty=*/false);
    if (Introducer != PIK_HashPragma || Words.size() != 2 ||
        Words[0] != "pragma" || Words[1].rtrim() != "once")
      stop();
  }

  // Anything else a project file says ends the leading includes.
  void MacroExpands(const Token &Name, const MacroDefinition &, SourceRange,
                    const MacroArgs *) override {
    refuse(Name.getLocation());
  }
  void MacroUndefined(const Token &Name, const MacroDefinition &,
                      const MacroDirective *) override {
    refuse(Name.getLocation());
  }
  void If(SourceLocation Loc, SourceRange, ConditionValueKind) override {
    refuse(Loc);
  }
  void Elif(SourceLocation Loc, SourceRange, ConditionValueKind,
            SourceLocation) override {
    refuse(Loc);
  }
  void Ifdef(SourceLocation Loc, const Token &,
             const MacroDefinition &) override {
    refuse(Loc);
  }
  void Elifdef(SourceLocation Loc, const Token &,
               const MacroDefinition &) override {
    refuse(Loc);
  }
  void Elifndef(SourceLocation Loc, const Token &,
                const MacroDefinition &) override {
    refuse(Loc);
  }
  void Else(SourceLocation Loc, SourceLocation) override { refuse(Loc); }
  void Ident(SourceLocation Loc, StringRef) override { refuse(Loc); }
  void EndOfMainFile() override { Done = true; }

private:
  static constexpr unsigned NoToken = ~0u;

  void stop() { Done = true; }
  void refuse(SourceLocation Loc) {
    if (!Done && inProjectFile(Loc))
      stop();
  }

  bool inProjectFile(SourceLocation Loc) {
    if (Loc.isInvalid())
      return false;
    const FactCollector::FileInfo *F = C.fileOf(SM.getFileLoc(Loc));
    return F && F->Project;
  }

  // True for a directive of a project file while the TU is still in its
  // leading includes; ends them when the directive comes after code.
  bool inLeadingProjectCode(SourceLocation Loc, bool GuardDefine = false) {
    if (Done || !inProjectFile(Loc))
      return false;
    if (!PendingGuard.empty() && !GuardDefine) {
      stop();
      return false;
    }
    auto [FID, Offset] = SM.getDecomposedLoc(SM.getFileLoc(Loc));
    if (Offset > firstToken(FID)) {
      stop();
      return false;
    }
    return true;
  }

  // The offset of the first token of a file that is not part of a
  // directive, NoToken when there is none.
  unsigned firstToken(FileID FID) {
    auto [It, Inserted] = FirstTokens.try_emplace(FID, NoToken);
    if (!Inserted)
      return It->second;
    StringRef Buffer = SM.getBufferData(FID);
    const SourceLocation::UIntTy Start = 1;
    Lexer L(SourceLocation::getFromRawEncoding(Start), PP.getLangOpts(),
            Buffer.begin(), Buffer.begin(), Buffer.end());
    Token T;
    bool InDirective = false;
    while (true) {
      L.LexFromRawLexer(T);
      if (T.is(tok::eof))
        break;
      if (InDirective && !T.isAtStartOfLine())
        continue;
      InDirective = T.isAtStartOfLine() && T.is(tok::hash);
      if (!InDirective) {
        It->second = T.getLocation().getRawEncoding() - Start;
        break;
      }
    }
    return It->second;
  }

  FactCollector &C;
  Preprocessor &PP;
  SourceManager &SM;
  LeadingIncludes &Out;
  bool Done = false;
  std::string PendingGuard;
  StringSet<> Seen;
  DenseMap<FileID, unsigned> FirstTokens;
};

//===----------------------------------------------------------------------===//
// AST
//===----------------------------------------------------------------------===//

class Walker : public RecursiveASTVisitor<Walker> {
  using Base = RecursiveASTVisitor<Walker>;

public:
  Walker(FactCollector &C, Recorder &R) : C(C), R(R) {}

  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }

  // Sets the kind that written types get while it lives.
  struct RoleScope {
    RoleScope(Walker &W, UseKind K) : W(W), Saved(W.Role) { W.Role = K; }
    ~RoleScope() { W.Role = Saved; }
    Walker &W;
    UseKind Saved;
  };

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    // Declarations from a precompiled header are all outside the project:
    // they are not loaded just to be passed over.
    if (auto *TU = dyn_cast<TranslationUnitDecl>(D)) {
      for (Decl *Child : TU->noload_decls())
        if (!isa<BlockDecl, CapturedDecl>(Child) &&
            !(isa<CXXRecordDecl>(Child) &&
              cast<CXXRecordDecl>(Child)->isLambda()))
          if (!TraverseDecl(Child))
            return false;
      return true;
    }
    // Nothing inside system headers or outside the root is walked: their
    // facts are not wanted and skipping them is most of the speed.
    // Nor is a header whose facts another TU records.
    if (D->getLocation().isValid() && !C.records(D->getLocation()))
      return true;
    const NamedDecl *Saved = Context;
    if (const auto *ND = dyn_cast<NamedDecl>(D);
        ND && isa<NamespaceDecl, TagDecl, FunctionDecl, FieldDecl,
                  TypedefNameDecl, ConceptDecl>(ND))
      Context = ND;
    else if (const auto *VD = dyn_cast<VarDecl>(D);
             VD && !VD->isLocalVarDeclOrParm())
      Context = VD;
    bool Result = Base::TraverseDecl(D);
    Context = Saved;
    return Result;
  }

  // Inside expressions, written types are plain type uses unless an
  // expression below says otherwise.
  bool TraverseStmt(Stmt *S, DataRecursionQueue *Queue = nullptr) {
    if (!S)
      return true;
    RoleScope Scope(*this, UseKind::TypeUse);
    return Base::TraverseStmt(S, Queue);
  }

  bool TraverseCXXBaseSpecifier(const CXXBaseSpecifier &B) {
    RoleScope Scope(*this, UseKind::Base);
    return Base::TraverseCXXBaseSpecifier(B);
  }
  bool TraverseFieldDecl(FieldDecl *D) {
    RoleScope Scope(*this, UseKind::Field);
    return Base::TraverseFieldDecl(D);
  }
  bool TraverseVarDecl(VarDecl *D) {
    RoleScope Scope(*this, D->isExceptionVariable() ? UseKind::Exception
                                                    : UseKind::Variable);
    return Base::TraverseVarDecl(D);
  }
  bool TraverseParmVarDecl(ParmVarDecl *D) {
    RoleScope Scope(*this, UseKind::Param);
    return Base::TraverseParmVarDecl(D);
  }
  bool TraverseTypedefDecl(TypedefDecl *D) {
    RoleScope Scope(*this, UseKind::Typedef);
    return Base::TraverseTypedefDecl(D);
  }
  bool TraverseTypeAliasDecl(TypeAliasDecl *D) {
    RoleScope Scope(*this, UseKind::Typedef);
    return Base::TraverseTypeAliasDecl(D);
  }
  bool TraverseFriendDecl(FriendDecl *D) {
    RoleScope Scope(*this, UseKind::Friend);
    if (NamedDecl *Friend = D->getFriendDecl())
      R.use(D->getLocation(), Friend, UseKind::Friend, Context);
    return Base::TraverseFriendDecl(D);
  }

  bool TraverseFunctionProtoTypeLoc(FunctionProtoTypeLoc TL) {
    {
      RoleScope Scope(*this, UseKind::Return);
      if (!TraverseTypeLoc(TL.getReturnLoc()))
        return false;
    }
    const FunctionProtoType *T = TL.getTypePtr();
    for (unsigned I = 0, E = TL.getNumParams(); I != E; ++I) {
      if (ParmVarDecl *P = TL.getParam(I)) {
        if (!TraverseDecl(P))
          return false;
      } else if (I < T->getNumParams()) {
        RoleScope Scope(*this, UseKind::Param);
        if (!TraverseType(T->getParamType(I)))
          return false;
      }
    }
    RoleScope Scope(*this, UseKind::Exception);
    for (const QualType &E : T->exceptions())
      if (!TraverseType(E))
        return false;
    if (Expr *NE = T->getNoexceptExpr())
      return TraverseStmt(NE);
    return true;
  }

  bool TraverseTemplateArgumentLoc(const TemplateArgumentLoc &AL) {
    RoleScope Scope(*this, UseKind::TemplateArg);
    const TemplateArgument &Arg = AL.getArgument();
    switch (Arg.getKind()) {
    case TemplateArgument::Template:
    case TemplateArgument::TemplateExpansion:
      if (TemplateDecl *TD =
              Arg.getAsTemplateOrTemplatePattern().getAsTemplateDecl())
        R.use(AL.getTemplateNameLoc(), TD, UseKind::TemplateArg, Context);
      break;
    case TemplateArgument::Expression:
      if (auto *DRE = dyn_cast<DeclRefExpr>(
              AL.getSourceExpression()->IgnoreParenImpCasts())) {
        R.use(DRE->getLocation(), DRE->getDecl(), UseKind::TemplateArg,
              Context);
        Handled.insert(DRE);
      }
      break;
    default:
      break;
    }
    return Base::TraverseTemplateArgumentLoc(AL);
  }

  bool TraverseCXXNewExpr(CXXNewExpr *E) {
    {
      RoleScope Scope(*this, UseKind::New);
      if (TypeSourceInfo *TSI = E->getAllocatedTypeSourceInfo())
        if (!TraverseTypeLoc(TSI->getTypeLoc()))
          return false;
    }
    for (Stmt *Child : E->children())
      if (!TraverseStmt(Child))
        return false;
    return true;
  }

  bool TraverseConceptReference(ConceptReference *CR) {
    if (CR)
      R.use(CR->getConceptNameLoc(), CR->getNamedConcept(),
            UseKind::TemplateArg, Context);
    return Base::TraverseConceptReference(CR);
  }

  // --- Entities ----------------------------------------------------------

  bool VisitNamespaceDecl(NamespaceDecl *D) {
    R.entity(D, /*Definition=*/true, false);
    return true;
  }
  bool VisitTagDecl(TagDecl *D) {
    if (!D->getIdentifier() && !D->getTypedefNameForAnonDecl())
      return true;
    bool Def = D->isThisDeclarationADefinition();
    const auto *RD = dyn_cast<CXXRecordDecl>(D);
    bool Abstract = Def && RD && RD->hasDefinition() && RD->isAbstract();
    R.entity(D, Def, Abstract);
    return true;
  }
  bool VisitEnumConstantDecl(EnumConstantDecl *D) {
    R.entity(D, true, false);
    return true;
  }
  bool VisitFunctionDecl(FunctionDecl *D) {
    if (D->getParentFunctionOrMethod() || isa<CXXDeductionGuideDecl>(D))
      return true;
    // A body skipped by the parser still makes a definition.
    R.entity(D, D->isThisDeclarationADefinition(), false);
    return true;
  }
  bool VisitVarDecl(VarDecl *D) {
    if (isa<ParmVarDecl>(D) || D->isLocalVarDeclOrParm())
      return true;
    R.entity(D, D->isThisDeclarationADefinition() == VarDecl::Definition,
             false);
    return true;
  }
  bool VisitFieldDecl(FieldDecl *D) {
    if (D->getDeclName().isEmpty())
      return true;
    R.entity(D, true, false);
    return true;
  }
  bool VisitTypedefNameDecl(TypedefNameDecl *D) {
    if (!D->getParentFunctionOrMethod())
      R.entity(D, true, false);
    return true;
  }
  bool VisitConceptDecl(ConceptDecl *D) {
    R.entity(D, true, false);
    return true;
  }

  // --- Written types -----------------------------------------------------

  bool VisitTagTypeLoc(TagTypeLoc TL) {
    if (!TL.isDefinition())
      R.use(TL.getNameLoc(), TL.getDecl(), Role, Context);
    return true;
  }
  bool VisitTypedefTypeLoc(TypedefTypeLoc TL) {
    R.use(TL.getNameLoc(), TL.getTypedefNameDecl(), Role, Context);
    return true;
  }
  bool VisitUsingTypeLoc(UsingTypeLoc TL) {
    R.use(TL.getNameLoc(), TL.getFoundDecl(), Role, Context);
    return true;
  }
  bool VisitTemplateSpecializationTypeLoc(TemplateSpecializationTypeLoc TL) {
    TemplateName Name = TL.getTypePtr()->getTemplateName();
    if (TemplateDecl *TD = Name.getAsTemplateDecl())
      R.use(TL.getTemplateNameLoc(), TD, Role, Context);
    return true;
  }
  bool VisitDeducedTemplateSpecializationTypeLoc(
      DeducedTemplateSpecializationTypeLoc TL) {
    TemplateName Name = TL.getTypePtr()->getTemplateName();
    if (TemplateDecl *TD = Name.getAsTemplateDecl())
      R.use(TL.getTemplateNameLoc(), TD, Role, Context);
    return true;
  }

  // --- Expressions -------------------------------------------------------

  bool VisitCallExpr(CallExpr *E) {
    Expr *Callee = E->getCallee();
    if (!Callee)
      return true;
    Callee = Callee->IgnoreParenImpCasts();
    if (auto *DRE = dyn_cast<DeclRefExpr>(Callee)) {
      R.use(DRE->getLocation(), DRE->getDecl(), UseKind::Call, Context);
      Handled.insert(DRE);
    } else if (auto *ME = dyn_cast<MemberExpr>(Callee)) {
      R.use(ME->getMemberLoc(), ME->getMemberDecl(), UseKind::Call, Context);
      Handled.insert(ME);
    } else if (auto *OE = dyn_cast<OverloadExpr>(Callee)) {
      // A dependent call names every candidate; each is a possible target.
      for (const NamedDecl *D : OE->decls())
        R.use(OE->getNameLoc(), D, UseKind::Call, Context);
      Handled.insert(OE);
    }
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    const CXXConstructorDecl *Ctor = E->getConstructor();
    if (Ctor && !Ctor->isImplicit())
      R.use(E->getLocation(), Ctor, UseKind::Call, Context);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (!Handled.contains(E))
      R.use(E->getLocation(), E->getDecl(), UseKind::Reference, Context);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (!Handled.contains(E))
      R.use(E->getMemberLoc(), E->getMemberDecl(), UseKind::Reference, Context);
    return true;
  }
  bool VisitOverloadExpr(OverloadExpr *E) {
    if (!Handled.contains(E))
      for (const NamedDecl *D : E->decls())
        R.use(E->getNameLoc(), D, UseKind::Reference, Context);
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
    QualType T = E->getDestroyedType();
    if (!T.isNull())
      if (const TagDecl *TD = T->getAsTagDecl())
        R.use(E->getBeginLoc(), TD, UseKind::Delete, Context);
    return true;
  }
  bool VisitCXXThrowExpr(CXXThrowExpr *E) {
    if (const Expr *Sub = E->getSubExpr())
      if (const TagDecl *TD = Sub->getType()->getAsTagDecl())
        R.use(Sub->getBeginLoc(), TD, UseKind::Exception, Context);
    return true;
  }
  bool VisitUsingDecl(UsingDecl *D) {
    for (const UsingShadowDecl *S : D->shadows())
      R.use(D->getLocation(), S->getTargetDecl(), UseKind::Reference, Context);
    return true;
  }

private:
  FactCollector &C;
  Recorder &R;
  UseKind Role = UseKind::TypeUse;
  const NamedDecl *Context = nullptr;
  // Callee expressions already reported as calls, so their DeclRefExpr or
  // MemberExpr is not reported again as a plain reference.
  DenseSet<const Expr *> Handled;
};

class CollectConsumer : public ASTConsumer {
public:
  CollectConsumer(FactCollector &C, Recorder &R) : C(C), R(R) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    Walker W(C, R);
    W.TraverseDecl(Ctx.getTranslationUnitDecl());
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

class CollectAction : public ASTFrontendAction {
public:
  explicit CollectAction(FactCollector &C) : C(C) {}

  bool BeginSourceFileAction(CompilerInstance &CI) override {
    // Clang prints "N errors generated." here; strata reports failures itself.
    CI.setVerboseOutputStream(std::make_unique<llvm::raw_null_ostream>());
    CI.getFrontendOpts().SkipFunctionBodies = C.skipsAnyBody();
    C.setSourceManager(CI.getSourceManager());
    Rec = std::make_unique<Recorder>(C);
    CI.getPreprocessor().addPPCallbacks(
        std::make_unique<IncludeRecorder>(C, *Rec));
    if (LeadingIncludes *L = C.leading())
      CI.getPreprocessor().addPPCallbacks(
          std::make_unique<LeadingTracker>(C, CI.getPreprocessor(), *L));
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

} // namespace

namespace {

// Include mode: the preprocessor alone, expanding macros only where a
// directive needs them (as clang-scan-deps does).
class IncludesAction : public PreprocessorFrontendAction {
public:
  explicit IncludesAction(FactCollector &C) : C(C) {}

  bool BeginSourceFileAction(CompilerInstance &CI) override {
    CI.setVerboseOutputStream(std::make_unique<llvm::raw_null_ostream>());
    C.setSourceManager(CI.getSourceManager());
    Rec = std::make_unique<Recorder>(C);
    CI.getPreprocessor().addPPCallbacks(
        std::make_unique<IncludeRecorder>(C, *Rec));
    if (LeadingIncludes *L = C.leading())
      CI.getPreprocessor().addPPCallbacks(
          std::make_unique<LeadingTracker>(C, CI.getPreprocessor(), *L));
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
  }

  void EndSourceFileAction() override { C.collectInputs(); }

private:
  FactCollector &C;
  std::unique_ptr<Recorder> Rec;
};

} // namespace

std::unique_ptr<FrontendAction> createCollectAction(FactCollector &C) {
  if (C.mode() == ExtractMode::Includes)
    return std::make_unique<IncludesAction>(C);
  return std::make_unique<CollectAction>(C);
}

} // namespace strata::extract
