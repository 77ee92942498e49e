//===- TargetsTest.cpp - Which target owns a file -------------------------===//
#include "strata/analysis/Targets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace strata;
using namespace strata::analysis;
using ::testing::ElementsAre;

namespace {

llvm::Expected<std::string> noFiles(llvm::StringRef Path) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "no file");
}

// lib lists lib/a.cpp (and, with ListHeader, lib/a.h); app lists
// app/main.cpp. The facts also see lib/a.h, lib/detail/d.h and tools/x.h.
build::BuildModel model(bool ListHeader) {
  build::BuildModel M;
  M.SourceDir = "/p";
  build::Target Lib;
  Lib.Name = "lib";
  Lib.Type = build::TargetType::StaticLibrary;
  Lib.SourceDir = "/p";
  Lib.Sources = {{"/p/lib/a.cpp", false, true}};
  if (ListHeader)
    Lib.Sources.push_back({"/p/lib/b.h", false, false});
  build::Target App;
  App.Name = "app";
  App.Type = build::TargetType::Executable;
  App.SourceDir = "/p";
  App.Sources = {{"/p/app/main.cpp", false, true}};
  build::Target Util;
  Util.Name = "ctest_dashboard";
  Util.Type = build::TargetType::Utility;
  M.Targets = {App, Lib, Util};
  return M;
}

facts::FactSet sampleFacts() {
  facts::FactSet F;
  F.Root = "/p";
  for (const char *P : {"app/main.cpp", "lib/a.cpp", "lib/a.h", "lib/b.h",
                        "lib/detail/d.h", "tools/x.h"})
    F.Files.push_back({P, false, "", true});
  F.Files.push_back({"/usr/include/stdio.h", true, "", true});
  return F;
}

std::vector<std::string> modules(const TargetModules &T) {
  std::vector<std::string> Out;
  for (const graph::ModuleGroup &G : T.Groups)
    for (const std::string &F : G.Files)
      Out.push_back(F + " " + G.Name);
  return Out;
}

} // namespace

// No header listed: a.h goes with a.cpp (same directory and stem); d.h to
// lib, whose sources are in lib/, the deepest directory holding d.h that a
// target's sources are in; tools/x.h is under no target's directory but
// the root, which both targets are defined in: a bucket. The utility
// target is no module.
TEST(TargetsTest, UnlistedFilesByStemThenDirectoryThenBucket) {
  TargetModules T = targetModules(model(false), sampleFacts(), "/p", noFiles);
  EXPECT_THAT(modules(T),
              ElementsAre("app/main.cpp app", "lib/a.cpp lib", "lib/a.h lib",
                          "lib/b.h lib", "lib/detail/d.h lib",
                          "tools/x.h unowned:tools"));
  EXPECT_EQ(T.Listed, 2u);
  EXPECT_EQ(T.ByStem, 1u);
  EXPECT_EQ(T.ByDirectory, 2u); // b.h and d.h
  EXPECT_EQ(T.Bucketed, 1u);
  EXPECT_EQ(T.Targets.size(), 2u);
}

// lib lists a header: the project lists its headers, so an unlisted one
// beside lib's sources is not taken to be lib's.
TEST(TargetsTest, AProjectThatListsHeadersKeepsUnlistedOnesApart) {
  TargetModules T = targetModules(model(true), sampleFacts(), "/p", noFiles);
  EXPECT_THAT(modules(T),
              ElementsAre("app/main.cpp app", "lib/a.cpp lib", "lib/a.h lib",
                          "lib/b.h lib", "lib/detail/d.h unowned:lib/detail",
                          "tools/x.h unowned:tools"));
  EXPECT_EQ(T.ByDirectory, 0u);
  EXPECT_EQ(T.Bucketed, 2u);
  EXPECT_TRUE(isBucket("unowned:tools"));
  EXPECT_FALSE(isBucket("lib"));
}

// Link edges within one program: two executables each define helper().
// a links lib, which links lib2 (the reply names only lib: the closure is
// taken). A use may link wherever one program links both targets: a into
// lib and lib2, lib back into a (a callback), never a into b, nor b into
// lib. Files no target owns may link anywhere.
TEST(TargetsTest, LinkFilterKeepsLinkEdgesWithinOneProgram) {
  TargetModules T;
  TargetModule A, B, L, L2;
  A.Name = "a";
  A.Files = {"a/main.c", "a/util.c"};
  A.Reachable = {"lib"};
  B.Name = "b";
  B.Files = {"b/main.c", "b/util.c"};
  L.Name = "lib";
  L.Files = {"lib/lib.c"};
  L.Reachable = {"lib2"};
  L2.Name = "lib2";
  L2.Files = {"lib2/x.c"};
  T.Targets = {A, B, L, L2};
  graph::LinkFilter CanLink = linkFilter(T);
  EXPECT_TRUE(CanLink("a/main.c", "a/util.c"));
  EXPECT_TRUE(CanLink("a/main.c", "lib/lib.c"));
  EXPECT_TRUE(CanLink("a/main.c", "lib2/x.c"));
  EXPECT_TRUE(CanLink("lib/lib.c", "a/util.c"));
  EXPECT_FALSE(CanLink("a/main.c", "b/util.c"));
  EXPECT_FALSE(CanLink("b/main.c", "lib/lib.c"));
  EXPECT_FALSE(CanLink("lib2/x.c", "b/util.c"));
  EXPECT_TRUE(CanLink("tools/x.c", "b/util.c"));
  EXPECT_TRUE(CanLink("a/main.c", "unowned.c"));
}
