//===- Diff.cpp - What a change did to the architecture -------------------===//
#include "strata/report/Diff.h"

#include "strata/report/Escape.h"
#include "strata/report/Report.h"
#include "strata/support/Json.h"
#include "strata/support/Output.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

using namespace llvm;
using nlohmann::json;

namespace strata::report {
namespace {

using Diff = ArchitectureDiff;

Expected<json> readAnalysis(StringRef Text, StringRef Path) {
  Expected<json> Parsed = parseJsonDocument(Text, Path);
  if (!Parsed)
    return Parsed.takeError();
  json &J = *Parsed;
  // Version 1 lacks only what a comparison does not read (natures, cuts,
  // includes), so an analysis kept from an older strata still compares.
  int Version = AnalysisVersion;
  if (J.is_object())
    if (auto V = J.find("version"); V != J.end() && *V == 1)
      Version = 1;
  if (Error E = checkFormat(J, Path, "strata-analysis", Version, "analysis"))
    return E;
  if (!J.contains("levels") || !J["levels"].is_object())
    return fileError(Path, "the analysis has no 'levels'");
  return std::move(*Parsed);
}

// The member \p Key of \p Object, or null. By reference: copying a value
// recurses, and an edited analysis may nest deeply.
const json &member(const json &Object, const char *Key) {
  static const json Null;
  if (!Object.is_object())
    return Null;
  auto It = Object.find(Key);
  return It == Object.end() ? Null : *It;
}

std::map<std::pair<std::string, std::string>, unsigned>
moduleEdges(const json &A) {
  std::map<std::pair<std::string, std::string>, unsigned> Out;
  const json &Edges = member(A.at("levels").at("module"), "edges");
  for (const json &E : Edges.is_array() ? Edges : json::array())
    Out[{E.value("from", ""), E.value("to", "")}] =
        asUnsigned(member(E, "weight")).value_or(0);
  return Out;
}

std::set<std::vector<std::string>> cycles(const json &A, const char *Level) {
  std::set<std::vector<std::string>> Out;
  const json &Cycles = member(A.at("levels").at(Level), "cycles");
  for (const json &C : Cycles.is_array() ? Cycles : json::array())
    Out.insert(C.value("nodes", std::vector<std::string>()));
  return Out;
}

std::optional<Diff::VerdictSide> verdict(const json &A) {
  if (!A.contains("verdict"))
    return std::nullopt;
  return Diff::VerdictSide{A.at("verdict").value("label", ""),
                           A.at("verdict").value("score", 0.0)};
}

std::string showValue(const Diff::MetricDelta &M, double V) {
  return M.Share ? fmt::format("{:.1f}%", 100 * V)
                 : (V == std::floor(V) ? fmt::format("{:.0f}", V)
                                       : fmt::format("{:.3f}", V));
}

std::string showDelta(const Diff::MetricDelta &M) {
  double D = M.New - M.Old;
  return M.Share ? fmt::format("{:+.1f} pt", 100 * D)
                 : (D == std::floor(D) ? fmt::format("{:+.0f}", D)
                                       : fmt::format("{:+.3f}", D));
}

std::string verdictLine(const Diff &D) {
  auto Side = [](const std::optional<Diff::VerdictSide> &V) {
    return V ? fmt::format("{} ({:.2f})", V->Label, V->Score)
             : std::string("(none)");
  };
  if (!D.OldVerdict && !D.NewVerdict)
    return "";
  bool Changed = !D.OldVerdict || !D.NewVerdict ||
                 D.OldVerdict->Label != D.NewVerdict->Label;
  return fmt::format("verdict: {} -> {}{}", Side(D.OldVerdict),
                     Side(D.NewVerdict), Changed ? "  (changed)" : "");
}

// Throws json::exception on a field of the wrong type.
Diff diffParsed(const json &OldJ, const json &NewJ) {
  const json *Old = &OldJ, *New = &NewJ;
  Diff D;
  auto OldEdges = moduleEdges(*Old), NewEdges = moduleEdges(*New);
  for (const auto &[Key, W] : NewEdges)
    if (!OldEdges.count(Key))
      D.AddedDependencies.push_back({Key.first, Key.second, W});
  for (const auto &[Key, W] : OldEdges)
    if (!NewEdges.count(Key))
      D.RemovedDependencies.push_back({Key.first, Key.second, W});
  for (const char *Level : {"component", "module"}) {
    auto Before = cycles(*Old, Level), After = cycles(*New, Level);
    for (const auto &C : After)
      if (!Before.count(C))
        D.NewCycles.push_back({Level, C});
    for (const auto &C : Before)
      if (!After.count(C))
        D.BrokenCycles.push_back({Level, C});
  }
  static const std::pair<const char *, bool> Summary[] = {
      {"nodes", false},        {"edges", false},
      {"cycle_groups", false}, {"nodes_in_cycles", false},
      {"core_size", true},     {"propagation_cost", true},
      {"nccd", false},         {"levels", false}};
  for (const char *Level : {"component", "module"})
    for (auto [Metric, Share] : Summary) {
      double A = Old->at("levels").at(Level).at("summary").value(Metric, 0.0);
      double B = New->at("levels").at(Level).at("summary").value(Metric, 0.0);
      if (A != B)
        D.Metrics.push_back({Level, Metric, A, B, Share});
    }
  double QA = Old->value("modularity_q", 0.0),
         QB = New->value("modularity_q", 0.0);
  if (QA != QB)
    D.Metrics.push_back({"module", "modularity_q", QA, QB, false});
  D.OldVerdict = verdict(*Old);
  D.NewVerdict = verdict(*New);
  return D;
}

} // namespace

Expected<ArchitectureDiff> diffAnalyses(StringRef OldJson, StringRef OldPath,
                                        StringRef NewJson, StringRef NewPath) {
  Expected<json> Old = readAnalysis(OldJson, OldPath);
  if (!Old)
    return Old.takeError();
  Expected<json> New = readAnalysis(NewJson, NewPath);
  if (!New)
    return New.takeError();
  // Both files passed the format check, yet either may have been edited or
  // come from elsewhere: a field of the wrong type ends the diff with an
  // error rather than an exception.
  try {
    return diffParsed(*Old, *New);
  } catch (const json::exception &E) {
    return fileError(NewPath,
                     "cannot compare it with " + OldPath + ": " + E.what());
  }
}

void writeDiffText(const ArchitectureDiff &D, raw_ostream &OS) {
  if (std::string V = verdictLine(D); !V.empty())
    OS << V << "\n";
  auto Deps = [&](const char *Title, const std::vector<Diff::Dependency> &L) {
    OS << fmt::format("{} module dependencies: {}\n", Title, L.size());
    for (const Diff::Dependency &Dep : L)
      OS << fmt::format("  {} -> {} (weight {})\n", Dep.From, Dep.To,
                        Dep.Weight);
  };
  Deps("new", D.AddedDependencies);
  Deps("removed", D.RemovedDependencies);
  auto Cycles = [&](const char *Title, const std::vector<Diff::Cycle> &L) {
    OS << fmt::format("{} cycles: {}\n", Title, L.size());
    for (const Diff::Cycle &C : L)
      OS << fmt::format("  {}: {}\n", C.Level, join(C.Members, ", "));
  };
  Cycles("new", D.NewCycles);
  Cycles("broken", D.BrokenCycles);
  OS << fmt::format("changed metrics: {}\n", D.Metrics.size());
  for (const Diff::MetricDelta &M : D.Metrics)
    OS << fmt::format("  {:<10} {:<18} {:>8} -> {:>8}  {}\n", M.Level, M.Metric,
                      showValue(M, M.Old), showValue(M, M.New), showDelta(M));
}

void writeDiffMarkdown(const ArchitectureDiff &D, raw_ostream &OS) {
  OS << "## strata: architecture changes\n\n";
  if (std::string V = verdictLine(D); !V.empty())
    OS << escapeMarkdown(V) << "\n\n";
  auto Deps = [&](const char *Title, const std::vector<Diff::Dependency> &L) {
    if (L.empty())
      return;
    OS << fmt::format("**{} module dependencies**\n\n", Title);
    for (const Diff::Dependency &Dep : L)
      OS << fmt::format("- {} → {} (weight {})\n", markdownCode(Dep.From),
                        markdownCode(Dep.To), Dep.Weight);
    OS << "\n";
  };
  Deps("New", D.AddedDependencies);
  Deps("Removed", D.RemovedDependencies);
  auto Cycles = [&](const char *Title, const std::vector<Diff::Cycle> &L) {
    if (L.empty())
      return;
    OS << fmt::format("**{} cycles**\n\n", Title);
    for (const Diff::Cycle &C : L)
      OS << fmt::format("- {}: {}\n", C.Level,
                        markdownCode(join(C.Members, ", ")));
    OS << "\n";
  };
  Cycles("New", D.NewCycles);
  Cycles("Broken", D.BrokenCycles);
  if (!D.Metrics.empty()) {
    OS << "| level | metric | before | after | change |\n"
          "|---|---|---:|---:|---:|\n";
    for (const Diff::MetricDelta &M : D.Metrics)
      OS << fmt::format("| {} | {} | {} | {} | {} |\n", M.Level, M.Metric,
                        showValue(M, M.Old), showValue(M, M.New), showDelta(M));
  }
  if (D.AddedDependencies.empty() && D.RemovedDependencies.empty() &&
      D.NewCycles.empty() && D.BrokenCycles.empty() && D.Metrics.empty())
    OS << "No change to the architecture.\n";
}

void writeDiffJson(const ArchitectureDiff &D, raw_ostream &OS) {
  auto Deps = [](const std::vector<Diff::Dependency> &L) {
    json A = json::array();
    for (const Diff::Dependency &Dep : L)
      A.push_back({{"from", Dep.From}, {"to", Dep.To}, {"weight", Dep.Weight}});
    return A;
  };
  auto Cycles = [](const std::vector<Diff::Cycle> &L) {
    json A = json::array();
    for (const Diff::Cycle &C : L)
      A.push_back({{"level", C.Level}, {"nodes", C.Members}});
    return A;
  };
  json Metrics = json::array();
  for (const Diff::MetricDelta &M : D.Metrics)
    Metrics.push_back({{"level", M.Level},
                       {"metric", M.Metric},
                       {"old", M.Old},
                       {"new", M.New},
                       {"delta", M.New - M.Old}});
  auto Verdict = [](const std::optional<Diff::VerdictSide> &V) {
    return V ? json{{"label", V->Label}, {"score", V->Score}} : json(nullptr);
  };
  json Root = {
      {"format", "strata-diff"},
      {"version", 1},
      {"verdict",
       {{"old", Verdict(D.OldVerdict)}, {"new", Verdict(D.NewVerdict)}}},
      {"dependencies",
       {{"added", Deps(D.AddedDependencies)},
        {"removed", Deps(D.RemovedDependencies)}}},
      {"cycles",
       {{"new", Cycles(D.NewCycles)}, {"broken", Cycles(D.BrokenCycles)}}},
      {"metrics", std::move(Metrics)}};
  OS << dumpJson(Root, 1) << "\n";
}

} // namespace strata::report
