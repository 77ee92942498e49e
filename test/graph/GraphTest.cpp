//===- GraphTest.cpp - Graphs from facts at every level -------------------===//
#include "strata/graph/Graph.h"
#include "strata/graph/Metrics.h"
#include "strata/graph/Path.h"

#include <gmock/gmock.h>

using namespace strata::graph;
using namespace strata::facts;
using ::testing::ElementsAre;

namespace {

// src/a/x.{h,cpp} and src/a/y.h; src/b/z.{h,cpp}. x.cpp includes x.h and
// b/z.h and calls and derives from what z.h declares; z.h includes a/y.h.
FactSet sample() {
  FactSet F;
  F.Root = "/p";
  for (const char *P :
       {"src/a/x.cpp", "src/a/x.h", "src/a/y.h", "src/b/z.cpp", "src/b/z.h"})
    F.Files.push_back({P, false, "", true});
  F.Files.push_back({"/usr/include/stdio.h", true, "", true});
  auto Inc = [&](const char *From, unsigned Line, const char *To,
                 bool External = false) {
    F.Includes.push_back({From, Line, 10, To, To, false, External, External});
  };
  Inc("src/a/x.cpp", 1, "src/a/x.h");
  Inc("src/a/x.cpp", 2, "src/b/z.h");
  Inc("src/a/x.cpp", 3, "/usr/include/stdio.h", true);
  Inc("src/b/z.cpp", 1, "src/b/z.h");
  Inc("src/b/z.h", 1, "src/a/y.h");
  auto Use = [&](const char *File, unsigned Line, UseKind K, const char *From,
                 const char *Target, const char *TargetFile,
                 const char *ToClass) {
    UseFact U;
    U.File = File;
    U.Line = Line;
    U.Column = 1;
    U.Kind = K;
    U.FromClass = From;
    U.FromNamespace = "ns";
    U.Target = Target;
    U.TargetKind = EntityKind::Method;
    U.TargetFile = TargetFile;
    U.ToClass = ToClass;
    U.ToNamespace = std::string(ToClass).empty() ? "" : "ns";
    F.Uses.push_back(U);
  };
  Use("src/a/x.cpp", 5, UseKind::Call, "ns::X", "ns::Z::g", "src/b/z.h",
      "ns::Z");
  Use("src/a/x.cpp", 6, UseKind::Base, "ns::X", "ns::Z", "src/b/z.h", "ns::Z");
  Use("src/b/z.h", 3, UseKind::Field, "ns::Z", "ns::Y", "src/a/y.h", "ns::Y");
  auto Entity = [&](const char *Name, EntityKind K, const char *File,
                    const char *Parent, bool Abstract) {
    EntityFact E;
    E.Name = Name;
    E.Kind = K;
    E.File = File;
    E.Line = 1;
    E.Parent = Parent;
    E.Definition = true;
    E.Abstract = Abstract;
    F.Entities.push_back(E);
  };
  Entity("ns", EntityKind::Namespace, "src/a/x.h", "", false);
  Entity("ns::X", EntityKind::Class, "src/a/x.h", "ns", true);
  Entity("ns::Y", EntityKind::Struct, "src/a/y.h", "ns", false);
  Entity("ns::Z", EntityKind::Class, "src/b/z.h", "ns", false);
  Entity("ns::Z::g", EntityKind::Method, "src/b/z.h", "ns::Z", false);
  F.normalize();
  return F;
}

std::vector<std::string> names(const DependencyGraph &G) {
  std::vector<std::string> N;
  for (const Node &X : G.nodes())
    N.push_back(X.Name);
  return N;
}

std::vector<std::string> edges(const DependencyGraph &G) {
  std::vector<std::string> Out;
  for (const Edge &E : G.edges())
    Out.push_back(G.nodes()[E.From].Name + " -> " + G.nodes()[E.To].Name +
                  " w" + std::to_string(E.Weight));
  return Out;
}

} // namespace

TEST(GraphTest, FileLevel) {
  DependencyGraph G = buildGraph(sample(), {Level::File});
  EXPECT_THAT(names(G), ElementsAre("src/a/x.cpp", "src/a/x.h", "src/a/y.h",
                                    "src/b/z.cpp", "src/b/z.h"));
  // x.cpp -> z.h: one include and two uses. External stdio.h makes no node.
  EXPECT_THAT(edges(G), ElementsAre("src/a/x.cpp -> src/a/x.h w1",
                                    "src/a/x.cpp -> src/b/z.h w3",
                                    "src/b/z.cpp -> src/b/z.h w1",
                                    "src/b/z.h -> src/a/y.h w2"));
  const Edge &E = G.edges()[1];
  EXPECT_THAT(kindNames(E.Kinds), ElementsAre("include", "base", "call"));
  ASSERT_EQ(E.Sites.size(), 3u);
  EXPECT_EQ(E.Sites[0].Line, 2u);
  EXPECT_EQ(E.Sites[0].Kind, "include");
  EXPECT_EQ(E.Sites[1].Kind, "call");
  EXPECT_EQ(E.Sites[1].Entity, "ns::Z::g");
}

TEST(GraphTest, EdgeSelection) {
  DependencyGraph Includes =
      buildGraph(sample(), {Level::File, EdgeSelection::Includes});
  EXPECT_EQ(Includes.edges()[1].Weight, 1u);
  DependencyGraph Uses =
      buildGraph(sample(), {Level::File, EdgeSelection::Uses});
  EXPECT_THAT(edges(Uses), ElementsAre("src/a/x.cpp -> src/b/z.h w2",
                                       "src/b/z.h -> src/a/y.h w1"));
}

TEST(GraphTest, ComponentsPairHeaderAndSource) {
  DependencyGraph G = buildGraph(sample(), {Level::Component});
  EXPECT_THAT(names(G), ElementsAre("src/a/x", "src/a/y", "src/b/z"));
  EXPECT_THAT(G.nodes()[0].Files, ElementsAre("src/a/x.cpp", "src/a/x.h"));
  // x.cpp -> x.h is inside the component; z.cpp -> z.h likewise.
  EXPECT_THAT(edges(G),
              ElementsAre("src/a/x -> src/b/z w3", "src/b/z -> src/a/y w2"));
  EXPECT_EQ(G.nodes()[0].Classes, 1u);
  EXPECT_EQ(G.nodes()[0].AbstractClasses, 1u);
  // Ca of b/z: files outside it that depend on it = {x.cpp}; Ce: {y.h}.
  EXPECT_EQ(G.nodes()[2].AfferentUnits, 1u);
  EXPECT_EQ(G.nodes()[2].EfferentUnits, 1u);
}

TEST(GraphTest, ModulesDefaultOneBelowTheSharedDirectory) {
  FactSet F = sample();
  EXPECT_EQ(defaultModuleDepth(F), 2u); // every file is below src/
  DependencyGraph G = buildGraph(F, {Level::Module});
  EXPECT_THAT(names(G), ElementsAre("src/a", "src/b"));
  EXPECT_THAT(edges(G), ElementsAre("src/a -> src/b w3", "src/b -> src/a w2"));
  DependencyGraph Top = buildGraph(F, {Level::Module, EdgeSelection::All, 1});
  EXPECT_THAT(names(Top), ElementsAre("src"));
  EXPECT_TRUE(Top.edges().empty());
}

TEST(GraphTest, ClassAndNamespaceLevels) {
  DependencyGraph Classes = buildGraph(sample(), {Level::Class});
  EXPECT_THAT(names(Classes), ElementsAre("ns::X", "ns::Y", "ns::Z"));
  EXPECT_THAT(edges(Classes),
              ElementsAre("ns::X -> ns::Z w2", "ns::Z -> ns::Y w1"));
  EXPECT_EQ(Classes.nodes()[2].Entities, 1u); // the method g
  EXPECT_EQ(Classes.nodes()[0].AbstractClasses, 1u);
  DependencyGraph Namespaces = buildGraph(sample(), {Level::Namespace});
  EXPECT_THAT(names(Namespaces), ElementsAre("ns"));
  EXPECT_TRUE(Namespaces.edges().empty()); // every use stays inside ns
}

TEST(GraphTest, WhyFindsTheShortestPathWithEvidence) {
  DependencyGraph G = buildGraph(sample(), {Level::File});
  auto From = resolveNode(G, "src/a/x.cpp", ModuleMap());
  auto To = resolveNode(G, "src/a/y.h", ModuleMap());
  ASSERT_TRUE(From && To);
  auto Path = shortestPath(G, *From, *To);
  ASSERT_TRUE(Path.has_value());
  EXPECT_EQ(edges(G)[(*Path)[0]], "src/a/x.cpp -> src/b/z.h w3");
  EXPECT_EQ(edges(G)[(*Path)[1]], "src/b/z.h -> src/a/y.h w2");
  EXPECT_FALSE(shortestPath(G, *To, *From).has_value());

  DependencyGraph Components = buildGraph(sample(), {Level::Component});
  // A file names its component.
  EXPECT_EQ(resolveNode(Components, "src/b/z.cpp", ModuleMap()), 2u);
  EXPECT_EQ(resolveNode(Components, "src/b/nothing.cpp", ModuleMap()),
            std::nullopt);
}

// Martin's metrics from class facts. Component src/a/x: no file outside
// depends on it (Ca 0), it depends on z.h (Ce 1): I = 1; its one class is
// abstract: A = 1; D = |1 + 1 - 1| = 1. Component src/b/z: Ca = {x.cpp},
// Ce = {y.h}: I = 0.5; class Z is concrete: A = 0, D = 0.5.
TEST(GraphTest, MartinMetricsFromFacts) {
  DependencyGraph G = buildGraph(sample(), {Level::Component});
  GraphMetrics M = computeMetrics(G);
  EXPECT_DOUBLE_EQ(M.PerNode[0].Instability, 1.0);
  EXPECT_DOUBLE_EQ(M.PerNode[0].Abstractness, 1.0);
  EXPECT_DOUBLE_EQ(M.PerNode[0].Distance, 1.0);
  EXPECT_EQ(M.PerNode[2].Ca, 1u);
  EXPECT_EQ(M.PerNode[2].Ce, 1u);
  EXPECT_DOUBLE_EQ(M.PerNode[2].Instability, 0.5);
  EXPECT_DOUBLE_EQ(M.PerNode[2].Abstractness, 0.0);
  EXPECT_DOUBLE_EQ(M.PerNode[2].Distance, 0.5);
}

// include/lib/foo.h is declared by src/foo.cpp, which includes it: one
// component. src/bar.cpp includes no bar.h and stays alone.
TEST(GraphTest, SourceJoinsTheSameStemHeaderItIncludesFromElsewhere) {
  FactSet F;
  F.Root = "/p";
  for (const char *P : {"include/lib/foo.h", "src/foo.cpp", "src/bar.cpp"})
    F.Files.push_back({P, false, "", true});
  F.Includes.push_back({"src/foo.cpp", 1, 10, "lib/foo.h", "include/lib/foo.h",
                        false, false, false});
  F.Includes.push_back({"src/bar.cpp", 1, 10, "lib/foo.h", "include/lib/foo.h",
                        false, false, false});
  F.normalize();
  DependencyGraph G = buildGraph(F, {Level::Component});
  EXPECT_THAT(names(G), ElementsAre("include/lib/foo", "src/bar"));
  EXPECT_THAT(G.nodes()[0].Files,
              ElementsAre("include/lib/foo.h", "src/foo.cpp"));
  EXPECT_THAT(edges(G), ElementsAre("src/bar -> include/lib/foo w1"));
  EXPECT_EQ(resolveNode(G, "src/foo.cpp", ModuleMap()), 0u);
}

// Helpers in an anonymous namespace belong to the enclosing namespace.
TEST(GraphTest, AnonymousNamespacesFoldIntoTheirParent) {
  FactSet F;
  F.Root = "/p";
  UseFact U;
  U.File = "a.cpp";
  U.Line = 1;
  U.Kind = UseKind::Call;
  U.FromNamespace = "app";
  U.Target = "app::(anonymous namespace)::helper";
  U.TargetKind = EntityKind::Function;
  U.TargetFile = "a.cpp";
  U.ToNamespace = "app::(anonymous namespace)";
  F.Uses.push_back(U);
  U.Line = 2;
  U.FromNamespace = "app::(anonymous namespace)";
  U.Target = "lib::f";
  U.ToNamespace = "lib";
  F.Uses.push_back(U);
  F.normalize();
  DependencyGraph G = buildGraph(F, {Level::Namespace});
  EXPECT_THAT(names(G), ElementsAre("app", "lib"));
  EXPECT_THAT(edges(G), ElementsAre("app -> lib w1"));
}

// Outer::Inner uses Outer and Outer uses Inner: one class, no cycle. A use
// from Inner to Other counts as Outer -> Other.
TEST(GraphTest, NestedClassesFoldIntoTheirOutermostClass) {
  FactSet F;
  F.Root = "/p";
  for (const char *Name : {"Outer", "Outer::Inner", "Other"}) {
    EntityFact E;
    E.Name = Name;
    E.Kind = EntityKind::Class;
    E.File = "a.h";
    E.Line = 1;
    E.Parent = std::string(Name) == "Outer::Inner" ? "Outer" : "";
    E.Definition = true;
    F.Entities.push_back(E);
  }
  auto Use = [&](unsigned Line, const char *From, const char *To) {
    UseFact U;
    U.File = "a.h";
    U.Line = Line;
    U.Kind = UseKind::Field;
    U.FromClass = From;
    U.Target = To;
    U.TargetFile = "a.h";
    U.ToClass = To;
    F.Uses.push_back(U);
  };
  Use(1, "Outer::Inner", "Outer");
  Use(2, "Outer", "Outer::Inner");
  Use(3, "Outer::Inner", "Other");
  F.normalize();
  DependencyGraph G = buildGraph(F, {Level::Class});
  EXPECT_THAT(names(G), ElementsAre("Other", "Outer"));
  EXPECT_THAT(edges(G), ElementsAre("Outer -> Other w1"));
  EXPECT_EQ(G.nodes()[1].Entities, 1u); // Inner is a member of Outer
}
