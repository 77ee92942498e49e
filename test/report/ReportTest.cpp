//===- ReportTest.cpp - Text and JSON analysis reports --------------------===//
#include "strata/report/Report.h"
#include "strata/analysis/Rules.h"
#include "strata/graph/Path.h"
#include "strata/report/Check.h"
#include "strata/report/Escape.h"

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

using namespace strata;
using namespace strata::facts;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

// a.cpp includes b.h (line 1) and calls b::f (line 4); b.cpp includes a.h
// (line 2): components a and b form a cycle, whose lighter edge b -> a
// (weight 1 against 2) is the one to cut.
FactSet cyclePair() {
  FactSet F;
  F.Root = "/p";
  for (const char *P : {"a.cpp", "a.h", "b.cpp", "b.h"})
    F.Files.push_back({P, false, "", true});
  F.TUs.push_back({"a.cpp", TUStatus::Ok, 0, ""});
  F.TUs.push_back({"b.cpp", TUStatus::Ok, 0, ""});
  F.Includes.push_back({"a.cpp", 1, 10, "b.h", "b.h", false, false, false});
  F.Includes.push_back({"b.cpp", 2, 10, "a.h", "a.h", false, false, false});
  UseFact U;
  U.File = "a.cpp";
  U.Line = 4;
  U.Column = 3;
  U.Kind = UseKind::Call;
  U.Target = "b::f";
  U.TargetKind = EntityKind::Function;
  U.TargetFile = "b.h";
  U.TargetLine = 1;
  U.Via = 1;
  F.Uses.push_back(U);
  F.normalize();
  return F;
}

// The C god header with more findings. app.h declares f and g; a.c
// includes app.h (1) and u.h (2), defines g and calls f (line 5, via 1);
// b.c includes app.h (1) and p.h (2), defines f, calls g (line 7, via 1)
// and holds a P* (line 6, via 2). r.h uses T (line 3) and V (line 4) and
// s.h uses T (line 2), all declared only by their includers.
// Components a and b form a cycle of two link edges (w1 each); the tie
// puts a first and cuts b -> a. Includes: a.c:1 and b.c:1 used, a.c:2
// unused, b.c:2 forward-declarable (P). Reliant: 3 uses in 2 headers.
FactSet godHeader() {
  FactSet F;
  F.Root = "/p";
  for (const char *P :
       {"app.h", "a.c", "b.c", "u.h", "p.h", "r.h", "s.h", "t.h"})
    F.Files.push_back({P, false, "", true});
  F.TUs.push_back({"a.c", TUStatus::Ok, 0, ""});
  F.TUs.push_back({"b.c", TUStatus::Ok, 0, ""});
  auto Inc = [&](const char *From, unsigned Line, const char *To) {
    F.Includes.push_back({From, Line, 10, To, To, false, false, false});
  };
  Inc("a.c", 1, "app.h");
  Inc("a.c", 2, "u.h");
  Inc("b.c", 1, "app.h");
  Inc("b.c", 2, "p.h");
  auto Fn = [&](const char *Name, const char *File, bool Definition) {
    EntityFact E;
    E.Name = Name;
    E.Kind = EntityKind::Function;
    E.File = File;
    E.Line = 3;
    E.Definition = Definition;
    E.Symbol = std::string("sym-") + Name;
    F.Entities.push_back(E);
  };
  Fn("f", "app.h", false);
  Fn("g", "app.h", false);
  Fn("g", "a.c", true);
  Fn("f", "b.c", true);
  auto Use = [&](const char *File, unsigned Line, UseKind K, const char *Target,
                 EntityKind TK, const char *TargetFile, unsigned Via) {
    UseFact U;
    U.File = File;
    U.Line = Line;
    U.Column = 3;
    U.Kind = K;
    U.Target = Target;
    U.TargetKind = TK;
    U.TargetFile = TargetFile;
    U.TargetLine = 1;
    U.Via = Via;
    if (TK == EntityKind::Function)
      U.Symbol = std::string("sym-") + Target;
    return U;
  };
  F.Uses.push_back(
      Use("a.c", 5, UseKind::Call, "f", EntityKind::Function, "app.h", 1));
  F.Uses.push_back(
      Use("b.c", 7, UseKind::Call, "g", EntityKind::Function, "app.h", 1));
  F.Uses.push_back(
      Use("b.c", 6, UseKind::Param, "P", EntityKind::Struct, "p.h", 2));
  F.Reliant.push_back(
      Use("r.h", 3, UseKind::Param, "T", EntityKind::Struct, "t.h", 0));
  F.Reliant.push_back(
      Use("r.h", 4, UseKind::Param, "V", EntityKind::Struct, "t.h", 0));
  F.Reliant.push_back(
      Use("s.h", 2, UseKind::Field, "T", EntityKind::Struct, "t.h", 0));
  F.normalize();
  return F;
}

std::string text(const graph::Analysis &A, const report::TextOptions &O = {}) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  report::writeAnalysisText(A, OS, O);
  return S;
}

nlohmann::json json(const graph::Analysis &A) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  report::writeAnalysisJson(A, OS);
  return nlohmann::json::parse(S);
}

} // namespace

TEST(ReportTest, TextNamesTheCycleAndTheEdgeToCut) {
  graph::Analysis A = graph::analyze(cyclePair(), {});
  std::string T = text(A);
  EXPECT_THAT(T, HasSubstr("2 translation units (0 failed), 4 project files"));
  EXPECT_THAT(T, HasSubstr("1. 2 components: a, b\n"
                           "     cut 1 of its 2 edges:\n"
                           "       b -> a  (weight 1): remove the include\n"
                           "           b.cpp:2:10: include \"a.h\"\n"));
}

TEST(ReportTest, TextShowsLinkEvidenceIncludesAndReliantHeaders) {
  graph::Analysis A = graph::analyze(godHeader(), {});
  std::string T = text(A);
  // A link edge is no mechanical cut: no advice after its weight.
  EXPECT_THAT(T, HasSubstr("     cut 1 of its 2 edges:\n"
                           "       b -> a  (weight 1)\n"
                           "           b.c:7:3: call g (link)\n"));
  EXPECT_THAT(T, HasSubstr("\nIncludes: 4 project includes classified: 2 "
                           "used, 1 forward-declarable, 1 unused\n"
                           "  unused:\n"
                           "    a.c:2: #include \"u.h\"\n"
                           "  forward-declarable:\n"
                           "    b.c:2: #include \"p.h\"  (forward-declare P)\n"
                           "\nSelf-sufficiency: 3 uses in 2 headers rely on "
                           "declarations their includer made first; such a "
                           "header does not compile on its own (--reliant "
                           "lists them)\n"));
  report::TextOptions Short;
  Short.IncludesListed = 1;
  Short.ListReliant = true;
  T = text(A, Short);
  EXPECT_THAT(T, HasSubstr("  unused:\n"
                           "    a.c:2: #include \"u.h\"\n"
                           "  ... and 1 more (--all-includes lists them)\n"));
  EXPECT_THAT(T, Not(HasSubstr("forward-declarable:\n")));
  EXPECT_THAT(T, HasSubstr("own:\n"
                           "  r.h:3: uses 'T' declared in t.h, which it does "
                           "not include\n"
                           "  r.h:4: uses 'V' declared in t.h, which it does "
                           "not include\n"
                           "  s.h:2: uses 'T' declared in t.h, which it does "
                           "not include\n"));
}

// `strata why` prints the path's evidence, link evidence marked.
TEST(ReportTest, PathTextMarksLinkEvidence) {
  graph::DependencyGraph G =
      graph::buildGraph(godHeader(), {graph::Level::Component});
  auto Path = graph::shortestPath(G, *G.find("a"), *G.find("b"));
  ASSERT_TRUE(Path.has_value());
  std::string S;
  llvm::raw_string_ostream OS(S);
  report::writePathText(G, *Path, OS, 3);
  EXPECT_EQ(S, "  a -> b  (weight 1)\n      a.c:5:3: call f (link)\n");
}

TEST(ReportTest, JsonHasNaturesCutsIncludesAndReliantUses) {
  nlohmann::json J = json(graph::analyze(godHeader(), {}));
  EXPECT_EQ(J["version"], 2);
  EXPECT_EQ(J["options"]["edges"], "all");
  const nlohmann::json &C = J["levels"]["component"];
  // a -> app, a -> b, a -> u, b -> a, b -> app, b -> p.
  ASSERT_EQ(C["edges"].size(), 6u);
  EXPECT_EQ(C["edges"][0]["to"], "app");
  EXPECT_EQ(C["edges"][0]["nature"], nlohmann::json({"compile"}));
  EXPECT_EQ(C["edges"][0]["evidence"][0]["nature"], "compile");
  EXPECT_EQ(C["edges"][1]["to"], "b");
  EXPECT_EQ(C["edges"][1]["nature"], nlohmann::json({"link"}));
  EXPECT_EQ(C["edges"][1]["evidence"][0]["nature"], "link");
  EXPECT_EQ(C["edges"][1]["cut_by"], "refactor");
  EXPECT_EQ(C["edges"][1]["forward_declare"], nlohmann::json::array());
  // a -> u is the unused include alone: removing it is the cut.
  EXPECT_EQ(C["edges"][2]["to"], "u");
  EXPECT_EQ(C["edges"][2]["cut_by"], "remove-includes");
  // b -> p: the forward-declarable include and the P* it is used for.
  EXPECT_EQ(C["edges"][5]["cut_by"], "forward-declare");
  EXPECT_EQ(C["edges"][5]["forward_declare"], nlohmann::json({"P"}));
  const nlohmann::json &I = J["includes"];
  EXPECT_EQ(I["classified"], 4);
  EXPECT_EQ(I["used"], 2);
  EXPECT_EQ(I["forward_declarable"], 1);
  EXPECT_EQ(I["unused"], 1);
  EXPECT_EQ(I["used_by_includers"], 0);
  EXPECT_EQ(I["unclassified"], 0);
  ASSERT_EQ(I["list"].size(), 2u);
  EXPECT_EQ(I["list"][0], nlohmann::json::parse(R"({"file":"a.c","line":2,
      "col":10,"spelled":"u.h","target":"u.h","status":"unused",
      "entities":[]})"));
  EXPECT_EQ(I["list"][1]["status"], "forward-declarable");
  EXPECT_EQ(I["list"][1]["entities"], nlohmann::json({"P"}));
  const nlohmann::json &R = J["reliant"];
  EXPECT_EQ(R["uses"], 3);
  EXPECT_EQ(R["headers"], 2);
  ASSERT_EQ(R["list"].size(), 3u);
  EXPECT_EQ(R["list"][2], nlohmann::json::parse(R"({"file":"s.h","line":2,
      "col":3,"kind":"field","target":"T","target_kind":"struct",
      "target_file":"t.h"})"));
  graph::AnalyzeOptions Link;
  Link.Edges = graph::EdgeSelection::Link;
  EXPECT_EQ(json(graph::analyze(godHeader(), Link))["options"]["edges"],
            "link");
}

TEST(ReportTest, JsonCutSaysWhatItTakes) {
  nlohmann::json J = json(graph::analyze(cyclePair(), {}));
  const nlohmann::json &Cut = J["levels"]["component"]["cycles"][0]["cut"];
  ASSERT_EQ(Cut.size(), 1u);
  EXPECT_EQ(Cut[0]["cut_by"], "remove-includes");
  EXPECT_EQ(Cut[0]["nature"], nlohmann::json({"compile"}));
}

TEST(ReportTest, MarkdownCountsIncludesAndSaysWhatACutTakes) {
  graph::Analysis A = graph::analyze(cyclePair(), {});
  analysis::Verdict V = analysis::classify(A, analysis::defaultVerdictConfig());
  std::string S;
  llvm::raw_string_ostream OS(S);
  report::writeMarkdown(A, V, OS);
  EXPECT_THAT(S, HasSubstr("**cut** `b` → `a`: 1 uses (first at `b.cpp`:2): "
                           "remove the include\n"));
  EXPECT_THAT(S, HasSubstr("\nIncludes: **1** unused and **0** "
                           "forward-declarable of 2 project includes.\n"));
  graph::Analysis G = graph::analyze(godHeader(), {});
  S.clear();
  report::writeMarkdown(
      G, analysis::classify(G, analysis::defaultVerdictConfig()), OS);
  EXPECT_THAT(S, HasSubstr("Includes: **1** unused and **1** "
                           "forward-declarable of 4 project includes. **2** "
                           "headers rely on their includer (3 uses): they do "
                           "not compile on their own.\n"));
}

// The Markdown verdict: each reason with its level, and the file,
// component and module levels side by side with what each says.
TEST(ReportTest, MarkdownShowsEachLevelBesideTheVerdict) {
  graph::Analysis A = graph::analyze(cyclePair(), {});
  analysis::Verdict V = analysis::classify(A, analysis::defaultVerdictConfig());
  std::string S;
  llvm::raw_string_ostream OS(S);
  report::writeMarkdown(A, V, OS);
  EXPECT_THAT(S, HasSubstr("| metric | level | value | good | bad | band |"));
  EXPECT_THAT(S, HasSubstr("| core size (largest file cycle group / files) | "
                           "file |"));
  EXPECT_THAT(S, HasSubstr("| level | nodes | edges | core size | relative "
                           "cyclicity | propagation cost | NCCD | says |"));
  // cyclePair: a.cpp <-> b.cpp through their includes, one component each.
  EXPECT_THAT(S, HasSubstr("| component | 2 | 2 | 100.0% | 100.0% |"));
  for (const char *L : {"| file |", "| module |"})
    EXPECT_THAT(S, HasSubstr(L));
  // Notes are sentences.
  EXPECT_THAT(S, HasSubstr(". Small sample: "));
}

// Every reason names its level, every level what it says, and the
// offenders the `strata why` that prints their lines.
TEST(ReportTest, JsonVerdictIsTraceable) {
  graph::Analysis A = graph::analyze(cyclePair(), {});
  analysis::Verdict V = analysis::classify(A, analysis::defaultVerdictConfig());
  std::string S;
  llvm::raw_string_ostream OS(S);
  report::writeAnalysisJson(A, OS, &V);
  nlohmann::json J = nlohmann::json::parse(S)["verdict"];
  for (const nlohmann::json &R : J["reasons"])
    EXPECT_TRUE(R.contains("level") && R["level"].is_string()) << R.dump();
  ASSERT_EQ(J["levels"].size(), 3u);
  EXPECT_EQ(J["levels"][1]["level"], "component");
  // The a <-> b component cycle is 100% cyclic: tangled by Sonargraph's 15%.
  EXPECT_EQ(J["levels"][1]["says"], "tangled");
  EXPECT_EQ(J["offenders"][0]["kind"], "largest component cycle");
  // The edge to cut is b -> a (its include is unused, see above).
  EXPECT_EQ(J["offenders"][0]["why"], "strata why --level component b a");
  EXPECT_EQ(J["modules"]["source"], "directories");
  // The units: the codebase first, with the codebase's label.
  ASSERT_GE(J["units"].size(), 1u);
  EXPECT_EQ(J["units"][0]["label"], J["label"]);
  EXPECT_EQ(J["units"][0]["parent"], nullptr);
}

TEST(ReportTest, JsonHoldsEverything) {
  graph::Analysis A = graph::analyze(cyclePair(), {});
  std::string S;
  llvm::raw_string_ostream OS(S);
  report::writeAnalysisJson(A, OS);
  nlohmann::json J = nlohmann::json::parse(S);
  EXPECT_EQ(J["format"], "strata-analysis");
  EXPECT_EQ(J["version"], report::AnalysisVersion);
  EXPECT_EQ(J["facts"]["translation_units"], 2);
  const nlohmann::json &C = J["levels"]["component"];
  EXPECT_EQ(C["summary"]["nodes"], 2);
  EXPECT_EQ(C["summary"]["cycle_groups"], 1);
  // Both components reach both: CCD 4, PC 4 / 2^2 = 1.
  EXPECT_EQ(C["summary"]["ccd"], 4.0);
  EXPECT_EQ(C["summary"]["propagation_cost"], 1.0);
  ASSERT_EQ(C["edges"].size(), 2u);
  EXPECT_EQ(C["edges"][0]["from"], "a");
  EXPECT_EQ(C["edges"][0]["weight"], 2);
  EXPECT_EQ(C["edges"][0]["kinds"], nlohmann::json({"include", "call"}));
  EXPECT_EQ(C["edges"][0]["evidence"][1]["entity"], "b::f");
  ASSERT_EQ(C["cycles"][0]["edges"].size(), 2u);
  EXPECT_EQ(C["cycles"][0]["edges"][1]["evidence"][0]["file"], "b.cpp");
  ASSERT_EQ(C["cycles"][0]["cut"].size(), 1u);
  EXPECT_EQ(C["cycles"][0]["cut"][0]["from"], "b");
  EXPECT_EQ(C["nodes"][0]["cycle_group"], 0);
  EXPECT_EQ(C["nodes"][0]["role"], "core");
}

// Evidence is written a line at a time, plain names as they are and the
// rest through nlohmann's serializer: names with a quote, a backslash, a
// tab or an invalid byte (alone or together) and non-ASCII UTF-8 make a
// valid document that reads back as nlohmann writes them, the same in a
// level's edges and in its cycle (a.h <-> b.h holds both edges).
TEST(ReportTest, JsonEvidenceNamesAreEscapedAsNlohmannDoes) {
  const std::string Odd = "n::\"q\\\t\xc3\xa9\xff";
  FactSet F;
  F.Root = "/p";
  for (const char *P : {"a.h", "b\"\\\xc3\xa9.h"})
    F.Files.push_back({P, false, "", true});
  const std::string B = "b\"\\\xc3\xa9.h";
  F.Includes.push_back({"a.h", 1, 10, B, B, false, false, false});
  F.Includes.push_back({B, 1, 10, "a.h", "a.h", false, false, false});
  UseFact U;
  U.File = "a.h";
  U.Line = 3;
  U.Column = 5;
  U.Kind = UseKind::Call;
  U.Target = Odd;
  U.TargetKind = EntityKind::Function;
  U.TargetFile = B;
  U.TargetLine = 2;
  U.Via = 1;
  F.Uses.push_back(U);
  U.Target = "n::plain\xc3\xa9";
  U.Line = 4;
  F.Uses.push_back(U);
  // Escapes alone, without a quote beside them.
  U.Target = "n::bad\xff";
  U.Line = 5;
  F.Uses.push_back(U);
  U.Target = "n::tab\t";
  U.Line = 6;
  F.Uses.push_back(U);
  F.normalize();
  graph::Analysis A = graph::analyze(F, {});
  std::string S;
  llvm::raw_string_ostream OS(S);
  report::writeAnalysisJson(A, OS);
  nlohmann::json J = nlohmann::json::parse(S);
  const nlohmann::json &L = J["levels"]["file"];
  ASSERT_EQ(L["edges"].size(), 2u) << S;
  ASSERT_EQ(L["cycles"].size(), 1u) << S;
  EXPECT_EQ(L["edges"], L["cycles"][0]["edges"]);
  const nlohmann::json &Ev = L["edges"][0]["evidence"];
  ASSERT_EQ(Ev.size(), 5u) << S;
  EXPECT_EQ(Ev[2]["entity"], "n::plain\xc3\xa9");
  EXPECT_EQ(Ev[3]["entity"], "n::bad\xef\xbf\xbd"); // U+FFFD
  EXPECT_EQ(Ev[4]["entity"], "n::tab\t");
  EXPECT_EQ(Ev[1]["entity"].get<std::string>().substr(0, 7), "n::\"q\\\t");
  EXPECT_EQ(L["edges"][1]["evidence"][0]["file"], B);
}

TEST(EscapeTest, EachFormatNeutralizesItsMetacharacters) {
  using namespace report;
  EXPECT_EQ(escapeHtml("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(escapeMarkdown("a|b *c* [d](e) <f>"),
            "a\\|b \\*c\\* \\[d\\](e) &lt;f&gt;");
  EXPECT_EQ(escapeDot("say \"hi\"\\\n"), "say \\\"hi\\\"\\\\\\n");
  EXPECT_EQ(escapeMermaid("<b>\"x\"#"), "#lt;b#gt;#quot;x#quot;#35;");
}

// A hostile file name in a cycle reaches every writer; none lets it through
// raw.
TEST(EscapeTest, HostileNamesReachNoWriterRaw) {
  const std::string Evil = "<img src=x onerror=alert(1)>\"|[x](y)";
  FactSet F;
  F.Root = "/p";
  F.Files.push_back({"a.cpp", false, "", true});
  F.Files.push_back({"a.h", false, "", true});
  F.Files.push_back({Evil + ".h", false, "", true});
  F.Includes.push_back(
      {"a.cpp", 1, 10, Evil + ".h", Evil + ".h", false, false, false});
  F.Includes.push_back({Evil + ".h", 1, 10, "a.h", "a.h", false, false, false});
  F.Includes.push_back(
      {"a.h", 1, 10, Evil + ".h", Evil + ".h", false, false, false});
  F.normalize();
  graph::Analysis A = graph::analyze(F, {});
  analysis::Verdict V = analysis::classify(A, analysis::defaultVerdictConfig());
  std::string Md, Dot, Mermaid, Html;
  {
    llvm::raw_string_ostream OS(Md);
    report::writeMarkdown(A, V, OS);
  }
  {
    llvm::raw_string_ostream OS(Dot);
    report::writeDot(A, graph::Level::Component, OS);
  }
  {
    llvm::raw_string_ostream OS(Mermaid);
    report::writeMermaid(A, graph::Level::Component, OS);
  }
  ASSERT_THAT(Md, HasSubstr("&lt;img"));
  for (const std::string *Out : {&Md, &Mermaid})
    EXPECT_EQ(Out->find("<img"), std::string::npos) << *Out;
  EXPECT_EQ(Md.find("[x](y)"), std::string::npos);
  // In DOT the name sits in a quoted string (not an HTML label), where only
  // quotes and backslashes need escaping.
  EXPECT_THAT(Dot,
              HasSubstr("[label=\"<img src=x onerror=alert(1)>\\\"|[x](y)\""));
  EXPECT_THAT(Mermaid, HasSubstr("#lt;img src=x onerror=alert(1)#gt;#quot;"));
}

// `strata check` on the god header with "acyclic: component": the cycle's
// cut is a link edge, and its note says so.
TEST(ReportTest, DiagnosticsMarkLinkEvidence) {
  graph::Analysis A = graph::analyze(godHeader(), {});
  auto C = analysis::parseConfig("rules:\n  - acyclic: component\n", "c.yaml");
  ASSERT_TRUE(bool(C)) << llvm::toString(C.takeError());
  std::vector<analysis::Violation> V =
      analysis::checkRules(*C, A, analysis::classify(A, C->Verdict));
  ASSERT_EQ(V.size(), 1u);
  EXPECT_EQ(V[0].Message, "component cycle of 2: a, b; cut b -> a to break "
                          "it (acyclic rule)");
  // Evidence: the one cut edge b -> a, the call of g at b.c:7.
  // A copy of it first, so the call is a note: the cut edge's include
  // (there is none) or first use is where the diagnostic points.
  std::vector<graph::Evidence> &Sites = V[0].Edges.front().Sites;
  Sites.insert(Sites.begin(), Sites.front());
  Sites.front().Kind = "include";
  Sites.front().Entity = "b.h";
  Sites.front().Line = 1;
  report::CheckOutput Out;
  Out.Root = "/p";
  Out.WorkingDir = "/p";
  std::string S;
  llvm::raw_string_ostream OS(S);
  report::writeDiagnostics(V, nullptr, Out, OS);
  EXPECT_THAT(S, HasSubstr("b.c:7:3: note: call g (link)\n"));
}
