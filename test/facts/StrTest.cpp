//===- StrTest.cpp - Interned fact strings --------------------------------===//
#include "strata/facts/Str.h"
#include "strata/facts/Facts.h"

#include <gtest/gtest.h>
#include <thread>
#include <vector>

using namespace strata::facts;

namespace {

TEST(StrTest, EqualTextIsOneString) {
  std::string Built = std::string("src/") + "a.h";
  Str A = Built, B = "src/a.h", C = llvm::StringRef("src/a.hpp", 7);
  EXPECT_EQ(A.id(), B.id());
  EXPECT_EQ(A.id(), C.id());
  EXPECT_TRUE(A == B);
  EXPECT_FALSE(A == Str("src/b.h"));
  EXPECT_EQ(A, "src/a.h");
  EXPECT_EQ(A.str(), "src/a.h");
  EXPECT_EQ(A.size(), 7u);
  EXPECT_EQ(std::strlen(A.c_str()), 7u); // NUL-terminated
}

TEST(StrTest, EmptyIsTheDefault) {
  Str Default, FromEmpty = "", FromString = std::string();
  EXPECT_TRUE(Default.empty());
  EXPECT_EQ(Default.id(), FromEmpty.id());
  EXPECT_EQ(Default.id(), FromString.id());
  EXPECT_EQ(Default.size(), 0u);
  Str X = "x";
  X.clear();
  EXPECT_TRUE(X.empty());
}

// Order is the text's, byte by byte like std::string, not the pool's: "b"
// is interned before "a" here, and "a\0b" has an embedded NUL.
TEST(StrTest, OrderIsTheTexts) {
  Str B = "zz-order-b", A = "zz-order-a";
  EXPECT_LT(A, B);
  EXPECT_GT(B, A);
  EXPECT_LT(Str("zz-order"), A); // a prefix sorts first
  Str WithNul = llvm::StringRef("zz-order-a\0b", 12);
  EXPECT_EQ(WithNul.size(), 12u);
  EXPECT_LT(A, WithNul);
  EXPECT_NE(A, WithNul);
  EXPECT_LT(A, "zz-order-b"); // against text, without interning it
}

// Facts compare through their strings, so a normalized table comes out in
// the order of its text whatever order the strings were interned in.
TEST(StrTest, FactsSortByText) {
  FactSet F;
  F.Root = "/p";
  for (const char *Path : {"zz-sort/c.h", "zz-sort/a.h", "zz-sort/b.h"}) {
    FileFact File;
    File.Path = Path;
    F.Files.push_back(File);
  }
  F.normalize();
  ASSERT_EQ(F.Files.size(), 3u);
  EXPECT_EQ(F.Files[0].Path, "zz-sort/a.h");
  EXPECT_EQ(F.Files[1].Path, "zz-sort/b.h");
  EXPECT_EQ(F.Files[2].Path, "zz-sort/c.h");
}

// Extraction interns from every worker at once: each thread must get the
// same string for the same text.
TEST(StrTest, ThreadsShareThePool) {
  constexpr int Threads = 4, Names = 2000;
  std::vector<std::vector<const void *>> Ids(Threads);
  std::vector<std::thread> Workers;
  for (int T = 0; T < Threads; ++T)
    Workers.emplace_back([T, &Ids] {
      for (int I = 0; I < Names; ++I)
        Ids[T].push_back(Str("zz-thread/" + std::to_string(I)).id());
    });
  for (std::thread &W : Workers)
    W.join();
  for (int T = 1; T < Threads; ++T)
    EXPECT_EQ(Ids[T], Ids[0]);
  EXPECT_EQ(Str("zz-thread/7").id(), Ids[0][7]);
  EXPECT_NE(Ids[0][7], Ids[0][8]);
}

} // namespace
