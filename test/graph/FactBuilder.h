//===- FactBuilder.h - Small fact sets written by hand for graph tests ----===//
#ifndef STRATA_TEST_GRAPH_FACTBUILDER_H
#define STRATA_TEST_GRAPH_FACTBUILDER_H

#include "strata/facts/Facts.h"
#include <string>

namespace strata::test {

/// Builds a FactSet rooted at /p, one fact a call.
struct FactBuilder {
  facts::FactSet F;
  FactBuilder() { F.Root = "/p"; }
  void file(const std::string &Path, bool Complete = true) {
    F.Files.push_back({Path, false, "", Complete});
  }
  void include(const std::string &From, unsigned Line, const std::string &To,
               bool External = false) {
    F.Includes.push_back(
        {From, Line, 10, To, To, External, External, External});
  }
  void entity(const std::string &Name, facts::EntityKind K,
              const std::string &File, unsigned Line, bool Definition,
              const std::string &Symbol) {
    facts::EntityFact E;
    E.Name = Name;
    E.Kind = K;
    E.File = File;
    E.Line = Line;
    E.Definition = Definition;
    E.Symbol = Symbol;
    F.Entities.push_back(E);
  }
  facts::UseFact &use(const std::string &File, unsigned Line,
                      facts::UseKind Kind, const std::string &Target,
                      facts::EntityKind TargetKind,
                      const std::string &TargetFile, unsigned Via,
                      bool NeedsDefinition) {
    facts::UseFact U;
    U.File = File;
    U.Line = Line;
    U.Column = 1;
    U.Kind = Kind;
    U.Target = Target;
    U.TargetKind = TargetKind;
    U.TargetFile = TargetFile;
    U.TargetLine = 1;
    U.Via = Via;
    U.NeedsDefinition = NeedsDefinition;
    F.Uses.push_back(U);
    return F.Uses.back();
  }
  /// A call of function \p Target, linked by \p Symbol, at column 3.
  facts::UseFact &call(const std::string &File, unsigned Line,
                       const std::string &Target, const std::string &TargetFile,
                       unsigned Via, const std::string &Symbol) {
    facts::UseFact &U =
        use(File, Line, facts::UseKind::Call, Target,
            facts::EntityKind::Function, TargetFile, Via, false);
    U.Column = 3;
    U.Symbol = Symbol;
    return U;
  }
  facts::FactSet done() {
    F.normalize();
    return F;
  }
};

} // namespace strata::test

#endif
