//===- PathsTest.cpp ------------------------------------------------------===//
#include "strata/support/Paths.h"

#include <gtest/gtest.h>

using namespace strata;

TEST(PathsTest, NormalizeMakesAbsoluteAndRemovesDots) {
  EXPECT_EQ(normalizePath("src/../lib/./a.h", "/proj"), "/proj/lib/a.h");
  EXPECT_EQ(normalizePath("/x/y/../z.h", "/ignored"), "/x/z.h");
}

TEST(PathsTest, IsUnderRespectsComponentBoundaries) {
  EXPECT_TRUE(isUnder("/proj/a.h", "/proj"));
  EXPECT_TRUE(isUnder("/proj", "/proj"));
  EXPECT_FALSE(isUnder("/project/a.h", "/proj"));
  EXPECT_TRUE(isUnder("/anything", "/"));
  EXPECT_FALSE(isUnder("/a", ""));
}

TEST(PathsTest, RelativeToKeepsOutsidePathsAbsolute) {
  EXPECT_EQ(relativeTo("/proj/src/a.cpp", "/proj"), "src/a.cpp");
  EXPECT_EQ(relativeTo("/usr/include/stdio.h", "/proj"),
            "/usr/include/stdio.h");
  EXPECT_EQ(relativeTo("/a/b", "/"), "a/b");
}

TEST(PathsTest, CommonRootIsDeepestSharedDirectory) {
  EXPECT_EQ(commonRoot({"/p/src/a", "/p/src/b", "/p/build"}), "/p");
  EXPECT_EQ(commonRoot({"/p/src"}), "/p/src");
  EXPECT_EQ(commonRoot({"/a/x", "/b/y"}), "/");
  EXPECT_EQ(commonRoot({}), "");
  // "/p/srcx" must not be taken as lying below "/p/src".
  EXPECT_EQ(commonRoot({"/p/src", "/p/srcx"}), "/p");
}
