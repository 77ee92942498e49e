//===- ReportTest.cpp - Text and JSON analysis reports --------------------===//
#include "strata/report/Report.h"
#include "strata/report/Escape.h"

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

using namespace strata;
using namespace strata::facts;
using ::testing::HasSubstr;

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
  F.Uses.push_back(U);
  F.normalize();
  return F;
}

std::string text(const graph::Analysis &A) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  report::writeAnalysisText(A, OS);
  return S;
}

} // namespace

TEST(ReportTest, TextNamesTheCycleAndTheEdgeToCut) {
  graph::Analysis A = graph::analyze(cyclePair(), {});
  std::string T = text(A);
  EXPECT_THAT(T, HasSubstr("2 translation units (0 failed), 4 project files"));
  EXPECT_THAT(T, HasSubstr("1. 2 components: a, b\n"
                           "     cut 1 of its 2 edges:\n"
                           "       b -> a  (weight 1)\n"
                           "           b.cpp:2:10: include \"a.h\"\n"));
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
