//===- LinkTest.cpp - Link-time edges and the edge selection --------------===//
//
// Facts built by hand; every expected edge is derived in the comment above
// its test. A component of a lone file is its stem ("a" for a.c).
//
//===----------------------------------------------------------------------===//
#include "strata/graph/Graph.h"
#include "strata/graph/Metrics.h"
#include "strata/graph/Path.h"

#include "FactBuilder.h"

#include <gmock/gmock.h>

using namespace strata::graph;
using namespace strata::facts;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

using Builder = strata::test::FactBuilder;

// The C god header: app.h declares f and g; a.c includes it (line 1),
// defines g and calls f (line 5); b.c includes it (line 1), defines f and
// calls g (line 7). Compile time every call targets app.h; link time a.c
// needs b.c (f) and b.c needs a.c (g).
FactSet godHeader() {
  Builder B;
  for (const char *P : {"app.h", "a.c", "b.c"})
    B.file(P);
  B.include("a.c", 1, "app.h");
  B.include("b.c", 1, "app.h");
  B.entity("f", EntityKind::Function, "app.h", 1, false, "F");
  B.entity("g", EntityKind::Function, "app.h", 2, false, "G");
  B.entity("g", EntityKind::Function, "a.c", 3, true, "G");
  B.entity("f", EntityKind::Function, "b.c", 3, true, "F");
  B.call("a.c", 5, "f", "app.h", 1, "F");
  B.call("b.c", 7, "g", "app.h", 1, "G");
  return B.done();
}

std::vector<std::string> edges(const DependencyGraph &G) {
  std::vector<std::string> Out;
  for (const Edge &E : G.edges())
    Out.push_back(G.nodes()[E.From].Name + " -> " + G.nodes()[E.To].Name +
                  " w" + std::to_string(E.Weight));
  return Out;
}

std::vector<std::string> natures(const DependencyGraph &G) {
  std::vector<std::string> Out;
  for (const Edge &E : G.edges()) {
    std::string N;
    for (const std::string &X : natureNames(E.Natures))
      N += (N.empty() ? "" : "+") + X;
    Out.push_back(N);
  }
  return Out;
}

DependencyGraph at(const FactSet &F, Level L,
                   EdgeSelection S = EdgeSelection::All) {
  return buildGraph(F, {L, S});
}

} // namespace

// Component level, all edges: a -> app (include + compile call, w2),
// a -> b (link call of f, w1), b -> a (link call of g, w1), b -> app (w2).
// a and b form a cycle through the link edges alone.
TEST(LinkTest, GodHeaderCycleComesFromLinkEdges) {
  DependencyGraph G = at(godHeader(), Level::Component);
  EXPECT_THAT(edges(G), ElementsAre("a -> app w2", "a -> b w1", "b -> a w1",
                                    "b -> app w2"));
  EXPECT_THAT(natures(G), ElementsAre("compile", "link", "link", "compile"));
  const Edge &AB = G.edges()[1];
  ASSERT_EQ(AB.Sites.size(), 1u);
  EXPECT_EQ(AB.Sites[0].File, "a.c");
  EXPECT_EQ(AB.Sites[0].Line, 5u);
  EXPECT_EQ(AB.Sites[0].Kind, "call");
  EXPECT_EQ(AB.Sites[0].Entity, "f");
  EXPECT_EQ(AB.Sites[0].Nature, NatureKind::Link);
  EXPECT_THAT(kindNames(AB.Kinds), ElementsAre("call"));
  // The compile evidence of a -> app is the include and the call.
  EXPECT_EQ(G.edges()[0].Sites[1].Nature, NatureKind::Compile);

  GraphMetrics M = computeMetrics(G, 1);
  ASSERT_EQ(M.Cycles.size(), 1u);
  ASSERT_EQ(M.Cycles[0].Nodes.size(), 2u);
  EXPECT_EQ(G.nodes()[M.Cycles[0].Nodes[0]].Name, "a");
  EXPECT_EQ(G.nodes()[M.Cycles[0].Nodes[1]].Name, "b");
  // Link evidence cannot be cut mechanically.
  for (unsigned EI : M.Cycles[0].Cut)
    EXPECT_EQ(G.edges()[EI].Cut, CutKind::Refactor);

  // Compile time alone is a star around app.h: no cycle.
  DependencyGraph Compile =
      at(godHeader(), Level::Component, EdgeSelection::Compile);
  EXPECT_THAT(edges(Compile), ElementsAre("a -> app w2", "b -> app w2"));
  EXPECT_TRUE(computeMetrics(Compile, 1).Cycles.empty());
}

// Each selection on the god header at file level (a.c, app.h, b.c):
// includes: a.c -> app.h, b.c -> app.h, each the include alone (w1);
// uses: the calls, compile (to app.h) and link (to the other .c);
// compile: includes and compile calls (w2 each);
// link: the link calls only; all: everything.
TEST(LinkTest, EdgeSelection) {
  FactSet F = godHeader();
  EXPECT_THAT(edges(at(F, Level::File, EdgeSelection::Includes)),
              ElementsAre("a.c -> app.h w1", "b.c -> app.h w1"));
  DependencyGraph Uses = at(F, Level::File, EdgeSelection::Uses);
  EXPECT_THAT(edges(Uses), ElementsAre("a.c -> app.h w1", "a.c -> b.c w1",
                                       "b.c -> a.c w1", "b.c -> app.h w1"));
  EXPECT_THAT(kindNames(Uses.edges()[0].Kinds), ElementsAre("call"));
  EXPECT_THAT(edges(at(F, Level::File, EdgeSelection::Compile)),
              ElementsAre("a.c -> app.h w2", "b.c -> app.h w2"));
  EXPECT_THAT(edges(at(F, Level::File, EdgeSelection::Link)),
              ElementsAre("a.c -> b.c w1", "b.c -> a.c w1"));
  EXPECT_THAT(edges(at(F, Level::File)),
              ElementsAre("a.c -> app.h w2", "a.c -> b.c w1", "b.c -> a.c w1",
                          "b.c -> app.h w2"));
  // Modules: every file is in the root directory, so no module edge at all.
  EXPECT_THAT(edges(at(F, Level::Module)), IsEmpty());
}

TEST(LinkTest, EdgeSelectionNames) {
  for (const char *Name : {"includes", "uses", "compile", "link", "all"}) {
    std::optional<EdgeSelection> S = parseEdgeSelection(Name);
    ASSERT_TRUE(S.has_value()) << Name;
    EXPECT_EQ(toString(*S), Name);
  }
  EXPECT_FALSE(parseEdgeSelection("both").has_value());
  EXPECT_FALSE(parseEdgeSelection("").has_value());
}

// `strata why` at component level finds a -> b through the link edge, and
// shows its evidence as link evidence.
TEST(LinkTest, WhyFollowsLinkEdges) {
  DependencyGraph G = at(godHeader(), Level::Component);
  auto A = resolveNode(G, "a.c", ModuleMap()),
       B = resolveNode(G, "b", ModuleMap());
  ASSERT_TRUE(A && B);
  auto Path = shortestPath(G, *A, *B);
  ASSERT_TRUE(Path.has_value());
  ASSERT_EQ(Path->size(), 1u);
  EXPECT_EQ(G.edges()[(*Path)[0]].Sites[0].Nature, NatureKind::Link);
  DependencyGraph Compile =
      at(godHeader(), Level::Component, EdgeSelection::Compile);
  EXPECT_FALSE(shortestPath(Compile, *Compile.find("a"), *Compile.find("b"))
                   .has_value());
}

// C++ overloads: h.hpp declares ns::h(int) (symbol H1) and ns::h(double)
// (H2); x.cpp defines the first, y.cpp the second. main.cpp calls h(1)
// (H1, line 3) and z.cpp calls h(2.0) (H2, line 4): main.cpp links to
// x.cpp only and z.cpp to y.cpp only, although the names are equal.
TEST(LinkTest, OverloadsLinkToTheirOwnDefinition) {
  Builder B;
  for (const char *P : {"h.hpp", "x.cpp", "y.cpp", "main.cpp", "z.cpp"})
    B.file(P);
  B.entity("ns::h", EntityKind::Function, "h.hpp", 1, false, "H1");
  B.entity("ns::h", EntityKind::Function, "h.hpp", 2, false, "H2");
  B.entity("ns::h", EntityKind::Function, "x.cpp", 1, true, "H1");
  B.entity("ns::h", EntityKind::Function, "y.cpp", 1, true, "H2");
  B.call("main.cpp", 3, "ns::h", "h.hpp", 0, "H1");
  B.call("z.cpp", 4, "ns::h", "h.hpp", 0, "H2");
  DependencyGraph G = at(B.done(), Level::File, EdgeSelection::Link);
  EXPECT_THAT(edges(G),
              ElementsAre("main.cpp -> x.cpp w1", "z.cpp -> y.cpp w1"));
}

// A symbol defined in two files (a program built in two variants) links to
// both; a symbol defined nowhere in the project (libc) and a call of a
// function defined in the calling file itself make no link edge.
TEST(LinkTest, EveryDefinitionLinksAndNoneMeansNoEdge) {
  Builder B;
  for (const char *P : {"u.c", "p1.c", "p2.c"})
    B.file(P);
  B.entity("port", EntityKind::Function, "p1.c", 1, true, "P");
  B.entity("port", EntityKind::Function, "p2.c", 1, true, "P");
  B.entity("local", EntityKind::Function, "u.c", 1, true, "L");
  B.call("u.c", 3, "port", "u.c", 0, "P");
  B.call("u.c", 4, "printf", "/usr/include/stdio.h", 0, "PRINTF").External =
      true;
  B.call("u.c", 5, "local", "u.c", 0, "L");
  DependencyGraph G = at(B.done(), Level::File);
  EXPECT_THAT(edges(G), ElementsAre("u.c -> p1.c w1", "u.c -> p2.c w1"));
}

// b.h declares f and b.c defines it: component b. a.c includes b.h
// (line 1) and calls f (line 2). The component edge a -> b holds the
// include, the call as compile evidence (to b.h) and the call as link
// evidence (to b.c): three pieces of evidence, two lines of code (w2), both
// natures.
TEST(LinkTest, OneUseSiteIsCompileAndLinkEvidenceButWeighsOnce) {
  Builder B;
  for (const char *P : {"a.c", "b.h", "b.c"})
    B.file(P);
  B.include("a.c", 1, "b.h");
  B.include("b.c", 1, "b.h");
  B.entity("f", EntityKind::Function, "b.h", 1, false, "F");
  B.entity("f", EntityKind::Function, "b.c", 2, true, "F");
  B.call("a.c", 2, "f", "b.h", 1, "F");
  DependencyGraph G = at(B.done(), Level::Component);
  ASSERT_THAT(edges(G), ElementsAre("a -> b w2"));
  const Edge &E = G.edges()[0];
  EXPECT_THAT(natureNames(E.Natures), ElementsAre("compile", "link"));
  ASSERT_EQ(E.Sites.size(), 3u);
  EXPECT_EQ(E.Sites[0].Kind, "include");
  EXPECT_EQ(E.Sites[1].Nature, NatureKind::Compile); // sorted: compile first
  EXPECT_EQ(E.Sites[2].Nature, NatureKind::Link);
  // Ca of b counts a.c once, although it depends on b.h and b.c.
  EXPECT_EQ(G.nodes()[1].AfferentUnits, 1u);
}

// r.h uses `Config` only its includer declared (a reliant use, to c.h),
// and calls `log`, defined in log.c. The reliant use makes no compile edge
// r.h -> c.h, but its call still needs log.c to link.
TEST(LinkTest, ReliantUsesLinkButDoNotCompile) {
  Builder B;
  for (const char *P : {"r.h", "c.h", "log.c"})
    B.file(P);
  B.entity("log", EntityKind::Function, "log.c", 1, true, "LOG");
  UseFact Config;
  Config.File = "r.h";
  Config.Line = 2;
  Config.Kind = UseKind::Param;
  Config.Target = "Config";
  Config.TargetKind = EntityKind::Struct;
  Config.TargetFile = "c.h";
  B.F.Reliant.push_back(Config);
  UseFact Log = Config;
  Log.Line = 3;
  Log.Kind = UseKind::Call;
  Log.Target = "log";
  Log.TargetKind = EntityKind::Function;
  Log.TargetFile = "c.h";
  Log.Symbol = "LOG";
  B.F.Reliant.push_back(Log);
  FactSet F = B.done();
  EXPECT_THAT(edges(at(F, Level::File)), ElementsAre("r.h -> log.c w1"));
  EXPECT_THAT(edges(at(F, Level::File, EdgeSelection::Compile)), IsEmpty());
}

// Logical graphs stay entity to entity: the link edge a.c -> b.c changes
// nothing at namespace level, whose one node holds f and g; only
// `--edges includes` leaves them without uses.
TEST(LinkTest, LogicalGraphsKeepEveryUse) {
  Builder B;
  for (const char *P : {"x.cpp", "y.cpp"})
    B.file(P);
  B.entity("p::f", EntityKind::Function, "y.cpp", 1, true, "F");
  UseFact &U = B.call("x.cpp", 2, "p::f", "y.cpp", 0, "F");
  U.FromNamespace = "q";
  U.ToNamespace = "p";
  FactSet F = B.done();
  for (EdgeSelection S : {EdgeSelection::Uses, EdgeSelection::Compile,
                          EdgeSelection::Link, EdgeSelection::All}) {
    DependencyGraph G = at(F, Level::Namespace, S);
    EXPECT_THAT(edges(G), ElementsAre("q -> p w1")) << toString(S).str();
    EXPECT_THAT(natureNames(G.edges()[0].Natures), ElementsAre("compile"));
  }
  EXPECT_THAT(edges(at(F, Level::Namespace, EdgeSelection::Includes)),
              IsEmpty());
}

// Two programs in one directory each define a static helper h (one
// symbol name, as redis's server.c and redis-cli.c both define
// bytesToHuman): server.c calls its own, so it links to itself (no edge),
// never to cli.c. A third file, tool/t.c, defines nothing and calls h:
// both definers are as near (the root is their only shared directory), so
// it keeps both.
TEST(LinkTest, AFileThatDefinesASymbolLinksToItsOwnDefinition) {
  Builder B;
  for (const char *P : {"server.c", "cli.c", "tool/t.c"})
    B.file(P);
  B.entity("h", EntityKind::Function, "server.c", 1, true, "H");
  B.entity("h", EntityKind::Function, "cli.c", 1, true, "H");
  B.call("server.c", 9, "h", "server.c", 0, "H");
  B.call("tool/t.c", 3, "h", "server.c", 0, "H");
  DependencyGraph G = at(B.done(), Level::File, EdgeSelection::Link);
  EXPECT_THAT(edges(G),
              ElementsAre("tool/t.c -> cli.c w1", "tool/t.c -> server.c w1"));
}

// Two copies of one program side by side (a/, b/): main.c in each calls
// f, defined in each copy's f.c. Each links to the definition nearest it,
// the one in its own directory.
TEST(LinkTest, ALinkGoesToTheNearestDefinition) {
  Builder B;
  for (const char *P : {"a/main.c", "a/f.c", "b/main.c", "b/f.c"})
    B.file(P);
  B.entity("f", EntityKind::Function, "a/f.c", 1, true, "F");
  B.entity("f", EntityKind::Function, "b/f.c", 1, true, "F");
  B.call("a/main.c", 2, "f", "a/f.c", 0, "F");
  B.call("b/main.c", 2, "f", "b/f.c", 0, "F");
  DependencyGraph G = at(B.done(), Level::File, EdgeSelection::Link);
  EXPECT_THAT(edges(G),
              ElementsAre("a/main.c -> a/f.c w1", "b/main.c -> b/f.c w1"));
  // The build says more: the nearest is chosen among the definitions the
  // filter allows. Allowing none in b/, b/main.c links to a/f.c.
  GraphOptions O{Level::File, EdgeSelection::Link};
  O.CanLink = [](llvm::StringRef, llvm::StringRef Definer) {
    return !Definer.starts_with("b/");
  };
  EXPECT_THAT(edges(buildGraph(B.F, O)),
              ElementsAre("a/main.c -> a/f.c w1", "b/main.c -> a/f.c w1"));
}
