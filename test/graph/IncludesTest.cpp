//===- IncludesTest.cpp - Include classification and cheap cuts ----------===//
//
// Facts built by hand. A use "via N" is attributed to the include on line N
// of its file (UseFact::Via); the expected verdict of each include is
// derived in the comment above its test.
//
//===----------------------------------------------------------------------===//
#include "strata/graph/Includes.h"
#include "strata/graph/Analyze.h"
#include "strata/graph/Graph.h"
#include "strata/graph/Metrics.h"

#include "FactBuilder.h"

#include <gmock/gmock.h>
#include <random>
#include <set>

using namespace strata::graph;
using namespace strata::facts;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

using Builder = strata::test::FactBuilder;

// "file:line status[/kept-for] [entities]" per classified include.
std::vector<std::string> verdicts(const IncludeReport &R) {
  std::vector<std::string> Out;
  for (const IncludeVerdict &V : R.Includes) {
    std::string S =
        V.File + ":" + std::to_string(V.Line) + " " + toString(V.Status).str();
    if (V.Status == IncludeStatusKind::Used)
      S += "/" + toString(V.KeptFor).str();
    for (const std::string &E : V.Entities)
      S += " " + E;
    Out.push_back(S);
  }
  return Out;
}

} // namespace

// x.cpp includes, one per line:
// 1 a.h: ns::A is a base class (needs the definition): used;
// 2 f.h: ns::f is called (a function: no forward declaration of a class
//   can replace it): used;
// 3 p.h: only declaration uses of classes (ns::P twice, struct ns::Q,
//   union U): forward-declarable, those three sorted;
// 4 u.h: nothing attributed (the use via 4 is y.cpp's, and x.cpp's use
//   via 0 is of its own declaration): unused;
// 5 e.h: a declaration use of an enum: used;
// 6 s.h: a declaration use of std::basic_string, external (not ours to
//   forward-declare): used;
// 7 m.h: a macro: used.
TEST(IncludesTest, ClassifiesByTheUsesAttributedToEachInclude) {
  Builder B;
  for (const char *P :
       {"x.cpp", "y.cpp", "a.h", "f.h", "p.h", "u.h", "e.h", "s.h", "m.h"})
    B.file(P);
  const char *Targets[] = {"a.h", "f.h", "p.h", "u.h", "e.h", "s.h", "m.h"};
  for (unsigned I = 0; I < 7; ++I)
    B.include("x.cpp", I + 1, Targets[I]);
  B.use("x.cpp", 10, UseKind::Base, "ns::A", EntityKind::Class, "a.h", 1, true);
  B.use("x.cpp", 11, UseKind::Call, "ns::f", EntityKind::Function, "f.h", 2,
        false);
  B.use("x.cpp", 12, UseKind::Param, "ns::P", EntityKind::Class, "p.h", 3,
        false)
      .ToNamespace = "ns";
  B.use("x.cpp", 13, UseKind::Param, "ns::P", EntityKind::Class, "p.h", 3,
        false)
      .ToNamespace = "ns";
  B.use("x.cpp", 14, UseKind::Friend, "ns::Q", EntityKind::Struct, "p.h", 3,
        false)
      .ToNamespace = "ns";
  B.use("x.cpp", 15, UseKind::TemplateArg, "U", EntityKind::Union, "p.h", 3,
        false);
  B.use("x.cpp", 16, UseKind::Param, "X", EntityKind::Class, "x.cpp", 0, false);
  B.use("y.cpp", 2, UseKind::Base, "ns::A", EntityKind::Class, "u.h", 4, true);
  B.use("x.cpp", 17, UseKind::Param, "ns::E", EntityKind::Enum, "e.h", 5,
        false);
  B.use("x.cpp", 18, UseKind::Param, "std::basic_string", EntityKind::Class,
        "/usr/include/c++/12/bits/basic_string.h", 6, false)
      .External = true;
  B.use("x.cpp", 19, UseKind::Macro, "M", EntityKind::Macro, "m.h", 7, false);
  IncludeReport R = classifyIncludes(B.done());
  EXPECT_THAT(verdicts(R),
              ElementsAre("x.cpp:1 used/itself", "x.cpp:2 used/itself",
                          "x.cpp:3 forward-declarable U ns::P ns::Q",
                          "x.cpp:4 unused", "x.cpp:5 used/itself",
                          "x.cpp:6 used/itself", "x.cpp:7 used/itself"));
  EXPECT_EQ(R.Used, 5u);
  EXPECT_EQ(R.ForwardDeclarable, 1u);
  EXPECT_EQ(R.Unused, 1u);
  EXPECT_EQ(R.UsedByIncluders + R.UsedByReliant + R.Unclassified, 0u);
}

// m.cpp includes h.h (1); h.h includes b.h (1) and n.h (2); b.h includes
// c.h (1). m.cpp uses B (in b.h, needs its definition) and C (in c.h), both
// attributed to its include of h.h. h.h itself uses nothing.
// - m.cpp:1 is used by m.cpp;
// - h.h:1 (b.h): m.cpp's use of B is attributed to an include of h.h, and
//   b.h (the target itself) holds B: used by includers;
// - b.h:1 (c.h): b.h is reached from h.h, c.h holds C: used by includers;
// - h.h:2 (n.h): n.h reaches neither b.h nor c.h: unused.
// Without m.cpp's uses all four are unused.
TEST(IncludesTest, ExportedIncludesAreUsedByTheirIncluders) {
  auto Facts = [](bool WithUses) {
    Builder B;
    for (const char *P : {"m.cpp", "h.h", "b.h", "c.h", "n.h"})
      B.file(P);
    B.include("m.cpp", 1, "h.h");
    B.include("h.h", 1, "b.h");
    B.include("h.h", 2, "n.h");
    B.include("b.h", 1, "c.h");
    if (WithUses) {
      B.use("m.cpp", 5, UseKind::Base, "B", EntityKind::Class, "b.h", 1, true);
      B.use("m.cpp", 6, UseKind::Param, "C", EntityKind::Class, "c.h", 1,
            false);
    }
    return B.done();
  };
  IncludeReport R = classifyIncludes(Facts(true));
  EXPECT_THAT(verdicts(R),
              ElementsAre("b.h:1 used/includers", "h.h:1 used/includers",
                          "h.h:2 unused", "m.cpp:1 used/itself"));
  EXPECT_EQ(R.Used, 3u);
  EXPECT_EQ(R.UsedByIncluders, 2u);
  EXPECT_EQ(R.Unused, 1u);
  EXPECT_THAT(verdicts(classifyIncludes(Facts(false))),
              ElementsAre("b.h:1 unused", "h.h:1 unused", "h.h:2 unused",
                          "m.cpp:1 unused"));
}

// strata sees no include inside system headers, so an external
// declaration that no project file's external include names (one seen
// through a forced include) counts as reached through any include that
// reaches an external header. m.cpp includes w.h (1), which includes v.h (1)
// and plain.h (2); v.h includes <vector>. m.cpp's use of std::vector (declared
// in bits/stl_vector.h, which no project file includes) keeps w.h:1;
// plain.h reaches nothing external, so w.h:2 is unused.
TEST(IncludesTest, ExternalDeclarationsKeepThePathToExternalHeaders) {
  Builder B;
  for (const char *P : {"m.cpp", "w.h", "v.h", "plain.h"})
    B.file(P);
  B.include("m.cpp", 1, "w.h");
  B.include("w.h", 1, "v.h");
  B.include("w.h", 2, "plain.h");
  B.include("v.h", 1, "/usr/include/c++/12/vector", /*External=*/true);
  B.use("m.cpp", 4, UseKind::Variable, "std::vector", EntityKind::Class,
        "/usr/include/c++/12/bits/stl_vector.h", 1, true)
      .External = true;
  IncludeReport R = classifyIncludes(B.done());
  // v.h:1 is external: not classified, not counted.
  EXPECT_THAT(verdicts(R), ElementsAre("m.cpp:1 used/itself",
                                       "w.h:1 used/includers", "w.h:2 unused"));
  EXPECT_EQ(R.Unclassified, 0u);
}

// The extractor places an external declaration at the external header a
// project file includes on the way (<vector> for std::vector). m.cpp
// includes w.h (1); w.h includes v.h (1) and, directly, <vector> (2); v.h
// includes <vector> too. The chain from w.h to <vector> is its own
// include (one step against two): w.h:2 is external, so nothing keeps
// w.h:1, which is unused. Without w.h's own <vector>, the chain runs
// through v.h and keeps w.h:1.
TEST(IncludesTest, ExternalDeclarationsKeepOneChainToTheirHeader) {
  auto Facts = [](bool Direct) {
    Builder B;
    for (const char *P : {"m.cpp", "w.h", "v.h"})
      B.file(P);
    B.include("m.cpp", 1, "w.h");
    B.include("w.h", 1, "v.h");
    if (Direct)
      B.include("w.h", 2, "/usr/include/c++/12/vector", /*External=*/true);
    B.include("v.h", 1, "/usr/include/c++/12/vector", /*External=*/true);
    B.use("m.cpp", 4, UseKind::Variable, "std::vector", EntityKind::Class,
          "/usr/include/c++/12/vector", 1, true)
        .External = true;
    return B.done();
  };
  EXPECT_THAT(verdicts(classifyIncludes(Facts(true))),
              ElementsAre("m.cpp:1 used/itself", "w.h:1 unused"));
  EXPECT_THAT(verdicts(classifyIncludes(Facts(false))),
              ElementsAre("m.cpp:1 used/itself", "w.h:1 used/includers"));
}

// An external declaration needs some include that reaches its header, not
// a particular one. m.c includes a.h (1), whose function it calls, and b.h
// (2); both include <stddef.h>. m.c's size_t, recorded through b.h, moves
// to a.h, which m.c needs anyway: b.h is unused. When a.h does not bring
// <stddef.h>, b.h is what gives m.c its size_t.
TEST(IncludesTest, ExternalUsesMoveToAnIncludeTheFileNeedsAnyway) {
  auto Facts = [](bool AReachesStddef) {
    Builder B;
    for (const char *P : {"m.c", "a.h", "b.h"})
      B.file(P);
    B.include("m.c", 1, "a.h");
    B.include("m.c", 2, "b.h");
    if (AReachesStddef)
      B.include("a.h", 1, "/usr/include/stddef.h", /*External=*/true);
    B.include("b.h", 1, "/usr/include/stddef.h", /*External=*/true);
    B.use("m.c", 5, UseKind::Call, "af", EntityKind::Function, "a.h", 1, false);
    B.use("m.c", 6, UseKind::Param, "size_t", EntityKind::Typedef,
          "/usr/include/stddef.h", 2, false)
        .External = true;
    return B.done();
  };
  // (The includes of <stddef.h> are external: not classified.)
  EXPECT_THAT(verdicts(classifyIncludes(Facts(true))),
              ElementsAre("m.c:1 used/itself", "m.c:2 unused"));
  EXPECT_THAT(verdicts(classifyIncludes(Facts(false))),
              ElementsAre("m.c:1 used/itself", "m.c:2 used/itself"));
}

// The include a use moves to may come after its own, as long as it comes
// before the use: m.c gets D (in d.h) through x.h (line 1) first and
// through b.h (line 2), which it needs for bf, second. D moves to b.h and
// x.h is unused (lua's lcode.c: ldebug.h before ldo.h, both reaching
// lstate.h). When the use stands above b.h's include, it stays with x.h.
TEST(IncludesTest, UsesMoveToALaterIncludeTheFileNeedsAnyway) {
  auto Facts = [](unsigned UseLine) {
    Builder B;
    for (const char *P : {"m.c", "x.h", "b.h", "d.h"})
      B.file(P);
    B.include("m.c", 1, "x.h");
    B.include("m.c", 3, "b.h");
    B.include("x.h", 1, "d.h");
    B.include("b.h", 1, "d.h");
    B.use("m.c", 5, UseKind::Call, "bf", EntityKind::Function, "b.h", 3, false);
    B.use("m.c", UseLine, UseKind::Reference, "D", EntityKind::Variable, "d.h",
          1, false);
    return B.done();
  };
  EXPECT_THAT(verdicts(classifyIncludes(Facts(6))),
              ElementsAre("b.h:1 used/includers", "m.c:1 unused",
                          "m.c:3 used/itself", "x.h:1 unused"));
  EXPECT_THAT(verdicts(classifyIncludes(Facts(2))),
              ElementsAre("b.h:1 unused", "m.c:1 used/itself",
                          "m.c:3 used/itself", "x.h:1 used/includers"));
}

// A source gets for free what its own header includes and needs itself
// (include-what-you-use's associated-header rule): s.cpp uses df from d.h,
// which s.h includes for its own dg, so s.cpp's include of d.h is unused.
// When s.h includes d.h without using it, s.h's include is the one to drop
// and s.cpp keeps its own; when s.h does not include d.h, s.cpp keeps it.
TEST(IncludesTest, ASourceGetsWhatItsOwnHeaderIncludesAndNeeds) {
  auto Facts = [](bool OwnIncludesD, bool OwnUsesD) {
    Builder B;
    for (const char *P : {"s.cpp", "s.h", "d.h"})
      B.file(P);
    B.include("s.cpp", 1, "s.h");
    B.include("s.cpp", 2, "d.h");
    if (OwnIncludesD)
      B.include("s.h", 1, "d.h");
    if (OwnUsesD)
      B.use("s.h", 3, UseKind::Call, "dg", EntityKind::Function, "d.h", 1,
            false);
    B.use("s.cpp", 5, UseKind::Call, "df", EntityKind::Function, "d.h", 2,
          false);
    return B.done();
  };
  EXPECT_THAT(verdicts(classifyIncludes(Facts(true, true))),
              ElementsAre("s.cpp:1 used/itself", "s.cpp:2 unused",
                          "s.h:1 used/itself"));
  EXPECT_THAT(verdicts(classifyIncludes(Facts(true, false))),
              ElementsAre("s.cpp:1 used/itself", "s.cpp:2 used/itself",
                          "s.h:1 unused"));
  EXPECT_THAT(verdicts(classifyIncludes(Facts(false, false))),
              ElementsAre("s.cpp:1 used/itself", "s.cpp:2 used/itself"));
}

// Two includes of one header that both reach a declaration do not keep
// each other. s.cpp uses D (in d.h) through h.h; h.h includes a.h (1) and
// d.h (2), and a.h includes d.h. The shortest chain from h.h to d.h is
// h.h:2 (one step against two): h.h:1 is unused, and removing it leaves
// s.cpp's D reachable.
TEST(IncludesTest, OnlyTheChainToADeclarationIsKept) {
  Builder B;
  for (const char *P : {"s.cpp", "h.h", "a.h", "d.h"})
    B.file(P);
  B.include("s.cpp", 1, "h.h");
  B.include("h.h", 1, "a.h");
  B.include("h.h", 2, "d.h");
  B.include("a.h", 1, "d.h");
  B.use("s.cpp", 3, UseKind::Base, "D", EntityKind::Class, "d.h", 1, true);
  EXPECT_THAT(verdicts(classifyIncludes(B.done())),
              ElementsAre("a.h:1 unused", "h.h:1 unused",
                          "h.h:2 used/includers", "s.cpp:1 used/itself"));
}

// r.h uses T without including t.h: it relies on its includer. k.cpp
// includes t.h (1), r.h (2) and o.h (3) and uses R from r.h. Nothing in
// k.cpp uses t.h, but removing it would break r.h in k.cpp's TU: used, for
// the reliant header. o.h provides nothing r.h relies on: unused.
TEST(IncludesTest, ReliantHeadersKeepWhatTheirIncluderProvides) {
  Builder B;
  for (const char *P : {"k.cpp", "t.h", "r.h", "o.h"})
    B.file(P);
  B.include("k.cpp", 1, "t.h");
  B.include("k.cpp", 2, "r.h");
  B.include("k.cpp", 3, "o.h");
  B.use("k.cpp", 5, UseKind::Base, "R", EntityKind::Class, "r.h", 2, true);
  UseFact T;
  T.File = "r.h";
  T.Line = 3;
  T.Kind = UseKind::Field;
  T.Target = "T";
  T.TargetKind = EntityKind::Class;
  T.TargetFile = "t.h";
  T.NeedsDefinition = true;
  B.F.Reliant.push_back(T);
  IncludeReport R = classifyIncludes(B.done());
  EXPECT_THAT(verdicts(R),
              ElementsAre("k.cpp:1 used/reliant", "k.cpp:2 used/itself",
                          "k.cpp:3 unused"));
  EXPECT_EQ(R.UsedByReliant, 1u);
}

// w.cpp's TU failed (its facts are partial): neither its include of wh.h
// nor wh.h's of wi.h (wh.h is complete through another TU, but w.cpp may
// have used wi.h through it) is classified. z.cpp includes ops.def, a
// textual fragment, and z.h, which it does not use; ghost.cpp has no file
// fact. Classified: z.cpp:2 alone; unclassified: the other four. The
// external <stdio.h> is neither.
TEST(IncludesTest, PartialFactsAndFragmentsAreNotClassified) {
  Builder B;
  B.file("w.cpp", /*Complete=*/false);
  for (const char *P : {"wh.h", "wi.h", "z.cpp", "ops.def", "y.h"})
    B.file(P);
  B.include("w.cpp", 1, "wh.h");
  B.include("wh.h", 1, "wi.h");
  B.include("z.cpp", 1, "ops.def");
  B.include("z.cpp", 2, "y.h");
  B.include("z.cpp", 3, "/usr/include/stdio.h", /*External=*/true);
  B.include("ghost.cpp", 1, "y.h");
  IncludeReport R = classifyIncludes(B.done());
  EXPECT_THAT(verdicts(R), ElementsAre("z.cpp:2 unused"));
  EXPECT_EQ(R.Unclassified, 4u);
}

// A source's own header (same stem) is never unused, even when nothing in
// the source uses it (issue 22: the component's .cpp includes its .h). Its
// other unused include stays unused.
TEST(IncludesTest, ASourcesOwnHeaderIsNeverUnused) {
  Builder B;
  for (const char *P : {"lib/a.cpp", "include/a.h", "lib/b.h"})
    B.file(P);
  B.include("lib/a.cpp", 1, "include/a.h");
  B.include("lib/a.cpp", 2, "lib/b.h");
  IncludeReport R = classifyIncludes(B.done());
  EXPECT_THAT(verdicts(R),
              ElementsAre("lib/a.cpp:1 used/itself", "lib/a.cpp:2 unused"));
}

TEST(IncludesTest, FindPrefersTheMostNeededVerdict) {
  IncludeReport R;
  for (IncludeStatusKind S :
       {IncludeStatusKind::Unused, IncludeStatusKind::Used}) {
    IncludeVerdict V;
    V.File = "x.cpp";
    V.Line = 1;
    V.Target = S == IncludeStatusKind::Used ? "b/d.h" : "a/d.h";
    V.Status = S;
    R.Includes.push_back(V);
  }
  IncludeVerdict Other = R.Includes[0];
  Other.Line = 2;
  R.Includes.push_back(Other);
  ASSERT_NE(R.find("x.cpp", 1), nullptr);
  EXPECT_EQ(R.find("x.cpp", 1)->Target, "b/d.h");
  EXPECT_EQ(R.find("x.cpp", 2)->Status, IncludeStatusKind::Unused);
  EXPECT_EQ(R.find("x.cpp", 3), nullptr);
  EXPECT_EQ(R.find("y.cpp", 1), nullptr);
}

// The property the rule exists for: on random include graphs (cycles
// allowed) with uses attributed as the extractor does (to the earliest
// include whose closure holds the declaration), removing every include
// classified unused at once leaves every use's declaration reachable from
// its file.
TEST(IncludesTest, RemovingEveryUnusedIncludeAtOnceIsSafe) {
  std::mt19937 Rng(12);
  for (int Round = 0; Round < 200; ++Round) {
    const unsigned Headers = 8, Sources = 3;
    auto Name = [&](unsigned I) {
      return I < Headers ? "h" + std::to_string(I) + ".h"
                         : "s" + std::to_string(I - Headers) + ".cpp";
    };
    Builder B;
    std::vector<std::vector<std::pair<unsigned, unsigned>>> Out(Headers +
                                                                Sources);
    for (unsigned F = 0; F < Headers + Sources; ++F) {
      B.file(Name(F));
      unsigned Line = 1;
      for (unsigned T = 0; T < Headers; ++T)
        if (T != F && Rng() % 4 == 0) {
          B.include(Name(F), Line, Name(T));
          Out[F].push_back({Line++, T});
        }
    }
    auto Reach = [&](unsigned From,
                     const std::set<std::pair<unsigned, unsigned>> &Cut) {
      std::vector<bool> Seen(Headers + Sources);
      std::vector<unsigned> Stack{From};
      Seen[From] = true;
      while (!Stack.empty()) {
        unsigned V = Stack.back();
        Stack.pop_back();
        for (auto [Line, T] : Out[V])
          if (!Cut.count({V, Line}) && !Seen[T]) {
            Seen[T] = true;
            Stack.push_back(T);
          }
      }
      return Seen;
    };
    struct Use {
      unsigned File, Via, Target;
    };
    std::vector<Use> Uses;
    for (unsigned F = 0; F < Headers + Sources; ++F)
      for (int K = 0; K < 2; ++K) {
        unsigned D = Rng() % Headers;
        for (auto [Line, T] : Out[F])
          if (D != F && Reach(T, {})[D]) {
            bool Full = Rng() % 2;
            B.use(Name(F), 20 + K, Full ? UseKind::Base : UseKind::Param,
                  "C" + std::to_string(D), EntityKind::Class, Name(D), Line,
                  Full);
            Uses.push_back({F, Line, D});
            break;
          }
      }
    IncludeReport R = classifyIncludes(B.done());
    std::set<std::pair<unsigned, unsigned>> Removed;
    for (const IncludeVerdict &V : R.Includes)
      if (V.Status == IncludeStatusKind::Unused)
        for (unsigned F = 0; F < Headers + Sources; ++F)
          if (Name(F) == V.File)
            Removed.insert({F, V.Line});
    // Every use's declaration stays reachable from its file (through the
    // include it was recorded through, or another the classification
    // moved it to, which then stays).
    for (const Use &U : Uses)
      EXPECT_TRUE(Reach(U.File, Removed)[U.Target])
          << "round " << Round << ": " << Name(U.File) << " loses "
          << Name(U.Target) << " (recorded through line " << U.Via << ")";
  }
}

// --- What cutting an edge takes --------------------------------------------

namespace {

std::vector<std::string> cuts(const DependencyGraph &G, const GraphMetrics &M) {
  std::vector<std::string> Out;
  for (const CycleGroup &C : M.Cycles)
    for (unsigned EI : C.Cut) {
      const Edge &E = G.edges()[EI];
      std::string Advice = cutAdvice(E);
      Out.push_back(G.nodes()[E.From].Name + " -> " + G.nodes()[E.To].Name +
                    (Advice.empty() ? "" : ": " + Advice));
    }
  return Out;
}

DependencyGraph classified(const FactSet &F, Level L, const IncludeReport &R) {
  GraphOptions O;
  O.At = L;
  O.Includes = &R;
  return buildGraph(F, O);
}

} // namespace

// Components a and b. a.cpp and a.h include b.h (line 1 each) and use
// nothing from it: a -> b is two unused includes (w2). b.cpp includes a.h
// (line 1) and calls a (declared there): b -> a is the include and the call
// (w2), no cheap cut. Plain weights tie, and the heuristic's tie-break puts
// a first and cuts b -> a; costed, a -> b (2/1000) is cut: "remove the 2
// includes". Five more unused includes make a -> b the heavier edge (w7):
// plain weights now cut b -> a for its weight, the costed heuristic still
// cuts the cheap a -> b.
TEST(CutTest, CheapCutsArePreferredAndSaySo) {
  Builder B;
  for (const char *P : {"a.cpp", "a.h", "b.cpp", "b.h"})
    B.file(P);
  B.include("a.cpp", 1, "b.h");
  B.include("a.h", 1, "b.h");
  B.include("b.cpp", 1, "a.h");
  B.use("b.cpp", 3, UseKind::Call, "a", EntityKind::Function, "a.h", 1, false);
  FactSet F = B.done();
  IncludeReport R = classifyIncludes(F);
  ASSERT_THAT(verdicts(R), ElementsAre("a.cpp:1 unused", "a.h:1 unused",
                                       "b.cpp:1 used/itself"));
  DependencyGraph G = classified(F, Level::Component, R);
  ASSERT_EQ(G.edges().size(), 2u);
  EXPECT_EQ(G.edges()[0].Cut, CutKind::RemoveIncludes);
  EXPECT_EQ(G.edges()[1].Cut, CutKind::Refactor); // a call of a function
  EXPECT_DOUBLE_EQ(cutCost(G.edges()[0]), 0.002);
  EXPECT_DOUBLE_EQ(cutCost(G.edges()[1]), 2.0);
  EXPECT_THAT(cuts(G, computeMetrics(G, 1)),
              ElementsAre("a -> b: remove the 2 includes"));
  DependencyGraph Plain = buildGraph(F, {Level::Component});
  EXPECT_EQ(Plain.edges()[0].Cut, CutKind::Refactor); // nothing classified
  EXPECT_THAT(cuts(Plain, computeMetrics(Plain, 1)), ElementsAre("b -> a"));

  for (unsigned Line = 10; Line < 15; ++Line)
    B.include("a.cpp", Line, "b.h");
  F = B.done();
  R = classifyIncludes(F);
  G = classified(F, Level::Component, R);
  ASSERT_EQ(G.edges()[0].Weight, 7u);
  ASSERT_EQ(G.edges()[1].Weight, 2u);
  EXPECT_THAT(cuts(G, computeMetrics(G, 1)),
              ElementsAre("a -> b: remove the 7 includes"));
  Plain = buildGraph(F, {Level::Component});
  EXPECT_THAT(cuts(Plain, computeMetrics(Plain, 1)), ElementsAre("b -> a"));
}

// c.cpp includes d.h (1) and holds a D* (declaration only, line 4): the
// include is forward-declarable and c -> d goes away with `class D;`.
// d.cpp includes c.h (1) and derives from C: d -> c needs the definition.
TEST(CutTest, ForwardDeclarationsInsteadOfTheInclude) {
  Builder B;
  for (const char *P : {"c.cpp", "c.h", "d.cpp", "d.h"})
    B.file(P);
  B.include("c.cpp", 1, "d.h");
  B.include("d.cpp", 1, "c.h");
  B.use("c.cpp", 4, UseKind::Field, "D", EntityKind::Class, "d.h", 1, false);
  B.use("d.cpp", 4, UseKind::Base, "C", EntityKind::Class, "c.h", 1, true);
  FactSet F = B.done();
  IncludeReport R = classifyIncludes(F);
  DependencyGraph G = classified(F, Level::Component, R);
  ASSERT_EQ(G.edges().size(), 2u);
  EXPECT_EQ(G.edges()[0].Cut, CutKind::ForwardDeclare);
  EXPECT_THAT(G.edges()[0].CutDeclares, ElementsAre("D"));
  EXPECT_EQ(G.edges()[1].Cut, CutKind::Refactor); // the base class
  EXPECT_THAT(cuts(G, computeMetrics(G, 1)),
              ElementsAre("c -> d: forward-declare D instead of the include"));
}

// At file level: e.cpp includes all.h (1), which includes x.h and y.h.
// e.cpp holds an X* and a Y* (through all.h) and calls all_init (in
// all.h). The file edges e.cpp -> x.h and e.cpp -> y.h are single
// declaration uses: "forward-declare X" (no include on the edge); the
// include of all.h is used (the call), so e.cpp -> all.h is no cheap cut.
// One edge holding an unused include and a forward-declarable one (p.cpp
// includes q.h on lines 1 and 2; only the second is attributed a use of Q*)
// says "forward-declare Q instead of the 2 includes". A use needing the
// definition blocks it.
TEST(CutTest, WhatEachEdgeTakes) {
  Builder B;
  for (const char *P :
       {"e.cpp", "all.h", "x.h", "y.h", "p.cpp", "q.h", "r.cpp", "s.h"})
    B.file(P);
  B.include("e.cpp", 1, "all.h");
  B.include("all.h", 1, "x.h");
  B.include("all.h", 2, "y.h");
  B.use("e.cpp", 3, UseKind::Param, "X", EntityKind::Class, "x.h", 1, false);
  B.use("e.cpp", 4, UseKind::Param, "Y", EntityKind::Struct, "y.h", 1, false);
  B.use("e.cpp", 5, UseKind::Call, "all_init", EntityKind::Function, "all.h", 1,
        false);
  B.include("p.cpp", 1, "q.h");
  B.include("p.cpp", 2, "q.h");
  B.use("p.cpp", 5, UseKind::Param, "Q", EntityKind::Class, "q.h", 2, false);
  B.include("r.cpp", 1, "s.h");
  B.use("r.cpp", 5, UseKind::Param, "S", EntityKind::Class, "s.h", 1, false);
  B.use("r.cpp", 6, UseKind::New, "S", EntityKind::Class, "s.h", 1, true);
  FactSet F = B.done();
  IncludeReport R = classifyIncludes(F);
  DependencyGraph G = classified(F, Level::File, R);
  std::vector<std::string> Advice;
  for (const Edge &E : G.edges())
    Advice.push_back(G.nodes()[E.From].Name + " -> " + G.nodes()[E.To].Name +
                     ": " + cutAdvice(E));
  EXPECT_THAT(Advice,
              ElementsAre("all.h -> x.h: ", "all.h -> y.h: ",
                          "e.cpp -> all.h: ", "e.cpp -> x.h: forward-declare X",
                          "e.cpp -> y.h: forward-declare Y",
                          "p.cpp -> q.h: forward-declare Q instead of the 2 "
                          "includes",
                          "r.cpp -> s.h: "));
}

// analyze() counts reliant uses and the headers they are in (r.h twice,
// s.h once: 3 uses, 2 headers), keeps them sorted, and hands the include
// verdicts to every physical level: m.cpp's unused include of u.h makes the
// file edge m.cpp -> u.h and the component edge m -> u cheap.
TEST(IncludesTest, AnalyzeCountsReliantUsesAndClassifiesIncludes) {
  Builder B;
  for (const char *P : {"m.cpp", "u.h", "r.h", "s.h"})
    B.file(P);
  B.include("m.cpp", 1, "u.h");
  for (auto [File, Line] : {std::pair{"s.h", 2u}, {"r.h", 4u}, {"r.h", 3u}}) {
    UseFact U;
    U.File = File;
    U.Line = Line;
    U.Kind = UseKind::Param;
    U.Target = "T";
    U.TargetKind = EntityKind::Struct;
    U.TargetFile = "t.h";
    B.F.Reliant.push_back(U);
  }
  FactSet F = B.F; // not normalized: analyze sorts what it keeps
  Analysis A = analyze(F, {});
  EXPECT_EQ(A.Facts.ReliantUses, 3u);
  EXPECT_EQ(A.Facts.ReliantHeaders, 2u);
  ASSERT_EQ(A.Reliant.size(), 3u);
  EXPECT_EQ(A.Reliant[0].File + ":" + std::to_string(A.Reliant[0].Line),
            "r.h:3");
  EXPECT_EQ(A.Reliant[2].File, "s.h");
  EXPECT_THAT(verdicts(A.Includes), ElementsAre("m.cpp:1 unused"));
  for (Level L : {Level::File, Level::Component}) {
    const DependencyGraph &G = A.at(L).Graph;
    ASSERT_EQ(G.edges().size(), 1u) << toString(L).str();
    EXPECT_EQ(G.edges()[0].Cut, CutKind::RemoveIncludes);
  }
}
