//===- CheckReport.cpp - Violations for editors and CI --------------------===//
#include "strata/report/Check.h"

#include "strata/support/Json.h"
#include "strata/support/Paths.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace llvm;
using namespace strata::analysis;
using nlohmann::json;

namespace strata::report {
namespace {

// Evidence paths are relative to the root; diagnostics are read from the
// working directory, so show them relative to it where possible.
std::string displayPath(StringRef File, const CheckOutput &Out) {
  std::string Abs = normalizePath(File, Out.Root);
  return Out.WorkingDir.empty() ? Abs : relativeTo(Abs, Out.WorkingDir);
}

std::string describe(const graph::Evidence &E) {
  if (E.Kind == "include")
    return "include \"" + E.Entity + "\"";
  return E.Kind + " " + E.Entity +
         (E.Nature == graph::NatureKind::Link ? " (link)" : "");
}

json sarifLocation(StringRef File, unsigned Line, unsigned Column,
                   const CheckOutput &Out) {
  json Artifact;
  std::string Abs = normalizePath(File, Out.Root);
  if (isUnder(Abs, Out.Root)) {
    Artifact = {{"uri", uriReference(relativeTo(Abs, Out.Root))},
                {"uriBaseId", "PROJECTROOT"}};
  } else {
    Artifact = {{"uri", "file://" + uriReference(Abs)}};
  }
  json Physical = {{"artifactLocation", std::move(Artifact)}};
  if (Line > 0)
    Physical["region"] = {{"startLine", Line},
                          {"startColumn", std::max(1u, Column)}};
  return {{"physicalLocation", std::move(Physical)}};
}

} // namespace

void writeDiagnostics(const std::vector<Violation> &New,
                      const BaselineDiff *Baseline, const CheckOutput &Out,
                      raw_ostream &OS) {
  for (const Violation &V : New) {
    if (V.Evidence.empty()) {
      OS << fmt::format("{}: error: {} [{}]\n",
                        displayPath(Out.ConfigPath, Out), V.Message, V.Rule);
      continue;
    }
    const graph::Evidence &First = V.Evidence.front();
    OS << fmt::format("{}:{}:{}: error: {} [{}]\n",
                      displayPath(First.File, Out), First.Line, First.Column,
                      V.Message, V.Rule);
    for (size_t I = 1; I < V.Evidence.size(); ++I) {
      const graph::Evidence &E = V.Evidence[I];
      OS << fmt::format("{}:{}:{}: note: {}\n", displayPath(E.File, Out),
                        E.Line, E.Column, describe(E));
    }
  }
  if (Baseline)
    for (const Baseline::Entry &E : Baseline->Stale)
      OS << fmt::format("{}: warning: baseline entry no longer occurs{}: {} "
                        "[{}]\n",
                        displayPath(Out.ConfigPath, Out),
                        E.EvidenceKeys.empty()
                            ? ""
                            : fmt::format(" ({} of its uses are gone)",
                                          E.EvidenceKeys.size()),
                        E.Identity, E.Rule);
  OS << fmt::format("strata: {} violation{}", New.size(),
                    New.size() == 1 ? "" : "s");
  if (Baseline)
    OS << fmt::format(" ({} in the baseline, {} stale baseline entr{})",
                      Baseline->Suppressed, Baseline->Stale.size(),
                      Baseline->Stale.size() == 1 ? "y" : "ies");
  OS << "\n";
}

void writeSarif(const std::vector<Violation> &New, const CheckOutput &Out,
                raw_ostream &OS) {
  json Rules = json::array();
  std::map<std::string, size_t> RuleIndex;
  for (const RuleInfo &R : ruleInfos()) {
    RuleIndex[R.Id] = Rules.size();
    Rules.push_back({{"id", R.Id},
                     {"name", R.Name},
                     {"shortDescription", {{"text", R.Description}}},
                     {"fullDescription", {{"text", R.Description}}},
                     {"help", {{"text", R.Help}}},
                     {"defaultConfiguration", {{"level", "error"}}}});
  }
  json Results = json::array();
  for (const Violation &V : New) {
    json Result = {{"ruleId", V.Rule},
                   {"ruleIndex", RuleIndex[V.Rule]},
                   {"level", "error"},
                   {"message", {{"text", V.Message}}}};
    json Locations = json::array(), Related = json::array();
    if (V.Evidence.empty()) {
      Locations.push_back(sarifLocation(Out.ConfigPath, 0, 0, Out));
    } else {
      const graph::Evidence &F = V.Evidence.front();
      Locations.push_back(sarifLocation(F.File, F.Line, F.Column, Out));
      for (size_t I = 1; I < V.Evidence.size(); ++I) {
        const graph::Evidence &E = V.Evidence[I];
        json L = sarifLocation(E.File, E.Line, E.Column, Out);
        L["id"] = I;
        L["message"] = {{"text", describe(E)}};
        Related.push_back(std::move(L));
      }
    }
    Result["locations"] = std::move(Locations);
    if (!Related.empty())
      Result["relatedLocations"] = std::move(Related);
    // Fingerprints come from identities, not lines, so code scanning tracks
    // a violation across unrelated edits as the baseline does.
    Result["partialFingerprints"] = {
        {"strataIdentity/v1",
         utohexstr(xxh3_64bits(V.Identity), /*LowerCase=*/true, 16)}};
    Results.push_back(std::move(Result));
  }
  std::string RootUri = "file://" + uriReference(Out.Root);
  if (!StringRef(RootUri).ends_with("/"))
    RootUri += "/";
  json Log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs",
               {{{"tool",
                  {{"driver",
                    {{"name", "strata"},
                     {"version", Out.ToolVersion},
                     {"rules", std::move(Rules)}}}}},
                 {"originalUriBaseIds", {{"PROJECTROOT", {{"uri", RootUri}}}}},
                 {"results", std::move(Results)}}}}};
  OS << dumpJson(Log, 1) << "\n";
}

} // namespace strata::report
