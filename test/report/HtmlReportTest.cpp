//===- HtmlReportTest.cpp - The architecture review report ----------------===//
#include "strata/report/Html.h"

#include "strata/analysis/Verdict.h"
#include <fmt/format.h>
#include <gmock/gmock.h>

using namespace strata;
using namespace strata::facts;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

constexpr const char *Evil = "ui/<img src=x onerror=alert(1)>.h";

void addFile(FactSet &F, const std::string &Path) {
  F.Files.push_back({Path, false, "", true});
}

void addInclude(FactSet &F, const std::string &From, unsigned Line,
                const std::string &To) {
  F.Includes.push_back({From, Line, 10, To, To, false, false, false});
}

// Three modules: core/a and net/b include each other (a component and a
// module cycle); ui/view includes the hostile header and core/a.h, so the
// ui module depends on core.
FactSet tangled() {
  FactSet F;
  F.Root = "/p";
  for (const char *P :
       {"core/a.cpp", "core/a.h", "net/b.cpp", "net/b.h", "ui/view.cpp", Evil})
    addFile(F, P);
  for (const char *P : {"core/a.cpp", "net/b.cpp", "ui/view.cpp"})
    F.TUs.push_back({P, TUStatus::Ok, 0, ""});
  addInclude(F, "core/a.cpp", 1, "net/b.h");
  addInclude(F, "net/b.cpp", 2, "core/a.h");
  addInclude(F, "ui/view.cpp", 1, Evil);
  addInclude(F, "ui/view.cpp", 2, "core/a.h");
  F.normalize();
  return F;
}

analysis::Verdict verdict() {
  analysis::Verdict V;
  V.Label = analysis::MvpLabel.str();
  V.Score = 0.72;
  V.Confidence = 0.5;
  V.ConfidenceNotes = {"only 3 translation units"};
  analysis::Reason R;
  R.Metric = "core_size";
  R.Description = "core size";
  R.Value = 0.5;
  R.Bad = 0.3;
  R.Weight = 1;
  R.Contribution = 1;
  R.Level = analysis::Band::Bad;
  V.Reasons.push_back(R);
  V.Offenders.push_back({"largest component cycle",
                         "core/a",
                         "2 components",
                         {"core/a.cpp", Evil}});
  return V;
}

std::string render(const graph::Analysis &A, const analysis::Verdict &V,
                   const report::HtmlOptions &O = {}) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  report::writeHtmlReport(A, V, OS, O);
  return S;
}

size_t count(const std::string &Haystack, const std::string &Needle) {
  size_t N = 0;
  for (size_t P = Haystack.find(Needle); P != std::string::npos;
       P = Haystack.find(Needle, P + Needle.size()))
    ++N;
  return N;
}

size_t edgesAt(const graph::Analysis &A, graph::Level L) {
  return A.at(L).Graph.edges().size();
}

} // namespace

TEST(HtmlReportTest, ShowsTheVerdictAndItsReasons) {
  graph::Analysis A = graph::analyze(tangled(), {});
  std::string H = render(A, verdict());
  EXPECT_THAT(H, HasSubstr("<div id=\"verdict\">tightly coupled MVP</div>"));
  EXPECT_THAT(H, HasSubstr("only 3 translation units"));
  EXPECT_THAT(H, HasSubstr("<tr class=\"band-bad\"><td>core size</td>"));
  EXPECT_THAT(H, HasSubstr("data-script-ok"));
}

// The levels beside the verdict, each with what it says, and the level of
// every reason: a reader sees where they disagree.
TEST(HtmlReportTest, ShowsWhatEachLevelSaysBesideTheVerdict) {
  graph::Analysis A = graph::analyze(tangled(), {});
  analysis::Verdict V = analysis::classify(A, analysis::defaultVerdictConfig());
  ASSERT_EQ(V.Levels.size(), 3u);
  std::string H = render(A, V);
  EXPECT_THAT(H, HasSubstr("<h3>What each level says</h3>"));
  for (const analysis::LevelView &L : V.Levels)
    EXPECT_THAT(H, HasSubstr(fmt::format("<tr class=\"says-{}\"><td>{}</td>",
                                         analysis::toString(L.Says).str(),
                                         graph::toString(L.Level).str())));
  EXPECT_THAT(H, HasSubstr("<td>file</td><td class=\"num\">"));
  // NCCD is shown, not scored: grey, not banded.
  EXPECT_THAT(H, HasSubstr("<tr class=\"unscored\"><td>NCCD"));
}

TEST(HtmlReportTest, OneDsmCellPerModuleAndComponentEdge) {
  graph::Analysis A = graph::analyze(tangled(), {});
  // The fixture has edges at both levels, so the count is not trivially 0.
  ASSERT_EQ(edgesAt(A, graph::Level::Module), 3u);
  ASSERT_EQ(edgesAt(A, graph::Level::Component), 4u);
  std::string H = render(A, verdict());
  EXPECT_EQ(count(H, "class=\"dsm-cell\""), 7u);
  EXPECT_EQ(count(H, "<table class=\"dsm\" data-level=\"module\">"), 1u);
  EXPECT_EQ(count(H, "<table class=\"dsm\" data-level=\"component\">"), 1u);
  // The a <-> b cycle: both cells flagged, one of them is the edge to cut.
  EXPECT_EQ(count(H, "data-from=\"core/a\" data-to=\"net/b\" data-cycle"), 1u);
  EXPECT_EQ(count(H, "data-from=\"net/b\" data-to=\"core/a\" data-cycle"), 1u);
  EXPECT_EQ(count(H, "data-cut=\"1\""), 2u); // one per level
}

// Highest level first: the user (column) comes before what it uses (row),
// so in the used node's row the dependency is left of the diagonal.
TEST(HtmlReportTest, DsmPutsDependenciesBelowTheDiagonal) {
  FactSet F;
  F.Root = "/p";
  for (const char *P : {"x/top.cpp", "y/low.h"})
    addFile(F, P);
  F.TUs.push_back({"x/top.cpp", TUStatus::Ok, 0, ""});
  addInclude(F, "x/top.cpp", 1, "y/low.h");
  F.normalize();
  graph::Analysis A = graph::analyze(F, {});
  std::string H = render(A, verdict());
  size_t Table = H.find("<table class=\"dsm\" data-level=\"component\">");
  ASSERT_NE(Table, std::string::npos);
  size_t Row = H.find("<tr><th title=\"y/low", Table);
  ASSERT_NE(Row, std::string::npos);
  size_t Cell = H.find("class=\"dsm-cell\"", Row);
  size_t Diag = H.find("class=\"dsm-diag\"", Row);
  EXPECT_LT(Cell, Diag);
  EXPECT_EQ(H.find("class=\"dsm-cell\"", Table), Cell);
  // And in the picture, level 2 is drawn above level 1.
  EXPECT_LT(H.find(">level 2</text>"), H.find(">level 1</text>"));
}

// Long names are cut at a path separator in the picture; the full name is
// in the hover title.
TEST(HtmlReportTest, CutsLongLabelsAtAPathSeparator) {
  FactSet F;
  F.Root = "/p";
  addFile(F, "deeply/nested/directory/src/parser.cpp");
  F.TUs.push_back(
      {"deeply/nested/directory/src/parser.cpp", TUStatus::Ok, 0, ""});
  F.normalize();
  std::string H = render(graph::analyze(F, {}), verdict());
  EXPECT_THAT(H, HasSubstr("<title>deeply/nested/directory/src/parser&#10;"));
  EXPECT_THAT(H, HasSubstr(">&#8230;/src/parser</text>"));
}

TEST(HtmlReportTest, EscapesHostileNamesEverywhere) {
  graph::Analysis A = graph::analyze(tangled(), {});
  std::string H = render(A, verdict());
  EXPECT_THAT(H, Not(HasSubstr("<img")));
  EXPECT_THAT(H, Not(HasSubstr("onerror=alert(1)>")));
  // As text (offender files), in attributes (DSM cells) and in SVG titles.
  EXPECT_THAT(
      H, HasSubstr("<code>ui/&lt;img src=x onerror=alert(1)&gt;.h</code>"));
  EXPECT_THAT(H,
              HasSubstr("data-to=\"ui/&lt;img src=x onerror=alert(1)&gt;\""));
  EXPECT_THAT(H, HasSubstr("<title>ui/&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_THAT(H, HasSubstr("include &quot;ui/&lt;img"));
}

TEST(HtmlReportTest, IsSelfContainedAndDeterministic) {
  graph::Analysis A = graph::analyze(tangled(), {});
  std::string H = render(A, verdict());
  EXPECT_THAT(H, Not(HasSubstr("http://")));
  EXPECT_THAT(H, Not(HasSubstr("https://")));
  EXPECT_THAT(H, Not(HasSubstr("<script src")));
  EXPECT_THAT(H, Not(HasSubstr("<link")));
  EXPECT_THAT(H, Not(HasSubstr("@import")));
  EXPECT_EQ(count(H, "<script>"), 1u);
  EXPECT_EQ(H, render(A, verdict()));
  EXPECT_EQ(H, render(graph::analyze(tangled(), {}), verdict()));
}

TEST(HtmlReportTest, AggregatesToModulesAboveTheLimit) {
  graph::Analysis A = graph::analyze(tangled(), {});
  report::HtmlOptions O;
  O.MaxComponentsDrawn = 1;
  std::string H = render(A, verdict(), O);
  EXPECT_EQ(count(H, "class=\"dsm-cell\""), edgesAt(A, graph::Level::Module));
  EXPECT_THAT(H, Not(HasSubstr("data-level=\"component\">")));
  EXPECT_THAT(H, HasSubstr("<svg class=\"levels\" data-level=\"module\""));
  EXPECT_THAT(H, HasSubstr("The component DSM is aggregated to modules"));
  EXPECT_THAT(H, HasSubstr("more than the 1 drawn"));
  // Component cycles are still listed, component dots are not plotted.
  EXPECT_THAT(H,
              HasSubstr("<details class=\"cycle\" data-level=\"component\""));
  EXPECT_THAT(H, Not(HasSubstr("class=\"comp\"")));

  std::string Drawn = render(A, verdict());
  EXPECT_THAT(Drawn,
              HasSubstr("<svg class=\"levels\" data-level=\"component\""));
  EXPECT_THAT(Drawn, HasSubstr("class=\"comp\""));
}

TEST(HtmlReportTest, CutEdgesListTheirSourceLines) {
  graph::Analysis A = graph::analyze(tangled(), {});
  report::HtmlOptions O;
  O.EvidencePerEdge = 0;
  std::string H = render(A, verdict(), O);
  EXPECT_THAT(H, HasSubstr("<li>... and 1 more</li>"));
  O.CutEdgesListed = 0;
  H = render(A, verdict(), O);
  EXPECT_THAT(H, HasSubstr("<li>... and 1 more edges to cut"));
  EXPECT_THAT(H, Not(HasSubstr("<ul class=\"evidence\">")));
  H = render(A, verdict());
  EXPECT_THAT(H, ::testing::ContainsRegex(
                     "<li><code>(core/a.cpp:1:10: include &quot;net/b.h&quot;|"
                     "net/b.cpp:2:10: include &quot;core/a.h&quot;)</code>"));
}

// Every include of tangled() is unused (no use is attributed to any): the
// cut of each cycle says so, and the include section lists all four.
TEST(HtmlReportTest, ListsIncludesAndWhatACutTakes) {
  graph::Analysis A = graph::analyze(tangled(), {});
  std::string H = render(A, verdict());
  EXPECT_THAT(H, HasSubstr("<a href=\"#s-includes\">includes</a>"));
  EXPECT_THAT(H, HasSubstr("<h2 id=\"s-includes\">"));
  EXPECT_THAT(H, HasSubstr("(weight 1: include; compile): <span "
                           "class=\"advice\">remove the include</span>"));
  EXPECT_EQ(count(H, "<li data-status=\"unused\">"), 4u);
  EXPECT_THAT(H, HasSubstr("<li data-status=\"unused\"><code>core/a.cpp:1: "
                           "#include \"net/b.h\"</code> unused</li>"));
  EXPECT_THAT(H, HasSubstr("No header relies on declarations its includer "
                           "made."));
  report::HtmlOptions O;
  O.IncludesListed = 1;
  H = render(A, verdict(), O);
  EXPECT_EQ(count(H, "<li data-status="), 1u);
  EXPECT_THAT(H, HasSubstr("<li>... and 3 more (<code>strata analyze --format "
                           "json</code> lists them all)</li>"));
}

// A header relying on its includer is listed, its names escaped.
TEST(HtmlReportTest, ListsReliantUsesEscaped) {
  FactSet F = tangled();
  UseFact U;
  U.File = Evil;
  U.Line = 4;
  U.Kind = UseKind::Param;
  U.Target = "<script>";
  U.TargetKind = EntityKind::Struct;
  U.TargetFile = "core/a.h";
  F.Reliant.push_back(U);
  F.normalize();
  std::string H = render(graph::analyze(F, {}), verdict());
  EXPECT_THAT(H, HasSubstr("1 use in 1 header relies on declarations"));
  EXPECT_THAT(H, HasSubstr("<li><code>ui/&lt;img src=x onerror=alert(1)&gt;.h"
                           ":4: uses &#39;&lt;script&gt;&#39; declared in "
                           "core/a.h, which it does not include</code></li>"));
  EXPECT_THAT(H, Not(HasSubstr("<script>\'")));
}
