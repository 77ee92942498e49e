//===- FactsTest.cpp - Merging facts --------------------------------------===//
#include "strata/facts/Facts.h"

#include <cstdio>
#include <gtest/gtest.h>
#include <set>
#include <tuple>

using namespace strata::facts;

namespace {

UseFact use(std::string File, unsigned Line, std::string Target,
            std::string Context = "") {
  UseFact U;
  U.File = std::move(File);
  U.Line = Line;
  U.Column = 1;
  U.Kind = UseKind::Call;
  U.Target = std::move(Target);
  U.TargetKind = EntityKind::Function;
  U.TargetFile = "b.h";
  U.TargetLine = 1;
  U.Context = std::move(Context);
  return U;
}

FactSet tu(std::string Main, std::vector<UseFact> Uses, bool Ok = true) {
  FactSet F;
  F.Root = "/p";
  TUFact T;
  T.File = Main;
  T.Status = Ok ? TUStatus::Ok : TUStatus::Failed;
  F.TUs.push_back(T);
  FileFact Header;
  Header.Path = "a.h";
  Header.Hash = "00";
  Header.Complete = Ok;
  F.Files.push_back(Header);
  F.Uses = std::move(Uses);
  F.normalize();
  return F;
}

// \p Facts' uses are \p Expected's (file, line, target), in its order.
using UseSet = std::set<std::tuple<std::string, unsigned, std::string>>;
void expectUsesInOrder(const FactSet &Facts, const UseSet &Expected) {
  ASSERT_EQ(Facts.Uses.size(), Expected.size());
  size_t I = 0;
  for (const auto &[File, Line, Target] : Expected) {
    EXPECT_EQ(Facts.Uses[I].File, File) << I;
    EXPECT_EQ(Facts.Uses[I].Line, Line) << I;
    EXPECT_EQ(Facts.Uses[I].Target, Target) << I;
    ++I;
  }
}

} // namespace

// Two TUs include a.h; the call at a.h:3 is one fact, not two.
TEST(FactsTest, HeaderFactsAreCountedOnce) {
  FactSet A = tu("x.cpp", {use("a.h", 3, "g"), use("x.cpp", 1, "g")});
  FactSet B = tu("y.cpp", {use("a.h", 3, "g")});
  ASSERT_FALSE(llvm::errorToBool(A.merge(std::move(B))));
  EXPECT_EQ(A.Uses.size(), 2u);
  EXPECT_EQ(A.TUs.size(), 2u);
  EXPECT_EQ(A.Files.size(), 1u);
}

TEST(FactsTest, MergeIsIndependentOfGroupingAndOrder) {
  std::vector<FactSet> Parts = {
      tu("x.cpp", {use("a.h", 3, "g"), use("x.cpp", 9, "h")}),
      tu("y.cpp", {use("a.h", 3, "g"), use("y.cpp", 2, "g")}, false),
      tu("z.cpp", {use("z.cpp", 5, "k")})};
  auto All = mergeAll(Parts);
  ASSERT_TRUE(bool(All));

  // (z + y) + x, merged pairwise in another order.
  FactSet ZY = Parts[2];
  ASSERT_FALSE(llvm::errorToBool(ZY.merge(Parts[1])));
  ASSERT_FALSE(llvm::errorToBool(ZY.merge(Parts[0])));
  EXPECT_TRUE(*All == ZY);

  // Merging a result with one of its parts again changes nothing.
  FactSet Again = *All;
  ASSERT_FALSE(llvm::errorToBool(Again.merge(Parts[1])));
  EXPECT_TRUE(*All == Again);

  // Merged from parts the caller keeps (the language server's and a
  // store's per-TU facts): the same, and the parts as they were.
  std::vector<FactSet> Kept = Parts;
  auto Copied = mergeCopies(Kept);
  ASSERT_TRUE(bool(Copied));
  EXPECT_TRUE(*All == *Copied);
  ASSERT_EQ(Kept.size(), Parts.size());
  for (size_t I = 0; I < Parts.size(); ++I)
    EXPECT_TRUE(Kept[I] == Parts[I]) << I;
  Kept[1].Root = "/q";
  auto Mixed = mergeCopies(Kept);
  ASSERT_FALSE(bool(Mixed));
  llvm::consumeError(Mixed.takeError());
}

// a.h is read by a failing and a clean TU: its facts are complete. A file
// seen only by failing TUs is marked partial.
TEST(FactsTest, FileIsCompleteWhenAnyReaderParsed) {
  FactSet Bad = tu("y.cpp", {}, false);
  EXPECT_FALSE(Bad.Files[0].Complete);
  ASSERT_FALSE(llvm::errorToBool(Bad.merge(tu("x.cpp", {}, true))));
  EXPECT_TRUE(Bad.Files[0].Complete);
}

// Two TUs may disagree on a detail of one use site (e.g. which declaration
// was seen first); the merge keeps one, and the same one in any order.
TEST(FactsTest, ConflictingDetailsAtOneSiteFoldDeterministically) {
  FactSet A = tu("x.cpp", {use("a.h", 3, "g", "ctx1")});
  FactSet B = tu("y.cpp", {use("a.h", 3, "g", "ctx0")});
  FactSet AB = A, BA = B;
  ASSERT_FALSE(llvm::errorToBool(AB.merge(B)));
  ASSERT_FALSE(llvm::errorToBool(BA.merge(A)));
  ASSERT_EQ(AB.Uses.size(), 1u);
  EXPECT_EQ(AB.Uses[0].Context, "ctx0");
  EXPECT_TRUE(AB == BA);
}

// `using std::swap;` in a.h names the overloads each TU declared before it:
// one TU sees an overload through a.h's own includes (<array>), another
// only one it cannot see (TargetFile empty). The seen one is the fact in
// any grouping, although the unseen one sorts first.
TEST(FactsTest, AUseSeenThroughAnIncludeWinsOverTheSameUseUnseen) {
  UseFact Seen = use("a.h", 3, "std::swap", "ctx1");
  Seen.External = true;
  Seen.TargetFile = "/usr/include/c++/12/array";
  Seen.Via = 2;
  UseFact Unseen = Seen;
  Unseen.TargetFile = "";
  Unseen.Via = 0;
  Unseen.Context = "ctx0"; // sorts first on every field that differs
  FactSet A = tu("x.cpp", {Seen}), B = tu("y.cpp", {Unseen});
  FactSet AB = A, BA = B;
  ASSERT_FALSE(llvm::errorToBool(AB.merge(B)));
  ASSERT_FALSE(llvm::errorToBool(BA.merge(A)));
  ASSERT_EQ(AB.Uses.size(), 1u);
  EXPECT_EQ(AB.Uses[0].TargetFile, "/usr/include/c++/12/array");
  EXPECT_EQ(AB.Uses[0].Via, 2u);
  EXPECT_TRUE(AB == BA);
  // Alone, the unseen use is kept.
  EXPECT_EQ(B.Uses.size(), 1u);
  EXPECT_EQ(B.Uses[0].TargetFile, "");
}

// Facts mostly arrive as sorted runs (normalized TUs appended), which
// normalize merges instead of sorting whole. Seven runs (an odd count, so
// one run waits a pass), one of them unsorted, with duplicates within and
// across runs: the result is what a set of the same facts holds, in its
// order, whatever the grouping.
TEST(FactsTest, NormalizeMergesSortedRunsLikeAFullSort) {
  UseSet Expected;
  FactSet All;
  All.Root = "/p";
  unsigned Seed = 7;
  auto Next = [&] { return Seed = Seed * 1103515245u + 12345u, Seed >> 16; };
  for (unsigned Run = 0; Run < 7; ++Run) {
    std::vector<UseFact> Uses;
    for (unsigned I = 0; I < 40; ++I) {
      std::string File = "f" + std::to_string(Next() % 5) + ".h";
      unsigned Line = 1 + Next() % 30;
      std::string Target = "t" + std::to_string(Next() % 3);
      Expected.insert({File, Line, Target});
      Uses.push_back(use(File, Line, Target));
    }
    FactSet Part;
    Part.Uses = std::move(Uses);
    if (Run != 3)
      Part.normalize(); // run 3 stays in the order it was made
    All.Uses.insert(All.Uses.end(), Part.Uses.begin(), Part.Uses.end());
  }
  All.normalize();
  expectUsesInOrder(All, Expected);
}

// Runs as a store's units come: each a range of files, most disjoint from
// the others and out of order, some overlapping a neighbour by a few files,
// two over the same few files (interleaving fact by fact), some of one fact;
// the merge copies them a block at a time and must still give the set's order,
// duplicates across runs kept once.
TEST(FactsTest, NormalizeMergesRunsThatBarelyInterleave) {
  UseSet Expected;
  FactSet All;
  All.Root = "/p";
  unsigned Seed = 11;
  auto Next = [&] { return Seed = Seed * 1103515245u + 12345u, Seed >> 16; };
  // First file of each run (of 100 files f000..f099) and its width.
  const std::pair<unsigned, unsigned> Runs[] = {
      {60, 10}, {0, 20}, {90, 10}, {18, 5}, {30, 1}, {30, 1},
      {40, 15}, {20, 1}, {54, 8},  {5, 2},  {70, 3}, {70, 3}};
  for (auto [First, Width] : Runs) {
    FactSet Part;
    unsigned Count = Width == 1 ? 1 : 50 + Next() % 200;
    for (unsigned I = 0; I < Count; ++I) {
      char File[16];
      snprintf(File, sizeof(File), "f%03u.h", First + Next() % Width);
      unsigned Line = 1 + Next() % 40;
      std::string Target = "t" + std::to_string(Next() % 2);
      Expected.insert({File, Line, Target});
      Part.Uses.push_back(use(File, Line, Target));
    }
    Part.normalize();
    All.Uses.insert(All.Uses.end(), Part.Uses.begin(), Part.Uses.end());
  }
  All.normalize();
  expectUsesInOrder(All, Expected);
}

TEST(FactsTest, MergingDifferentRootsFails) {
  FactSet A = tu("x.cpp", {});
  FactSet B = tu("y.cpp", {});
  B.Root = "/q";
  llvm::Error E = A.merge(std::move(B));
  ASSERT_TRUE(bool(E));
  EXPECT_NE(llvm::toString(std::move(E)).find("different project roots"),
            std::string::npos);
}

TEST(FactsTest, KindNamesRoundTrip) {
  for (int K = 0; K <= static_cast<int>(UseKind::TypeUse); ++K)
    EXPECT_EQ(parseUseKind(toString(static_cast<UseKind>(K))),
              static_cast<UseKind>(K));
  for (int K = 0; K <= static_cast<int>(EntityKind::Macro); ++K)
    EXPECT_EQ(parseEntityKind(toString(static_cast<EntityKind>(K))),
              static_cast<EntityKind>(K));
  EXPECT_FALSE(parseUseKind("nonsense").has_value());
}

// Reliant uses merge like uses: one fact per site, whatever the grouping,
// and a differing one makes the sets unequal.
TEST(FactsTest, ReliantUsesMergeAsASet) {
  UseFact R = use("a.h", 7, "Config");
  R.TargetFile = "x.cpp";
  FactSet X = tu("x.cpp", {}), Y = tu("y.cpp", {});
  X.Reliant.push_back(R);
  Y.Reliant.push_back(R);
  auto Both = mergeAll({X, Y});
  ASSERT_TRUE(bool(Both));
  ASSERT_EQ(Both->Reliant.size(), 1u); // a.h:7 once, from either TU
  EXPECT_TRUE(Both->Uses.empty());
  FactSet Other = *Both;
  Other.Reliant[0].Via = 3;
  EXPECT_FALSE(Other == *Both);
}
