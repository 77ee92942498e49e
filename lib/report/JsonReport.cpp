//===- JsonReport.cpp - The analysis for tools ----------------------------===//
#include "strata/report/Report.h"

#include "strata/support/Json.h"
#include <functional>
#include <nlohmann/json.hpp>

using namespace llvm;
using namespace strata::graph;
using nlohmann::json;

namespace strata::report {
namespace {

StringRef cutName(CutKind K) {
  switch (K) {
  case CutKind::Refactor:
    return "refactor";
  case CutKind::RemoveIncludes:
    return "remove-includes";
  case CutKind::ForwardDeclare:
    return "forward-declare";
  }
  llvm_unreachable("unknown cut kind");
}

// An edge's members but its evidence.
json edgeFields(const DependencyGraph &G, const Edge &E) {
  return {{"from", G.nodes()[E.From].Name},
          {"to", G.nodes()[E.To].Name},
          {"weight", E.Weight},
          {"kinds", kindNames(E.Kinds)},
          {"nature", natureNames(E.Natures)},
          {"cut_by", cutName(E.Cut).str()},
          {"forward_declare", E.CutDeclares}};
}

json includesJson(const IncludeReport &R) {
  json List = json::array();
  for (const IncludeVerdict &V : R.Includes) {
    if (V.Status == IncludeStatusKind::Used)
      continue;
    json Item = {{"file", V.File},        {"line", V.Line},
                 {"col", V.Column},       {"spelled", V.Spelled},
                 {"target", V.Target},    {"status", toString(V.Status).str()},
                 {"entities", V.Entities}};
    if (V.Status == IncludeStatusKind::ForwardDeclarable)
      if (std::optional<std::string> Text = forwardDeclarations(V))
        Item["replacement"] = *Text;
    if (V.Verified)
      Item["verified"] = true;
    List.push_back(std::move(Item));
  }
  return {{"classified", R.Includes.size()},
          {"used", R.Used},
          {"used_by_includers", R.UsedByIncluders},
          {"used_by_reliant", R.UsedByReliant},
          {"used_by_pragma", R.UsedByPragma},
          {"used_by_verify", R.UsedByVerify},
          {"forward_declarable", R.ForwardDeclarable},
          {"unused", R.Unused},
          {"unclassified", R.Unclassified},
          {"list", std::move(List)}};
}

json reliantJson(const Analysis &A) {
  json List = json::array();
  for (const facts::UseFact &U : A.Reliant)
    List.push_back({{"file", U.File},
                    {"line", U.Line},
                    {"col", U.Column},
                    {"kind", facts::toString(U.Kind).str()},
                    {"target", U.Target},
                    {"target_kind", facts::toString(U.TargetKind).str()},
                    {"target_file", U.TargetFile}});
  return {{"uses", A.Facts.ReliantUses},
          {"headers", A.Facts.ReliantHeaders},
          {"list", std::move(List)}};
}

json summaryJson(const GraphMetrics &M) {
  return {{"nodes", M.Nodes},
          {"edges", M.Edges},
          {"levels", M.Levels},
          {"ccd", M.CCD},
          {"acd", M.ACD},
          {"nccd", M.NCCD},
          {"relative_acd", M.RelativeACD},
          {"propagation_cost", M.PropagationCost},
          {"cycle_groups", M.Cycles.size()},
          {"nodes_in_cycles", M.NodesInCycles},
          {"largest_cycle", M.LargestCycle},
          {"core_size", M.CoreSize},
          {"relative_cyclicity", M.RelativeCyclicity},
          {"system_type", toString(M.Type).str()}};
}

json nodeJson(const DependencyGraph &G, const GraphMetrics &M, unsigned V) {
  const Node &N = G.nodes()[V];
  const NodeMetrics &X = M.PerNode[V];
  return {
      {"name", N.Name},
      {"files", N.Files},
      {"entities", N.Entities},
      {"classes", N.Classes},
      {"abstract_classes", N.AbstractClasses},
      {"fan_in", X.FanIn},
      {"fan_out", X.FanOut},
      {"ca", X.Ca},
      {"ce", X.Ce},
      {"instability", X.Instability},
      {"abstractness", X.Abstractness},
      {"distance", X.Distance},
      {"level", X.Level},
      {"depends_on", X.DependsOn},
      {"depended_on_by", X.DependedOnBy},
      {"cycle_group", X.CycleGroup < 0 ? json(nullptr) : json(X.CycleGroup)},
      {"role", toString(X.CoreRole).str()},
      {"hub_like", X.HubLike},
      {"god", X.God}};
}

json verdictJson(const Analysis &A, const analysis::Verdict &V) {
  json Reasons = json::array();
  for (const analysis::Reason &R : V.Reasons)
    Reasons.push_back({{"metric", R.Metric},
                       {"description", R.Description},
                       {"value", R.Value},
                       {"good", R.Good},
                       {"bad", R.Bad},
                       {"badness", R.Badness},
                       {"weight", R.Weight},
                       {"contribution", R.Contribution},
                       {"band", analysis::toString(R.Level).str()},
                       {"level", toString(R.On).str()},
                       {"note", R.Note}});
  json Offenders = json::array();
  for (const analysis::Offender &O : V.Offenders)
    Offenders.push_back({{"kind", O.Kind},
                         {"name", O.Name},
                         {"detail", O.Detail},
                         {"files", O.Files},
                         {"why", O.Why}});
  json Units = json::array();
  for (const analysis::UnitVerdict &U : V.Units) {
    json DependsOn = json::array();
    for (const analysis::UnitDependency &D : U.DependsOn)
      DependsOn.push_back({{"unit", V.Units[D.To].Name},
                           {"weight", D.Weight},
                           {"in_cycle", D.InCycle}});
    Units.push_back(
        {{"name", U.Name},
         {"parent",
          U.Parent < 0 ? json(nullptr) : json(V.Units[U.Parent].Name)},
         {"depth", U.Depth},
         {"files", U.Files},
         {"sources", U.Sources},
         {"label", U.Label},
         {"score", U.Score},
         {"confidence", U.Confidence},
         {"labelled", U.Labelled},
         {"own_score", U.OwnScore},
         {"parts_score",
          U.Children.empty() ? json(nullptr) : json(U.PartsScore)},
         {"decided_by", U.Children.empty() ? "its whole structure"
                        : U.DecidedByParts ? "its parts"
                                           : "the structure between its parts"},
         {"role", U.Role},
         {"counts_own", U.CountsOwn},
         {"largest_cycle",
          {{"files", U.LargestCycle}, {"first_files", U.LargestCycleFiles}}},
         {"depends_on", std::move(DependsOn)}});
  }
  json Levels = json::array();
  for (const analysis::LevelView &L : V.Levels) {
    const GraphMetrics &M = A.at(L.Level).Metrics;
    Levels.push_back({{"level", toString(L.Level).str()},
                      {"nodes", M.Nodes},
                      {"edges", M.Edges},
                      {"core_size", M.CoreSize},
                      {"relative_cyclicity", M.RelativeCyclicity},
                      {"propagation_cost", M.PropagationCost},
                      {"nccd", M.NCCD},
                      {"system_type", toString(M.Type).str()},
                      {"says", analysis::toString(L.Says).str()},
                      {"basis", L.Basis},
                      {"scored", L.Scored}});
  }
  return {{"label", V.Label},
          {"score", V.Score},
          {"threshold", V.Threshold},
          {"confidence", V.Confidence},
          {"confidence_notes", V.ConfidenceNotes},
          {"reasons", std::move(Reasons)},
          {"offenders", std::move(Offenders)},
          {"levels", std::move(Levels)},
          {"modules", {{"source", V.Modules}}},
          {"composition", V.Composition},
          {"units", std::move(Units)}};
}

// Each target's declared dependencies (as its target_link_libraries
// writes them) and actual ones (the module graph's edges).
json targetsJson(const Analysis &A, const analysis::TargetModules &T) {
  static constexpr const char *Scopes[] = {"plain", "public", "private",
                                           "interface"};
  const DependencyGraph &G = A.at(Level::Module).Graph;
  json Out = json::array();
  for (const analysis::TargetModule &M : T.Targets) {
    json Declared = json::array(), Actual = json::array();
    for (const build::DeclaredDependency &D : M.Declared.Dependencies)
      Declared.push_back(
          {{"name", D.Name},
           {"external", D.External},
           {"scope",
            D.ScopeKnown ? Scopes[static_cast<int>(D.Scope)] : "unknown"},
           {"file", D.File},
           {"line", D.Line}});
    if (std::optional<unsigned> N = G.find(M.Name))
      for (unsigned EI : G.outEdges(*N))
        Actual.push_back({{"name", G.nodes()[G.edges()[EI].To].Name},
                          {"weight", G.edges()[EI].Weight}});
    Out.push_back({{"name", M.Name},
                   {"type", build::toString(M.Type).str()},
                   {"source_dir", M.SourceDir},
                   {"files", M.Files.size()},
                   {"declared", std::move(Declared)},
                   {"unresolved", M.Declared.Unresolved},
                   {"actual", std::move(Actual)}});
  }
  return {{"codemodel_minor", T.CodemodelMinor},
          {"files_listed", T.Listed},
          {"files_by_stem", T.ByStem},
          {"files_by_directory", T.ByDirectory},
          {"files_unowned", T.Bucketed},
          {"targets", std::move(Out)}};
}

} // namespace

namespace {

// Writes \p Value as dumpJson(Value, 1) would inside an object \p Depth
// levels deep.
void writeNested(raw_ostream &OS, const json &Value, unsigned Depth) {
  std::string Text = dumpJson(Value, 1);
  std::string Pad = "\n" + std::string(Depth, ' ');
  for (char C : Text)
    if (C == '\n')
      OS << Pad;
    else
      OS << C;
}

// An object of dumpJson(..., 1)'s layout whose members are written one at
// a time, in key order, each from a tree freed once it is written: a
// report's levels hold every line of evidence, and the whole document as
// one tree costs more memory than the analysis itself.
using Writer = std::function<void(raw_ostream &, unsigned Depth)>;
using Member = std::pair<std::string, Writer>;
void writeObject(raw_ostream &OS, std::vector<Member> Members, unsigned Depth) {
  llvm::sort(Members, [](const Member &X, const Member &Y) {
    return X.first < Y.first;
  });
  std::string Pad(Depth + 1, ' ');
  OS << "{";
  for (size_t I = 0; I < Members.size(); ++I) {
    OS << (I ? ",\n" : "\n") << Pad << dumpJson(Members[I].first) << ": ";
    Members[I].second(OS, Depth + 1);
  }
  OS << "\n" << std::string(Depth, ' ') << "}";
}

// A member made by \p Make.
Member member(std::string Key, std::function<json()> Make) {
  return {std::move(Key),
          [Make = std::move(Make)](raw_ostream &OS, unsigned Depth) {
            writeNested(OS, Make(), Depth);
          }};
}

// An array of dumpJson(..., 1)'s layout whose elements are written one at
// a time, each by Write(OS, index, its depth).
void writeArray(raw_ostream &OS, size_t N,
                llvm::function_ref<void(raw_ostream &, size_t, unsigned)> Write,
                unsigned Depth) {
  if (N == 0) {
    OS << "[]";
    return;
  }
  std::string Pad(Depth + 1, ' ');
  OS << "[";
  for (size_t I = 0; I < N; ++I) {
    OS << (I ? ",\n" : "\n") << Pad;
    Write(OS, I, Depth + 1);
  }
  OS << "\n" << std::string(Depth, ' ') << "]";
}
// An array member of \p N elements, each written by \p Write(OS, index,
// its depth).
using ElementWriter = std::function<void(raw_ostream &, size_t, unsigned)>;
Writer arrayOf(size_t N, ElementWriter Write) {
  return [N, Write = std::move(Write)](raw_ostream &OS, unsigned Depth) {
    writeArray(OS, N, Write, Depth);
  };
}

// A string as dumpJson writes it. Almost every file and entity name is
// printable ASCII without a quote or backslash, which it writes as it is;
// anything else goes through nlohmann's serializer.
void writeString(raw_ostream &OS, StringRef S) {
  if (llvm::all_of(S, [](char C) {
        return C >= 0x20 && C < 0x7f && C != '"' && C != '\\';
      }))
    OS << '"' << S << '"';
  else
    OS << dumpJson(json(S.str()));
}

// One line of evidence, in dumpJson(..., 1)'s layout at Depth, written as
// it goes: a report holds every line of evidence at each level, and
// building a JSON object for each was most of the time `analyze --format
// json` took on millions of uses.
void writeEvidence(raw_ostream &OS, const Evidence &E, unsigned Depth) {
  auto Key = [&](StringRef K) { OS.indent(Depth + 1) << '"' << K << "\": "; };
  OS << "{\n";
  Key("col"), OS << E.Column << ",\n";
  Key("entity"), writeString(OS, E.Entity), OS << ",\n";
  Key("file"), writeString(OS, E.File), OS << ",\n";
  Key("kind"), writeString(OS, E.Kind), OS << ",\n";
  Key("line"), OS << E.Line << ",\n";
  Key("nature"), writeString(OS, toString(E.Nature)), OS << "\n";
  OS.indent(Depth) << "}";
}

// An edge, its evidence a line at a time.
void writeEdge(raw_ostream &OS, const DependencyGraph &G, const Edge &E,
               unsigned Depth) {
  std::vector<Member> Members;
  json Fields = edgeFields(G, E);
  for (auto &Field : Fields.items())
    Members.push_back(
        {Field.key(), [&V = Field.value()](raw_ostream &OS, unsigned D) {
           writeNested(OS, V, D);
         }});
  Members.push_back(
      {"evidence",
       arrayOf(E.Sites.size(), [&](raw_ostream &OS, size_t I, unsigned D) {
         writeEvidence(OS, E.Sites[I], D);
       })});
  writeObject(OS, std::move(Members), Depth);
}

// The edges \p Which of \p G, as an array member.
Writer edgesOf(const DependencyGraph &G, const std::vector<unsigned> &Which) {
  return arrayOf(Which.size(),
                 [&G, &Which](raw_ostream &OS, size_t I, unsigned D) {
                   writeEdge(OS, G, G.edges()[Which[I]], D);
                 });
}

void writeCycle(raw_ostream &OS, const DependencyGraph &G, const CycleGroup &C,
                unsigned Depth) {
  writeObject(OS,
              {member("nodes",
                      [&] {
                        json Members = json::array();
                        for (unsigned V : C.Nodes)
                          Members.push_back(G.nodes()[V].Name);
                        return Members;
                      }),
               {"edges", edgesOf(G, C.Edges)},
               {"cut", edgesOf(G, C.Cut)},
               member("cut_minimal", [&] { return json(!C.CutUnminimized); })},
              Depth);
}

// A level, an edge (with its evidence) at a time: the edges of the file
// level are the largest part of a report.
void writeLevel(raw_ostream &OS, const LevelAnalysis &L, unsigned Depth) {
  const DependencyGraph &G = L.Graph;
  const GraphMetrics &M = L.Metrics;
  writeObject(OS,
              {member("summary", [&] { return summaryJson(M); }),
               {"nodes", arrayOf(G.size(),
                                 [&](raw_ostream &OS, size_t V, unsigned D) {
                                   writeNested(OS, nodeJson(G, M, V), D);
                                 })},
               {"edges", arrayOf(G.edges().size(),
                                 [&](raw_ostream &OS, size_t I, unsigned D) {
                                   writeEdge(OS, G, G.edges()[I], D);
                                 })},
               {"cycles", arrayOf(M.Cycles.size(),
                                  [&](raw_ostream &OS, size_t I, unsigned D) {
                                    writeCycle(OS, G, M.Cycles[I], D);
                                  })}},
              Depth);
}

} // namespace

void writeAnalysisJson(const Analysis &A, raw_ostream &OS,
                       const analysis::Verdict *V,
                       const analysis::TargetModules *T) {
  std::vector<Member> Levels;
  for (Level L : {Level::File, Level::Component, Level::Module,
                  Level::Namespace, Level::Class})
    Levels.push_back({toString(L).str(), [&A, L](raw_ostream &OS, unsigned D) {
                        writeLevel(OS, A.at(L), D);
                      }});
  std::vector<Member> Root = {
      member("format", [] { return json("strata-analysis"); }),
      member("version", [] { return json(AnalysisVersion); }),
      member("root", [&] { return json(A.Root); }),
      member("facts",
             [&] {
               return json{{"translation_units", A.Facts.TUs},
                           {"failed_translation_units", A.Facts.FailedTUs},
                           {"files", A.Facts.Files},
                           {"entities", A.Facts.Entities},
                           {"includes", A.Facts.Includes},
                           {"uses", A.Facts.Uses}};
             }),
      member("options",
             [&] {
               return json{{"edges", toString(A.Edges).str()},
                           {"module_depth", A.ModuleDepth}};
             }),
      member("modularity_q", [&] { return json(A.ModularityQ); }),
      member("includes", [&] { return includesJson(A.Includes); }),
      member("reliant", [&] { return reliantJson(A); }),
      {"levels", [&](raw_ostream &OS, unsigned Depth) {
         writeObject(OS, std::move(Levels), Depth);
       }}};
  if (V)
    Root.push_back(member("verdict", [&] { return verdictJson(A, *V); }));
  if (T)
    Root.push_back(member("cmake", [&] { return targetsJson(A, *T); }));
  writeObject(OS, std::move(Root), 0);
  OS << "\n";
}

} // namespace strata::report
