//===- CliTest.cpp - The strata command line: exit codes and errors -------===//
#include "Process.h"
#include "TestSupport.h"

#include <gmock/gmock.h>

using namespace strata::test;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

namespace {

void writeDb(const TempDir &Dir, const std::string &Sources) {
  Dir.write("build/compile_commands.json", Sources);
}

std::string entry(const TempDir &Dir, const std::string &File) {
  return "{\"directory\": \"" + Dir.Path + "\", \"file\": \"" + File +
         "\", \"arguments\": [\"c++\", \"-c\", \"" + File + "\"]}";
}

} // namespace

TEST(CliTest, NoCommandIsAUsageError) {
  RunResult R = runStrata({});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_EQ(R.Err, "strata: error: no command given; try 'strata --help'\n");
}

TEST(CliTest, UnknownOptionIsAUsageError) {
  RunResult R = runStrata({"extract", "--no-such-option"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_THAT(R.Err, HasSubstr("no-such-option"));
}

TEST(CliTest, HelpExplainsEveryOption) {
  RunResult R = runStrata({"extract", "--help"});
  EXPECT_EQ(R.Exit, 0);
  for (const char *Option :
       {"-p <build-path>", "--source-filter=<regex>", "--exclude=<glob>",
        "--extra-arg=<arg>", "--extra-arg-before=<arg>", "-j <N>",
        "--project-root=<dir>", "--quiet", "-o <file>", "--skip-missing"})
    EXPECT_THAT(R.Out, HasSubstr(Option));
}

TEST(CliTest, BadBuildPathIsOneLineAndExit2) {
  TempDir Dir;
  RunResult R = runStrata({"extract", "-p", Dir.path("nope")});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_EQ(R.Err, "strata: error: " + Dir.path("nope") +
                       ": cannot access build path: No such file or "
                       "directory\n");
}

TEST(CliTest, BuildPathThatIsAPlainFileIsRejected) {
  TempDir Dir;
  std::string Plain = Dir.write("notes.txt", "hello");
  RunResult R = runStrata({"extract", "-p", Plain});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_THAT(lines(R.Err), ::testing::SizeIs(1));
  EXPECT_THAT(R.Err, HasSubstr("notes.txt: not a valid JSON document"));
}

TEST(CliTest, MalformedDatabaseIsOneLineAndExit2) {
  TempDir Dir;
  writeDb(Dir, "[{\"directory\": 3}]");
  RunResult R = runStrata({"extract", "-p", Dir.path("build")});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_EQ(R.Err, "strata: error: " + Dir.path("build/compile_commands.json") +
                       ": entry 0: 'directory' is missing or not a string\n");
}

TEST(CliTest, MissingSourceFileIsExit2) {
  TempDir Dir;
  writeDb(Dir, "[" + entry(Dir, "gone.cpp") + "]");
  RunResult R = runStrata({"extract", "-p", Dir.path("build")});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_THAT(lines(R.Err), ::testing::SizeIs(1));
  EXPECT_THAT(R.Err, HasSubstr("entry for 'gone.cpp': the source file does "
                               "not exist"));
}

// A failed run leaves an existing output file as it was.
TEST(CliTest, FailedRunDoesNotTouchExistingOutput) {
  TempDir Dir;
  std::string Out = Dir.write("facts.json", "OLD");
  writeDb(Dir, "not json");
  RunResult R = runStrata({"extract", "-p", Dir.path("build"), "-o", Out});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_EQ(readFile(Out), "OLD");
}

TEST(CliTest, UnwritableOutputIsExit2) {
  TempDir Dir;
  Dir.write("a.cpp", "int a;\n");
  writeDb(Dir, "[" + entry(Dir, "a.cpp") + "]");
  std::string Out = Dir.path("missing/facts.json");
  RunResult R =
      runStrata({"extract", "-p", Dir.path("build"), "-o", Out, "--quiet"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_THAT(R.Err, MatchesRegex("strata: error: .*missing/facts.json: cannot "
                                  "write output: .*\n"));
  EXPECT_FALSE(llvm::sys::fs::exists(Out));
}

TEST(CliTest, SuccessWritesFactsAndASummary) {
  TempDir Dir;
  Dir.write("a.h", "struct A {};\n");
  Dir.write("a.cpp", "#include \"a.h\"\nA a;\n");
  writeDb(Dir, "[" + entry(Dir, "a.cpp") + "]");
  std::string Out = Dir.path("facts.json");
  RunResult R = runStrata({"extract", "-p", Dir.path("build"), "-o", Out});
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_THAT(R.Err, MatchesRegex(
                         "strata: 1 TUs parsed \\(0 from cache\\), 0 failed; 2 "
                         "files, [0-9]+ "
                         "entities, 2 edges \\(1 includes, 1 uses\\) in "
                         "[0-9.]+ s\n"));
  EXPECT_THAT(readFile(Out), HasSubstr("\"format\": \"strata-facts\""));

  RunResult Quiet =
      runStrata({"extract", "-p", Dir.path("build"), "-o", Out, "--quiet"});
  EXPECT_EQ(Quiet.Exit, 0);
  EXPECT_EQ(Quiet.Err, "");
}

TEST(CliTest, ParseFailureIsReportedAndTheRunGoesOn) {
  TempDir Dir;
  Dir.write("bad.cpp", "int broken( {\n");
  Dir.write("good.cpp", "int good;\n");
  writeDb(Dir,
          "[" + entry(Dir, "bad.cpp") + "," + entry(Dir, "good.cpp") + "]");
  RunResult R = runStrata({"extract", "-p", Dir.path("build"), "-o",
                           Dir.path("facts.json"), "--quiet"});
  EXPECT_EQ(R.Exit, 0);
  EXPECT_THAT(R.Err, MatchesRegex("strata: warning: bad.cpp: failed to parse; "
                                  "its facts are partial: bad.cpp:1:.*\n"));
  EXPECT_THAT(readFile(Dir.path("facts.json")),
              HasSubstr("{\"file\":\"good.cpp\",\"status\":\"ok\"}"));
}

TEST(CliTest, BadShardSpecIsAUsageError) {
  TempDir Dir;
  Dir.write("a.cpp", "int a;\n");
  writeDb(Dir, "[" + entry(Dir, "a.cpp") + "]");
  RunResult R =
      runStrata({"extract", "-p", Dir.path("build"), "--shard", "4/3"});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_EQ(R.Err, "strata: error: --shard: expected K/N with 1 <= K <= N, "
                   "not '4/3'\n");
}

TEST(CliTest, MergingFactsOfDifferentProjectsFails) {
  TempDir Dir;
  std::string A = Dir.write(
      "a.json", R"({"format":"strata-facts","version":2,"root":"/one"})");
  std::string B = Dir.write(
      "b.json", R"({"format":"strata-facts","version":2,"root":"/two"})");
  RunResult R = runStrata({"merge", A, B});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_EQ(R.Err, "strata: error: " + B +
                       ": its project root '/two' differs from that of '" + A +
                       "' ('/one')\n");
}

TEST(CliTest, IndexAddsIndexesToStoresOnly) {
  TempDir Dir;
  std::string Json = Dir.write(
      "a.json", R"({"format":"strata-facts","version":2,"root":"/one"})");
  std::string Db = Dir.path("a.db");
  RunResult Merge = runStrata({"merge", Json, "-o", Db});
  ASSERT_EQ(Merge.Exit, 0) << Merge.Err;
  RunResult R = runStrata({"index", Db});
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_EQ(R.Err, "");
  RunResult NotAStore = runStrata({"index", Db, Json});
  EXPECT_EQ(NotAStore.Exit, 2);
  EXPECT_EQ(NotAStore.Err, "strata: error: " + Json +
                               ": not a facts store (an SQLite database); "
                               "only a store has indexes\n");
  RunResult Missing = runStrata({"index", Dir.path("none.db")});
  EXPECT_EQ(Missing.Exit, 2);
  EXPECT_EQ(Missing.Err, "strata: error: " + Dir.path("none.db") +
                             ": cannot read facts store: No such file or "
                             "directory\n");
}

// strata writes CMake's query and says how to configure; it runs nothing.
// The documented first step on a fresh checkout: the build directory does
// not exist yet, named relative to the working directory or absolute. The
// query must land inside it (CMake reads it there when it configures).
TEST(CliTest, CMakeQueryCreatesAMissingBuildDirectory) {
  TempDir Dir;
  Dir.write("src/CMakeLists.txt", "");
  RunResult Relative =
      runStrata({"cmake-query", "-p", "build"}, Dir.path("src"));
  EXPECT_EQ(Relative.Exit, 0) << Relative.Err;
  EXPECT_TRUE(llvm::sys::fs::exists(
      Dir.path("src/build/.cmake/api/v1/query/codemodel-v2")));
  EXPECT_FALSE(
      llvm::sys::fs::exists(Dir.path("src/.cmake/api/v1/query/codemodel-v2")));
  EXPECT_THAT(Relative.Out, ::testing::HasSubstr("cmake -S <source directory> "
                                                 "-B build"));
  RunResult Absolute =
      runStrata({"cmake-query", "-p", Dir.path("out/deep/build")});
  EXPECT_EQ(Absolute.Exit, 0) << Absolute.Err;
  EXPECT_TRUE(llvm::sys::fs::exists(
      Dir.path("out/deep/build/.cmake/api/v1/query/codemodel-v2")));
  EXPECT_FALSE(llvm::sys::fs::exists(
      Dir.path("out/deep/.cmake/api/v1/query/codemodel-v2")));
  // A file where the directory should be is one clear error.
  Dir.write("file", "");
  RunResult Blocked = runStrata({"cmake-query", "-p", Dir.path("file")});
  EXPECT_EQ(Blocked.Exit, 2);
  EXPECT_THAT(Blocked.Err, ::testing::HasSubstr(Dir.path("file")));
}

TEST(CliTest, CMakeQueryWritesTheQueryAndPrintsTheCommand) {
  TempDir Dir;
  Dir.write("build/CMakeCache.txt", "");
  RunResult R = runStrata({"cmake-query", "-p", Dir.path("build")});
  EXPECT_EQ(R.Exit, 0) << R.Err;
  EXPECT_TRUE(llvm::sys::fs::exists(
      Dir.path("build/.cmake/api/v1/query/codemodel-v2")));
  EXPECT_THAT(R.Out,
              ::testing::HasSubstr("  cmake " + Dir.path("build") + "\n"));
  RunResult NoBuild = runStrata({"cmake-query"});
  EXPECT_EQ(NoBuild.Exit, 2);
  EXPECT_THAT(NoBuild.Err, ::testing::HasSubstr("pass -p BUILD_DIR"));
  RunResult Bad =
      runStrata({"analyze", "--modules", "bazel", "-p", Dir.path("build")});
  EXPECT_EQ(Bad.Exit, 2);
  EXPECT_THAT(Bad.Err, ::testing::HasSubstr("--modules: expected "
                                            "'directories' or 'cmake'"));
}
