//===- CheckReport.cpp - Violations for editors and CI --------------------===//
#include "strata/report/Check.h"

#include "strata/analysis/Diagnostics.h"
#include "strata/report/Escape.h"
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

// As clang writes them, and SARIF's levels but for "note".
const char *levelName(Severity S) {
  static constexpr const char *Names[] = {"error", "warning", "note"};
  return Names[static_cast<int>(S)];
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
  std::vector<Diagnostic> Diags = diagnose(New);
  for (const Diagnostic &D : Diags) {
    if (D.File.empty()) {
      OS << fmt::format("{}: {}: {} [{}]\n", displayPath(Out.ConfigPath, Out),
                        levelName(D.Level), D.Message, D.Rule);
      continue;
    }
    std::string File = displayPath(D.File, Out);
    OS << fmt::format("{}:{}:{}: {}: {} [{}]\n", File, D.Line, D.Column,
                      levelName(D.Level), D.Message, D.Rule);
    for (const Related &N : D.Notes)
      OS << fmt::format("{}:{}:{}: note: {}\n", displayPath(N.File, Out),
                        N.Line, N.Column, N.Message);
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
  if (New.size() != Diags.size())
    OS << fmt::format(" in {} diagnostics", Diags.size());
  if (Baseline)
    OS << fmt::format(" ({} in the baseline, {} stale baseline entr{})",
                      Baseline->Suppressed, Baseline->Stale.size(),
                      Baseline->Stale.size() == 1 ? "y" : "ies");
  OS << "\n";
}

void writeCheckMarkdown(const std::vector<Violation> &New,
                        const BaselineDiff *Baseline, const Verdict *V,
                        const CheckOutput &Out, raw_ostream &OS) {
  std::vector<Diagnostic> Diags = diagnose(New);
  OS << "## strata check: ";
  if (New.empty())
    OS << "no new violations\n\n";
  else
    OS << fmt::format("{} new violation{}\n\n", New.size(),
                      New.size() == 1 ? "" : "s");
  if (V)
    OS << fmt::format("Verdict: **{}** (score {:.2f}, confidence {:.2f}).\n\n",
                      V->Label, V->Score, V->Confidence);
  if (Baseline)
    OS << fmt::format("{} accepted in the baseline, {} stale baseline "
                      "entr{}.\n\n",
                      Baseline->Suppressed, Baseline->Stale.size(),
                      Baseline->Stale.size() == 1 ? "y" : "ies");
  if (New.empty())
    return;
  std::map<std::string, std::pair<size_t, size_t>> ByRule;
  for (const Violation &Vi : New)
    ++ByRule[Vi.Rule].first;
  for (const Diagnostic &D : Diags)
    ++ByRule[D.Rule].second;
  OS << "| rule | violations | diagnostics |\n|---|---:|---:|\n";
  for (const auto &[Rule, N] : ByRule)
    OS << fmt::format("| `{}` | {} | {} |\n", Rule, N.first, N.second);
  constexpr size_t Shown = 50;
  OS << fmt::format("\n<details><summary>{} diagnostic{}{}</summary>\n\n",
                    Diags.size(), Diags.size() == 1 ? "" : "s",
                    Diags.size() > Shown ? fmt::format(" (the first {})", Shown)
                                         : std::string());
  for (size_t I = 0; I < Diags.size() && I < Shown; ++I) {
    const Diagnostic &D = Diags[I];
    std::string Where =
        D.File.empty() ? displayPath(Out.ConfigPath, Out)
                       : fmt::format("{}:{}", displayPath(D.File, Out), D.Line);
    OS << fmt::format("- `{}` {} ({})\n", Where, escapeMarkdown(D.Message),
                      D.Rule);
  }
  OS << "\n</details>\n";
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
  for (const Diagnostic &D : diagnose(New)) {
    json Result = {{"ruleId", D.Rule},
                   {"ruleIndex", RuleIndex[D.Rule]},
                   {"level", levelName(D.Level)},
                   {"message", {{"text", D.Message}}}};
    json Related = json::array();
    if (D.File.empty()) {
      Result["locations"] = {sarifLocation(Out.ConfigPath, 0, 0, Out)};
    } else {
      Result["locations"] = {sarifLocation(D.File, D.Line, D.Column, Out)};
      for (const analysis::Related &N : D.Notes) {
        json L = sarifLocation(N.File, N.Line, N.Column, Out);
        L["id"] = Related.size() + 1;
        L["message"] = {{"text", N.Message}};
        Related.push_back(std::move(L));
      }
    }
    if (!Related.empty())
      Result["relatedLocations"] = std::move(Related);
    // Fingerprints come from identities, edges and files, not lines, so
    // code scanning tracks a result across unrelated edits as the baseline
    // does.
    Result["partialFingerprints"] = {
        {"strataIdentity/v1",
         utohexstr(xxh3_64bits(D.Key), /*LowerCase=*/true, 16)}};
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
