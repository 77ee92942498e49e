//===- Preprocessing.cpp - Includes, macros and claims --------------------===//
//
// The preprocessor's side of the collector: every #include becomes an edge
// of the TU's include graph (and, in a project file, an include fact);
// macro uses go to the recorder; a project header entered is claimed for
// this TU in its macro context; and the TU's leading system includes are
// followed for the shared precompiled headers.
//
//===----------------------------------------------------------------------===//
#include "Preprocessing.h"

#include "strata/support/Paths.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;
using namespace llvm;

namespace strata::extract {

namespace {

// The include-what-you-use pragma (or strata's own `strata: keep`) in the
// text of a comment: "keep", "export", "associated", "begin_exports",
// "end_exports" or "private"; empty for none. \p Rest gets what follows
// the pragma's name.
StringRef pragmaIn(StringRef Text, StringRef *Rest = nullptr) {
  size_t At = Text.find("IWYU pragma:");
  if (At == StringRef::npos) {
    if (Text.contains("strata: keep"))
      return "keep";
    return "";
  }
  StringRef After = Text.substr(At + 12).ltrim();
  for (StringRef Name : {"keep", "export", "associated", "begin_exports",
                         "end_exports", "private"})
    if (After.consume_front(Name) &&
        (After.empty() || !isAsciiIdentifierContinue(After.front()))) {
      if (Rest)
        *Rest = After;
      return Name;
    }
  return "";
}

class IncludeRecorder : public PPCallbacks, public CommentHandler {
public:
  IncludeRecorder(FactCollector &C, Recorder *R, Preprocessor &PP)
      : C(C), R(R), PP(PP), SM(C.sourceManager()) {
    PP.addCommentHandler(this);
  }
  ~IncludeRecorder() override { PP.removeCommentHandler(this); }

  // Pragmas that stand on lines of their own: a block of exported
  // includes, and a header that says which header is its public face.
  bool HandleComment(Preprocessor &, SourceRange Range) override {
    SourceLocation Begin = Range.getBegin();
    if (Begin.isInvalid() || !Begin.isFileID() || SM.isInSystemHeader(Begin))
      return false;
    bool Invalid = false;
    const char *Start = SM.getCharacterData(Begin, &Invalid);
    if (Invalid)
      return false;
    StringRef Text(Start,
                   SM.getFileOffset(Range.getEnd()) - SM.getFileOffset(Begin));
    if (!Text.contains("IWYU pragma:"))
      return false;
    StringRef Rest;
    StringRef Pragma = pragmaIn(Text, &Rest);
    if (Pragma == "begin_exports" || Pragma == "end_exports") {
      Exporting[SM.getFileID(Begin)] = Pragma == "begin_exports";
    } else if (Pragma == "private") {
      // `private, include "public.h"`: the public header exports it.
      size_t Open = Rest.find_first_of("\"<");
      if (Open != StringRef::npos && Rest.substr(0, Open).contains("include")) {
        char Close = Rest[Open] == '<' ? '>' : '"';
        StringRef Public = Rest.substr(Open + 1);
        Public = Public.take_until([&](char Ch) { return Ch == Close; });
        if (const FactCollector::FileInfo *F = C.fileOf(Begin);
            F && F->Project && !Public.empty())
          C.notePrivate(F->Path, Public);
      }
    }
    return false;
  }

  void FileChanged(SourceLocation Loc, FileChangeReason Reason,
                   SrcMgr::CharacteristicKind FileType,
                   FileID PrevFID) override {
    if (Reason == EnterFile && C.claims())
      C.enterFile(SM.getFileID(Loc));
  }

  void InclusionDirective(SourceLocation HashLoc, const Token &IncludeTok,
                          StringRef FileName, bool IsAngled,
                          CharSourceRange FilenameRange,
                          OptionalFileEntryRef File, StringRef SearchPath,
                          StringRef RelativePath, const Module *SuggestedModule,
                          bool ModuleImported,
                          SrcMgr::CharacteristicKind FileType) override {
    SourceLocation Hash = SM.getFileLoc(HashLoc);
    const FactCollector::FileInfo *Target =
        File ? &C.fileOf(*File, SrcMgr::isSystem(FileType)) : nullptr;
    if (Target) {
      const FactCollector::FileInfo *From = C.fileOf(Hash);
      if (From || SM.getFileID(Hash) == PP.getPredefinesFileID())
        C.includes().addInclude(From ? From->Node : IncludeGraph::Forced,
                                SM.getFileOffset(Hash),
                                SM.getSpellingLineNumber(Hash), Target->Node);
    }
    if (!C.inProject(Hash))
      return;
    SourceLocation NameLoc = SM.getFileLoc(FilenameRange.getBegin());
    facts::IncludeFact I;
    I.File = C.fileOf(Hash)->Path;
    I.Line = SM.getSpellingLineNumber(Hash);
    I.Column = SM.getSpellingColumnNumber(NameLoc);
    I.Spelled = FileName.str();
    I.Angled = IsAngled;
    I.System = SrcMgr::isSystem(FileType);
    I.Pragma = pragmaOnLine(FilenameRange.getEnd());
    if (I.Pragma.empty() && Exporting.lookup(SM.getFileID(Hash)))
      I.Pragma = "export";
    if (Target) {
      I.Target = Target->Path;
      I.External = !Target->Project;
      C.noteTarget(*Target);
    }
    // A project header without a guard that a file includes again is
    // textual: it means something else each time (brotli's hash.h reads
    // *_inc.h under another HASHER). Read again through another file, it
    // is more likely a guard Clang does not recognise (redis's atomicvar.h
    // includes <pthread.h> before its #ifndef).
    if (Target && Target->Project) {
      OptionalFileEntryRef From = SM.getFileEntryRefForID(SM.getFileID(Hash));
      if (From &&
          !IncludedFrom.insert({&From->getFileEntry(), &File->getFileEntry()})
               .second &&
          !PP.getHeaderSearchInfo().isFileMultipleIncludeGuarded(*File))
        I.Textual = true;
    }
    C.addInclude(SM.getFileID(Hash), SM.getFileOffset(Hash), std::move(I));
  }

  void MacroExpands(const Token &Name, const MacroDefinition &MD,
                    SourceRange Range, const MacroArgs *Args) override {
    read(Name, MD);
    if (R)
      R->macroUse(Name.getLocation(), Name, MD.getMacroInfo(), false);
  }
  // A macro named in a project macro's body is a use by the file that
  // defines the body, whether or not the TU expands it (include-what-you-
  // use's rule); a function-like one only where a '(' follows.
  void MacroDefined(const Token &Name, const MacroDirective *MD) override {
    const MacroInfo *MI = MD ? MD->getMacroInfo() : nullptr;
    if (!R || !MI || !C.inProject(MI->getDefinitionLoc()))
      return;
    ArrayRef<Token> Body = MI->tokens();
    for (size_t I = 0; I < Body.size(); ++I) {
      const IdentifierInfo *II = Body[I].getIdentifierInfo();
      if (!II || !II->hasMacroDefinition())
        continue;
      const MacroInfo *Inner = PP.getMacroDefinition(II).getMacroInfo();
      if (!Inner || Inner == MI ||
          (Inner->isFunctionLike() &&
           (I + 1 == Body.size() || Body[I + 1].isNot(tok::l_paren))))
        continue;
      R->macroUse(Body[I].getLocation(), Body[I], Inner, /*Test=*/false,
                  /*InDefinition=*/true);
    }
  }
  void Defined(const Token &Name, const MacroDefinition &MD,
               SourceRange Range) override {
    test(Name, MD);
  }
  void Ifdef(SourceLocation Loc, const Token &Name,
             const MacroDefinition &MD) override {
    test(Name, MD);
  }
  void Ifndef(SourceLocation Loc, const Token &Name,
              const MacroDefinition &MD) override {
    test(Name, MD);
  }
  void Elifdef(SourceLocation Loc, const Token &Name,
               const MacroDefinition &MD) override {
    test(Name, MD);
  }
  void Elifndef(SourceLocation Loc, const Token &Name,
                const MacroDefinition &MD) override {
    test(Name, MD);
  }
  // `#if FOO` with FOO undefined reports nothing else: what it read is that
  // FOO is not a macro here.
  void If(SourceLocation Loc, SourceRange Condition,
          ConditionValueKind) override {
    undefinedIn(Condition);
  }
  void Elif(SourceLocation Loc, SourceRange Condition, ConditionValueKind,
            SourceLocation) override {
    undefinedIn(Condition);
  }

private:
  // The pragma in the comment after an #include's file name, on its line.
  std::string pragmaOnLine(SourceLocation NameEnd) {
    NameEnd = SM.getFileLoc(NameEnd);
    bool Invalid = false;
    const char *Start = SM.getCharacterData(NameEnd, &Invalid);
    if (Invalid)
      return "";
    StringRef Buffer = SM.getBufferData(SM.getFileID(NameEnd), &Invalid);
    if (Invalid)
      return "";
    StringRef Line =
        Buffer.substr(Start - Buffer.data()).take_until([](char Ch) {
          return Ch == '\n';
        });
    StringRef Pragma = pragmaIn(Line);
    return Pragma == "keep" || Pragma == "export" || Pragma == "associated"
               ? Pragma.str()
               : "";
  }

  void test(const Token &Name, const MacroDefinition &MD) {
    read(Name, MD);
    if (R)
      R->macroUse(Name.getLocation(), Name, MD.getMacroInfo(), true);
  }

  // What a header's text means depends on the macros it reads that it did
  // not define itself: the claims need each read, with the definition read.
  void read(const Token &Name, const MacroDefinition &MD) {
    if (!C.claims())
      return;
    SourceLocation Loc = SM.getExpansionLoc(Name.getLocation());
    const MacroInfo *MI = MD.getMacroInfo();
    C.macroRead(Loc, Name.getIdentifierInfo()->getName(),
                MI ? SM.getFileLoc(MI->getDefinitionLoc()) : SourceLocation(),
                [&] { return MI ? definition(MI) : std::string(Undefined); });
  }

  void undefinedIn(SourceRange Condition) {
    if (!C.claims() || Condition.isInvalid())
      return;
    SourceLocation Begin = SM.getExpansionLoc(Condition.getBegin());
    SourceLocation End = SM.getExpansionLoc(Condition.getEnd());
    if (SM.getFileID(Begin) != SM.getFileID(End) || !C.inProject(Begin))
      return;
    const char *Start = SM.getCharacterData(Begin);
    const char *Stop = SM.getCharacterData(End);
    if (Stop < Start)
      return;
    Stop += Lexer::MeasureTokenLength(End, SM, PP.getLangOpts());
    // Identifiers of a preprocessor expression; numbers (1ul, 0x1f) are
    // skipped whole.
    StringRef Text(Start, Stop - Start);
    for (size_t I = 0; I < Text.size();) {
      char Ch = Text[I];
      if (isAsciiIdentifierStart(Ch)) {
        size_t J = I;
        while (J < Text.size() && isAsciiIdentifierContinue(Text[J]))
          ++J;
        // Looked up, not made: a name the TU never lexed is no macro, and
        // making it would allocate from the identifier table's allocator,
        // inlined here and in Clang alike (a sanitized strata poisons what
        // Clang's uninstrumented code then writes).
        StringRef Name = Text.slice(I, J);
        auto Known = PP.getIdentifierTable().find(Name);
        if (Known == PP.getIdentifierTable().end() || !Known->second ||
            !Known->second->hasMacroDefinition())
          C.macroRead(Begin, Name, SourceLocation(),
                      [] { return std::string(Undefined); });
        I = J;
      } else if (isDigit(Ch)) {
        while (I < Text.size() && (isAsciiIdentifierContinue(Text[I]) ||
                                   Text[I] == '.' || Text[I] == '\''))
          ++I;
      } else {
        ++I;
      }
    }
  }

  // What a read of a macro that is not defined gives. Not the empty
  // string, which is what `#define X` gives: mbedtls's private_access.h
  // tests MBEDTLS_ALLOW_PRIVATE_ACCESS, which the library's common.h
  // defines empty and its programs leave undefined, and the two views of
  // every header that reaches it were one.
  static constexpr llvm::StringLiteral Undefined = "!undefined";

  // A macro's parameters and tokens; never starts with '!'.
  const std::string &definition(const MacroInfo *MI) {
    auto [It, Inserted] = Definitions.try_emplace(MI);
    if (!Inserted)
      return It->second;
    std::string &D = It->second;
    if (MI->isBuiltinMacro()) {
      D = "<builtin>";
      return D;
    }
    if (MI->isFunctionLike()) {
      D += '(';
      for (const IdentifierInfo *P : MI->params()) {
        D += P->getName();
        D += ',';
      }
      D += MI->isVariadic() ? "...)" : ")";
    }
    for (const Token &T : MI->tokens()) {
      D += ' ';
      D += PP.getSpelling(T);
    }
    return D;
  }

  FactCollector &C;
  Recorder *R;
  Preprocessor &PP;
  SourceManager &SM;
  DenseMap<const MacroInfo *, std::string> Definitions;
  DenseMap<FileID, bool> Exporting; // inside begin_exports/end_exports
  // (includer, included) pairs: an unguarded header included again by the
  // same file is textual.
  llvm::DenseSet<std::pair<const FileEntry *, const FileEntry *>> IncludedFrom;
};

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

} // namespace

std::unique_ptr<PPCallbacks> makeIncludeRecorder(FactCollector &C, Recorder *R,
                                                 Preprocessor &PP) {
  return std::make_unique<IncludeRecorder>(C, R, PP);
}

std::unique_ptr<PPCallbacks>
makeLeadingTracker(FactCollector &C, Preprocessor &PP, LeadingIncludes &Out) {
  return std::make_unique<LeadingTracker>(C, PP, Out);
}

} // namespace strata::extract
