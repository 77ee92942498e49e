//===- Declared.cpp - What targets say they use ---------------------------===//
#include "strata/build/Declared.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <optional>

using namespace llvm;

namespace strata::build {
namespace {

class Reader {
public:
  Reader(const BuildModel &M, function_ref<Expected<std::string>(StringRef)> R)
      : Model(M), ReadFile(R) {}

  TargetDeclarations declarations(const Target &T) {
    Self = &T;
    Out = {};
    Seen.clear();
    Read.clear();
    for (const Backtrace &B : T.LinkCalls)
      readLinkCall(B);
    // The calls no backtrace points at, found by reading the project's
    // CMake files: a static library's PRIVATE links, in a reply before
    // codemodel 2.9.
    for (const auto &[File, C] : scanned(T.Name))
      readLinkCall(*C, *File, nullptr);
    // No target_link_libraries in the target's graph at all: a helper that
    // made the target may still have named its dependencies (abseil's
    // header-only DEPS), one frame out from add_library.
    if (T.LinkCalls.empty() && T.Where.size() >= 2)
      readHelperCall(T.Where[1], LinkScope::Plain, /*ScopeKnown=*/false);
    return std::move(Out);
  }

private:
  // Every target_link_libraries call of the project's CMake files whose
  // target is \p Name.
  std::vector<std::pair<const std::string *, const CMakeCommand *>>
  scanned(StringRef Name) {
    if (!Scanned) {
      Scanned.emplace();
      for (const std::string &File : Model.ListFiles) {
        Expected<std::vector<CMakeCommand>> Cs =
            parseCMakeCommands(textOf(File), File);
        if (!Cs) {
          consumeError(Cs.takeError());
          continue;
        }
        for (CMakeCommand &C : *Cs)
          if (std::optional<LinkCall> L = linkCallOf(C); L && L->TargetLiteral)
            if (std::optional<std::string> T = resolve(L->Target))
              (*Scanned)[*T].push_back({File, std::move(C)});
      }
    }
    std::vector<std::pair<const std::string *, const CMakeCommand *>> Out;
    auto It = Scanned->find(Name.str());
    if (It != Scanned->end())
      for (const auto &[File, C] : It->second)
        Out.push_back({&File, &C});
    return Out;
  }

  // The target \p Name means: itself, or what follows the namespace of an
  // alias ("absl::strings" for "strings"); none for anything else.
  std::optional<std::string> resolve(StringRef Name) const {
    if (Model.find(Name))
      return Name.str();
    size_t Colons = Name.rfind("::");
    if (Colons != StringRef::npos && Model.find(Name.drop_front(Colons + 2)))
      return Name.drop_front(Colons + 2).str();
    return std::nullopt;
  }

  // A CMake file's text, read once; empty when it cannot be read.
  StringRef textOf(const std::string &File) {
    auto It = Files.find(File);
    if (It == Files.end()) {
      Expected<std::string> Read = ReadFile(File);
      It = Files.try_emplace(File, Read ? std::move(*Read) : "").first;
      if (!Read)
        consumeError(Read.takeError());
    }
    return It->second;
  }

  const CMakeCommand *commandAt(const Frame &F) {
    std::string Key = F.File + ":" + std::to_string(F.Line);
    auto [It, New] = Commands.try_emplace(Key);
    if (New) {
      if (Expected<CMakeCommand> C =
              cmakeCommandAt(textOf(F.File), F.Line, F.File))
        It->second = std::move(*C);
      else
        consumeError(C.takeError());
    }
    return It->second ? &*It->second : nullptr;
  }

  void add(std::string Name, bool External, LinkScope Scope, bool ScopeKnown,
           const std::string &File, unsigned Line) {
    if (Name == Self->Name || !Seen.insert(Name).second)
      return;
    Out.Dependencies.push_back(
        {std::move(Name), External, Scope, ScopeKnown, File, Line});
  }

  void readLinkCall(const Backtrace &B) {
    if (B.empty())
      return;
    const CMakeCommand *C = commandAt(B.front());
    if (!C) {
      Out.Unresolved.push_back(B.front().File + ":" +
                               std::to_string(B.front().Line));
      return;
    }
    readLinkCall(*C, B.front().File, B.size() >= 2 ? &B[1] : nullptr);
  }

  // The items of target_link_libraries call \p C in \p File; variables are
  // looked up in the call at \p Caller, the frame out, if there is one.
  void readLinkCall(const CMakeCommand &C, const std::string &File,
                    const Frame *Caller) {
    if (!Read.insert(File + ":" + std::to_string(C.Line)).second)
      return;
    std::optional<LinkCall> Call = linkCallOf(C);
    if (!Call)
      return;
    // The graph also holds the calls that brought in what the target
    // links (another target's, for its link line). Ours names us, or, in a
    // helper, the helper's call does.
    if (Call->TargetLiteral ? resolve(Call->Target) != Self->Name
                            : !callerNamesSelf(Caller))
      return;
    std::vector<const LinkItem *> Variables;
    for (const LinkItem &I : Call->Items) {
      std::string Name = I.Name;
      if (!I.Literal) {
        if (StringRef(I.Name).starts_with("$<"))
          Name = nameInGeneratorExpression(I.Name);
        else if (StringRef(I.Name).contains("${")) {
          Variables.push_back(&I);
          continue;
        } else {
          continue; // a flag
        }
      }
      if (Name.empty())
        continue;
      std::optional<std::string> T = resolve(Name);
      add(T ? *T : Name, !T, I.Scope, true, File, I.Line);
    }
    if (Variables.empty())
      return;
    // The variables' values come from the caller, if there is one; their
    // scope is known when they all stand under one keyword.
    bool OneScope = all_of(Variables, [&](const LinkItem *I) {
      return I->Scope == Variables.front()->Scope;
    });
    if (!Caller || !readHelperCall(*Caller, Variables.front()->Scope, OneScope))
      for (const LinkItem *I : Variables)
        Out.Unresolved.push_back(I->Name);
  }

  bool callerNamesSelf(const Frame *Caller) {
    const CMakeCommand *C = Caller ? commandAt(*Caller) : nullptr;
    return C && any_of(C->Arguments, [&](const CMakeArgument &A) {
             return resolve(A.Text) == Self->Name;
           });
  }

  // Every argument of the call at \p F that names a target; false when
  // none does.
  bool readHelperCall(const Frame &F, LinkScope Scope, bool ScopeKnown) {
    const CMakeCommand *C = commandAt(F);
    if (!C)
      return false;
    bool Any = false;
    for (const CMakeArgument &A : C->Arguments)
      if (std::optional<std::string> T = resolve(A.Text)) {
        Any |= *T != Self->Name;
        add(*T, false, Scope, ScopeKnown, F.File, A.Line);
      }
    return Any;
  }

  const BuildModel &Model;
  function_ref<Expected<std::string>(StringRef)> ReadFile;
  StringMap<std::string> Files;
  StringMap<std::optional<CMakeCommand>> Commands;
  const Target *Self = nullptr;
  TargetDeclarations Out;
  StringSet<> Seen, Read;
  std::optional<
      std::map<std::string, std::vector<std::pair<std::string, CMakeCommand>>>>
      Scanned;
};

} // namespace

std::map<std::string, TargetDeclarations>
declaredDependencies(const BuildModel &M,
                     function_ref<Expected<std::string>(StringRef)> ReadFile) {
  std::map<std::string, TargetDeclarations> Out;
  Reader R(M, ReadFile);
  for (const Target &T : M.Targets)
    Out[T.Name] = R.declarations(T);
  return Out;
}

} // namespace strata::build
