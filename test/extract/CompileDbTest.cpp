//===- CompileDbTest.cpp - Reading compile_commands.json ------------------===//
#include "strata/extract/CompileDb.h"
#include "strata/extract/Extract.h"

#include "TestSupport.h"
#include <gtest/gtest.h>

using namespace strata::extract;

namespace {
std::string errorOf(llvm::StringRef Json) {
  auto Db = parseCompileDb(Json, "/b/compile_commands.json");
  return Db ? "" : llvm::toString(Db.takeError());
}
} // namespace

TEST(CompileDbTest, ArgumentsAndCommandForms) {
  auto Db = parseCompileDb(R"([
    {"directory": "/b", "file": "/s/a.cpp",
     "arguments": ["g++", "-DX=\"a b\"", "-c", "/s/a.cpp"]},
    {"directory": "/b", "file": "/s/b.cpp",
     "command": "g++ -DX=\"a b\" -I'/inc dir' -c /s/b.cpp"}
  ])",
                           "/b/compile_commands.json");
  ASSERT_TRUE(bool(Db)) << llvm::toString(Db.takeError());
  ASSERT_EQ(Db->Commands.size(), 2u);
  EXPECT_EQ(Db->Commands[0].Arguments,
            (std::vector<std::string>{"g++", "-DX=\"a b\"", "-c", "/s/a.cpp"}));
  EXPECT_EQ(Db->Commands[1].Arguments,
            (std::vector<std::string>{"g++", "-DX=a b", "-I/inc dir", "-c",
                                      "/s/b.cpp"}));
}

// A relative directory is relative to the database's folder; a relative
// file to the entry's directory.
TEST(CompileDbTest, RelativePaths) {
  auto Db = parseCompileDb(
      R"([{"directory": "../src", "file": "sub/../a.cpp",
           "arguments": ["cc", "a.cpp"]}])",
      "/p/build/compile_commands.json");
  ASSERT_TRUE(bool(Db));
  EXPECT_EQ(Db->Commands[0].Directory, "/p/src");
  EXPECT_EQ(Db->Commands[0].File, "/p/src/a.cpp");
}

TEST(CompileDbTest, DuplicateEntriesKeepTheFirst) {
  auto Db = parseCompileDb(R"([
    {"directory": "/b", "file": "a.cpp", "arguments": ["cc", "-DFIRST"]},
    {"directory": "/b", "file": "/b/a.cpp", "arguments": ["cc", "-DSECOND"]},
    {"directory": "/b", "file": "c.cpp", "arguments": ["cc"]}
  ])",
                           "/b/compile_commands.json");
  ASSERT_TRUE(bool(Db));
  ASSERT_EQ(Db->Commands.size(), 2u);
  EXPECT_EQ(Db->Commands[0].Arguments[1], "-DFIRST");
  EXPECT_EQ(Db->DuplicatesDropped, 1u);
}

TEST(CompileDbTest, ErrorsNameTheFileAndEntry) {
  EXPECT_EQ(errorOf(""), "/b/compile_commands.json: the file is empty "
                         "(expected a JSON document)");
  EXPECT_EQ(errorOf("[{\"directory\": \"/b\""),
            "/b/compile_commands.json: not a valid JSON document (line 1, "
            "column 20: syntax error while parsing object - unexpected end "
            "of input; expected '}')");
  EXPECT_EQ(errorOf("{}"), "/b/compile_commands.json: not a compilation "
                           "database (expected a JSON array)");
  EXPECT_EQ(errorOf("[1]"), "/b/compile_commands.json: entry 0: not an object");
  EXPECT_EQ(errorOf(R"([{"file": "a.cpp", "arguments": []}])"),
            "/b/compile_commands.json: entry 0: 'directory' is missing or not "
            "a string");
  EXPECT_EQ(errorOf(R"([{"directory": "/b", "file": 7, "arguments": []}])"),
            "/b/compile_commands.json: entry 0: 'file' is missing or not a "
            "string");
  EXPECT_EQ(errorOf(R"([{"directory": "/b", "file": "a.cpp"}])"),
            "/b/compile_commands.json: entry 0: neither 'arguments' (array) "
            "nor 'command' (string) given");
  EXPECT_EQ(errorOf(R"([{"directory": "/b", "file": "a", "arguments": [1]}])"),
            "/b/compile_commands.json: entry 0: 'arguments' holds a value "
            "that is not a string");
  EXPECT_EQ(errorOf(R"([{"directory": "/b", "file": "a", "arguments": []}])"),
            "/b/compile_commands.json: entry 0: the command line is empty");
}

TEST(CompileDbTest, EmptyDatabaseIsValid) {
  auto Db = parseCompileDb("[]", "/b/compile_commands.json");
  ASSERT_TRUE(bool(Db));
  EXPECT_TRUE(Db->Commands.empty());
}

TEST(CompileDbTest, LoadFromDirectoryOrFile) {
  strata::test::TempDir Dir;
  std::string Json = Dir.write(
      "build/compile_commands.json",
      R"([{"directory": ".", "file": "a.cpp", "arguments": ["cc"]}])");
  auto FromDir = loadCompileDb(Dir.path("build"));
  ASSERT_TRUE(bool(FromDir)) << llvm::toString(FromDir.takeError());
  EXPECT_EQ(FromDir->Commands[0].File, Dir.path("build/a.cpp"));
  auto FromFile = loadCompileDb(Json);
  ASSERT_TRUE(bool(FromFile));
  EXPECT_EQ(FromFile->Path, Json);
}

TEST(CompileDbTest, LoadErrors) {
  strata::test::TempDir Dir;
  Dir.write("empty/.keep", "");
  auto Missing = loadCompileDb(Dir.path("nope"));
  ASSERT_FALSE(bool(Missing));
  EXPECT_EQ(llvm::toString(Missing.takeError()),
            Dir.path("nope") +
                ": cannot access build path: No such file or directory");
  auto NoDb = loadCompileDb(Dir.path("empty"));
  ASSERT_FALSE(bool(NoDb));
  EXPECT_NE(llvm::toString(NoDb.takeError())
                .find("no compile_commands.json in this directory"),
            std::string::npos);
}

TEST(CompileDbTest, FindsDatabaseUpward) {
  strata::test::TempDir Dir;
  std::string Json = Dir.write("compile_commands.json", "[]");
  std::string Src = Dir.write("src/deep/a.cpp", "");
  auto Found = findCompileDbFor(Src);
  ASSERT_TRUE(bool(Found));
  EXPECT_EQ(*Found, Json);
}

// The default project root is the common root of the sources: a build
// directory outside them, and sources generated into it, never widen it;
// a sibling include/ directory does, by one level; a .strata.yaml above
// the sources marks the root, but not past the repository.
TEST(CompileDbTest, DefaultRootIsTheSourcesNotTheBuild) {
  strata::test::TempDir T;
  for (const char *F :
       {"src/proj/src/a.cpp", "src/proj/src/core/b.cpp",
        "src/proj/include/proj/a.h", "build/gen/g.cpp", "lib/x/x.cpp",
        "lib/x/sub/y.cpp", "repo/.git/HEAD", "repo/app/src/m.cpp",
        "cfg/.strata.yaml", "cfg/src/n.cpp"})
    T.write(F, "");
  auto Entry = [&](llvm::StringRef File, std::vector<std::string> Flags) {
    CompileCommand C;
    C.Directory = T.path("build");
    C.File = T.path(File);
    C.Arguments = {"c++"};
    C.Arguments.insert(C.Arguments.end(), Flags.begin(), Flags.end());
    C.Arguments.push_back(C.File);
    return C;
  };
  CompileDb Db;
  Db.Path = T.path("build/compile_commands.json");
  // Out-of-source build, a generated source in it, and -I of the project's
  // headers and of the build directory: the root is src/proj.
  Db.Commands = {Entry("src/proj/src/a.cpp", {"-I" + T.path("src/proj/include"),
                                              "-I", T.path("build/gen")}),
                 Entry("src/proj/src/core/b.cpp", {}),
                 Entry("build/gen/g.cpp", {})};
  EXPECT_EQ(defaultProjectRoot(Db), T.path("src/proj"));
  // Without the include directory, the sources' own common root.
  Db.Commands = {Entry("src/proj/src/a.cpp", {}),
                 Entry("src/proj/src/core/b.cpp", {})};
  EXPECT_EQ(defaultProjectRoot(Db), T.path("src/proj/src"));
  // An in-tree build (the database beside the sources) keeps them all.
  Db.Path = T.path("lib/x/compile_commands.json");
  Db.Commands = {Entry("lib/x/x.cpp", {}), Entry("lib/x/sub/y.cpp", {})};
  EXPECT_EQ(defaultProjectRoot(Db), T.path("lib/x"));
  // No .strata.yaml up to the repository: the sources' root.
  Db.Path = T.path("build/compile_commands.json");
  Db.Commands = {Entry("repo/app/src/m.cpp", {})};
  EXPECT_EQ(defaultProjectRoot(Db), T.path("repo/app/src"));
  // A .strata.yaml above the sources: its directory.
  Db.Commands = {Entry("cfg/src/n.cpp", {})};
  EXPECT_EQ(defaultProjectRoot(Db), T.path("cfg"));
}
