//===- HostileTest.cpp - strata on inputs meant to break it ---------------===//
//
// strata runs in CI on pull requests nobody has reviewed yet. Each case here
// feeds the real binary one kind of hostile or broken input and states the
// outcome it must have, which is one of two:
//
//  - refused: exit 2 and exactly one line on stderr, "strata: error: <file>:
//    <problem>", with no output file written (expectRefused);
//  - survived: a warning naming what was skipped or broken, the normal exit
//    code, and complete outputs (expectSurvived).
//
// Neither may crash, hang or leave a partial or temporary file behind. The
// list of cases, with their outcomes, is in README.md beside this file.
//
//===----------------------------------------------------------------------===//
#include "../e2e/Process.h"
#include "TestSupport.h"
#include "strata/facts/FactsJson.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/Program.h"
#include <chrono>
#include <csignal>
#include <gmock/gmock.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace strata;
using namespace strata::test;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

namespace {

// Files in \p Dir (recursively) whose name says they are temporaries.
std::vector<std::string> temporaries(const std::string &Dir) {
  std::vector<std::string> Out;
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Dir, EC), End;
       It != End && !EC; It.increment(EC))
    if (llvm::StringRef(It->path()).contains(".temp-stream-") ||
        llvm::StringRef(It->path()).contains(".tmp"))
      Out.push_back(It->path());
  return Out;
}

// Refused: exit 2, one printable line naming the problem, no output.
void expectRefused(const RunResult &R, const std::string &Regex,
                   const std::string &Output = "") {
  EXPECT_EQ(R.Exit, 2) << R.Err;
  EXPECT_THAT(lines(R.Err), ::testing::SizeIs(1)) << R.Err;
  EXPECT_THAT(R.Err, MatchesRegex("strata: error: " + Regex + "\n"));
  for (unsigned char C : R.Err) {
    EXPECT_TRUE(C == '\n' || C >= 0x20) << "control character in " << R.Err;
  }
  if (!Output.empty())
    EXPECT_FALSE(llvm::sys::fs::exists(Output)) << Output;
}

// Survived: the normal exit code, no sign of a crash, and the output parses
// back (for facts files).
void expectSurvived(const RunResult &R, int Exit = 0) {
  EXPECT_EQ(R.Exit, Exit) << R.Err;
  EXPECT_THAT(R.Err, ::testing::Not(HasSubstr("Stack dump")));
  EXPECT_THAT(R.Err, ::testing::Not(HasSubstr("PLEASE submit")));
}

std::string entry(const std::string &Dir, const std::string &File,
                  const std::vector<std::string> &Flags = {}) {
  json Args = json::array({"c++"});
  for (const std::string &F : Flags)
    Args.push_back(F);
  Args.push_back("-c");
  Args.push_back(File);
  return json({{"directory", Dir}, {"file", File}, {"arguments", Args}}).dump();
}

std::string database(const std::vector<std::string> &Entries) {
  std::string Out = "[";
  for (size_t I = 0; I < Entries.size(); ++I)
    Out += (I ? ",\n" : "\n") + Entries[I];
  return Out + "\n]";
}

class HostileTest : public ::testing::Test {
protected:
  std::string db(const std::string &Content) {
    Dir.write("build/compile_commands.json", Content);
    return Dir.path("build");
  }
  RunResult extract(const std::vector<std::string> &Extra = {}) {
    std::vector<std::string> Args = {
        "extract", "-p",        Dir.path("build"), "-o", Dir.path("facts.json"),
        "--quiet", "--no-cache"};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    return runStrata(Args);
  }
  // A small valid project: a.cpp includes a.h.
  void project() {
    Dir.write("src/a.h", "struct A { int v; };\n");
    Dir.write("src/a.cpp", "#include \"a.h\"\nint get(A a) { return a.v; }\n");
    db(database({entry(Dir.path("src"), "a.cpp")}));
  }
  std::string facts() {
    project();
    EXPECT_EQ(extract().Exit, 0);
    return Dir.path("facts.json");
  }

  TempDir Dir;
};

//===-- CMake File API replies --------------------------------------------===//

class HostileReplyTest : public HostileTest {
protected:
  // The reply directory holds \p Files; the index is the one named index-*.
  RunResult analyze(const std::map<std::string, std::string> &Files) {
    project();
    for (const auto &[Name, Content] : Files)
      Dir.write("build/.cmake/api/v1/reply/" + Name, Content);
    return runStrata({"analyze", "-p", Dir.path("build"), "--modules", "cmake",
                      "--quiet", "--no-cache", "--format", "json", "-o",
                      Dir.path("out.json")});
  }
  static std::string index(const std::string &CodemodelFile, int Major = 2) {
    return json({{"cmake", {{"version", {{"string", "3.25.1"}}}}},
                 {"objects",
                  {{{"kind", "codemodel"},
                    {"version", {{"major", Major}, {"minor", 4}}},
                    {"jsonFile", CodemodelFile}}}}})
        .dump();
  }
  std::string codemodel(int Major = 2) const {
    return json({{"version", {{"major", Major}, {"minor", 4}}},
                 {"paths",
                  {{"source", Dir.path("src")}, {"build", Dir.path("build")}}},
                 {"configurations",
                  {{{"name", ""},
                    {"directories", {{{"source", "."}}}},
                    {"targets",
                     {{{"name", "a"},
                       {"id", "a::@1"},
                       {"jsonFile", "target-a.json"}}}}}}}})
        .dump();
  }
};

TEST_F(HostileReplyTest, NoReplyIsRefusedWithWhatToDo) {
  expectRefused(analyze({}),
                ".*build: no CMake File API reply: run `strata cmake-query "
                "-p .*build`, then configure the build again",
                Dir.path("out.json"));
}

TEST_F(HostileReplyTest, TruncatedIndexIsRefusedWithThePosition) {
  std::string I = index("codemodel.json");
  expectRefused(analyze({{"index-1.json", I.substr(0, I.size() / 2)}}),
                ".*index-1.json: not a valid JSON document \\(line 1, column "
                "[0-9]+: .*",
                Dir.path("out.json"));
}

TEST_F(HostileReplyTest, IndexNamingAMissingFileIsRefused) {
  expectRefused(analyze({{"index-1.json", index("codemodel-gone.json")}}),
                ".*codemodel-gone.json: cannot read the reply file: .*",
                Dir.path("out.json"));
}

TEST_F(HostileReplyTest, UnknownCodemodelVersionIsRefused) {
  expectRefused(analyze({{"index-1.json", index("codemodel.json", 3)}}),
                ".*index-1.json: the reply's codemodel has version 3, not 2: "
                "this strata reads codemodel v2 only",
                Dir.path("out.json"));
  expectRefused(analyze({{"index-1.json", index("codemodel.json")},
                         {"codemodel.json", codemodel(7)}}),
                ".*codemodel.json: the codemodel has version 7, not 2.*",
                Dir.path("out.json"));
}

TEST_F(HostileReplyTest, PathsOutOfTheReplyDirectoryAreRefused) {
  expectRefused(analyze({{"index-1.json", index("../../../../etc/passwd")}}),
                ".*index-1.json: the codemodel object.jsonFile "
                "'../../../../etc/passwd' points outside the reply directory",
                Dir.path("out.json"));
  std::string M = codemodel();
  size_t At = M.find("target-a.json");
  M.replace(At, 13, "/etc/passwd");
  expectRefused(analyze({{"index-1.json", index("codemodel.json")},
                         {"codemodel.json", M}}),
                ".*codemodel.json: configurations\\[0\\].targets\\[0\\]."
                "jsonFile '/etc/passwd' points outside the reply directory",
                Dir.path("out.json"));
}

TEST_F(HostileReplyTest, TargetOfWrongTypesIsRefusedNamingTheField) {
  expectRefused(analyze({{"index-1.json", index("codemodel.json")},
                         {"codemodel.json", codemodel()},
                         {"target-a.json", json({{"name", "a"},
                                                 {"type", "STATIC_LIBRARY"},
                                                 {"sources", {{{"path", 42}}}}})
                                               .dump()}}),
                ".*target-a.json: sources\\[0\\].path is not a string",
                Dir.path("out.json"));
}

//===-- Compilation databases ---------------------------------------------===//

TEST_F(HostileTest, DatabaseEmptyFileIsRefused) {
  db("");
  expectRefused(extract(),
                ".*compile_commands.json: the file is empty "
                "\\(expected a JSON document\\)",
                Dir.path("facts.json"));
}

TEST_F(HostileTest, DatabaseWithNoEntriesIsRefused) {
  db("[]");
  expectRefused(extract(),
                ".*compile_commands.json: the compilation database has no "
                "entries",
                Dir.path("facts.json"));
}

TEST_F(HostileTest, DatabaseTruncatedIsRefusedWithThePosition) {
  project();
  std::string Whole = readFile(Dir.path("build/compile_commands.json"));
  db(Whole.substr(0, Whole.size() / 2));
  expectRefused(extract(),
                ".*compile_commands.json: not a valid JSON "
                "document \\(line [0-9]+, column [0-9]+: .*\\)",
                Dir.path("facts.json"));
}

TEST_F(HostileTest, DatabaseOfBinaryGarbageIsRefusedInPrintableText) {
  std::string Garbage;
  for (int I = 0; I < 512; ++I)
    Garbage += char((I * 7919) % 256);
  db("\xff\x01\n" + Garbage);
  expectRefused(extract(),
                ".*compile_commands.json: not a valid JSON document .*");
}

TEST_F(HostileTest, DatabaseOfWrongTypesIsRefusedNamingTheEntry) {
  const std::pair<const char *, const char *> Cases[] = {
      {R"({"directory": "/"})", "not a compilation database \\(expected a "
                                "JSON array\\)"},
      {"[1]", "entry 0: not an object"},
      {R"([{"directory": 3, "file": "a.cpp", "arguments": []}])",
       "entry 0: 'directory' is missing or not a string"},
      {R"([{"directory": "/", "file": "a.cpp", "arguments": "c++ a.cpp"}])",
       "entry 0: 'arguments' is not an array"},
      {R"([{"directory": "/", "file": "a.cpp", "arguments": ["c++", 1]}])",
       "entry 0: 'arguments' holds a value that is not a string"},
      {R"([{"directory": "/", "file": "a.cpp"}])",
       "entry 0: neither 'arguments' \\(array\\) nor 'command' \\(string\\) "
       "given"},
  };
  for (auto [Content, Message] : Cases) {
    db(Content);
    expectRefused(extract(),
                  ".*compile_commands.json: " + std::string(Message));
  }
}

// JSON nested 100,000 deep: nlohmann's parser keeps its own stack.
TEST_F(HostileTest, DatabaseNestedVeryDeeplyIsRefused) {
  db(std::string(100000, '[') + std::string(100000, ']'));
  expectRefused(extract(), ".*compile_commands.json: entry 0: not an object");
}

// 16 MB of one entry repeated: the duplicates are dropped with a warning.
TEST_F(HostileTest, HugeDatabaseOfDuplicatesIsReadOnce) {
  project();
  std::vector<std::string> Entries(200000, entry(Dir.path("src"), "a.cpp"));
  db(database(Entries));
  RunResult R = runStrata({"extract", "-p", Dir.path("build"), "-o",
                           Dir.path("facts.json"), "--no-cache"});
  expectSurvived(R);
  EXPECT_THAT(R.Err, HasSubstr("199999 duplicate entries ignored"));
  EXPECT_THAT(R.Err, HasSubstr("1 TUs parsed"));
}

TEST_F(HostileTest, EntryWhoseFileIsMissingIsRefusedOrSkipped) {
  project();
  db(database(
      {entry(Dir.path("src"), "a.cpp"), entry(Dir.path("src"), "gone.cpp")}));
  expectRefused(extract(),
                ".*compile_commands.json: entry for "
                "'gone.cpp': the source file does not exist "
                "\\(regenerate the database, or pass "
                "--skip-missing\\)",
                Dir.path("facts.json"));
  RunResult R = extract({"--skip-missing"});
  expectSurvived(R);
  EXPECT_THAT(R.Err, HasSubstr("skipped 'gone.cpp': the source file does not "
                               "exist"));
  EXPECT_THAT(readFile(Dir.path("facts.json")), HasSubstr("\"a.cpp\""));
}

TEST_F(HostileTest, EntryWhoseDirectoryIsMissingIsRefused) {
  project();
  db(database({entry(Dir.path("nowhere"), Dir.path("src/a.cpp"))}));
  expectRefused(extract(), ".*compile_commands.json: entry for 'a.cpp': its "
                           "directory '.*nowhere' does not exist .*");
}

// A relative directory is relative to the database's folder; a relative
// file to the entry's directory.
TEST_F(HostileTest, RelativePathsAreResolvedAgainstTheDatabase) {
  project();
  db(R"([{"directory": "../src", "file": "a.cpp",
          "arguments": ["c++", "-c", "a.cpp"]}])");
  RunResult R = extract();
  expectSurvived(R);
  EXPECT_THAT(readFile(Dir.path("facts.json")),
              HasSubstr("{\"file\":\"a.cpp\",\"status\":\"ok\"}"));
}

TEST_F(HostileTest, DuplicateEntriesKeepTheFirst) {
  project();
  db(database({entry(Dir.path("src"), "a.cpp", {"-DFIRST"}),
               entry(Dir.path("src"), "a.cpp", {"-include", "nothere.h"})}));
  RunResult R = runStrata({"extract", "-p", Dir.path("build"), "-o",
                           Dir.path("facts.json"), "--no-cache"});
  expectSurvived(R);
  EXPECT_THAT(R.Err, HasSubstr("1 duplicate entries ignored"));
  EXPECT_THAT(R.Err, HasSubstr("0 failed")); // the second would fail
}

//===-- -p ----------------------------------------------------------------===//

TEST_F(HostileTest, BuildPathWithoutADatabaseIsRefused) {
  llvm::sys::fs::create_directories(Dir.path("empty"));
  expectRefused(runStrata({"extract", "-p", Dir.path("empty")}),
                ".*empty: no compile_commands.json in this directory .*");
}

TEST_F(HostileTest, BuildPathThroughAPlainFileIsRefused) {
  std::string Plain = Dir.write("plain", "x");
  expectRefused(runStrata({"extract", "-p", Plain + "/build"}),
                ".*plain/build: cannot access build path: Not a directory");
}

// The database cannot be read: it is a directory, or (when not running as
// root, which reads everything) a file without read permission.
TEST_F(HostileTest, UnreadableDatabaseIsRefused) {
  llvm::sys::fs::create_directories(Dir.path("a/compile_commands.json"));
  expectRefused(runStrata({"extract", "-p", Dir.path("a")}),
                ".*compile_commands.json: cannot read compilation database: "
                "Is a directory");
  if (geteuid() == 0)
    return;
  project();
  llvm::sys::fs::setPermissions(Dir.path("build/compile_commands.json"),
                                llvm::sys::fs::perms(0));
  expectRefused(extract(), ".*compile_commands.json: cannot read "
                           "compilation database: Permission denied");
}

//===-- Translation units -------------------------------------------------===//

// Every broken TU is reported by name and the run goes on to the good one.
TEST_F(HostileTest, BrokenTranslationUnitsAreReportedAndTheRunGoesOn) {
  const std::pair<const char *, const char *> Broken[] = {
      {"syntax.cpp", "int broken( {\n"},
      {"missing.cpp", "#include \"nothere.h\"\nint x;\n"},
      {"error.cpp", "#error this TU refuses to build\n"},
      {"recursion.cpp", "#include \"recursion.h\"\n"},
      {"templates.cpp",
       "template <int N> struct F { static const int v = F<N + 1>::v; };\n"
       "int x = F<0>::v;\n"},
      {"constexpr.cpp", "constexpr int f(int n) { return f(n + 1); }\n"
                        "constexpr int y = f(0);\n"},
  };
  Dir.write("src/recursion.h", "#include \"recursion.h\"\nint r;\n");
  Dir.write("src/good.cpp", "struct G {};\nG g;\n");
  std::vector<std::string> Entries;
  for (auto [Name, Content] : Broken) {
    Dir.write(std::string("src/") + Name, Content);
    Entries.push_back(entry(Dir.path("src"), Name, {"-std=c++17"}));
  }
  Entries.push_back(entry(Dir.path("src"), "good.cpp"));
  db(database(Entries));
  RunResult R = extract({"-j", "2"});
  expectSurvived(R);
  for (auto [Name, Content] : Broken)
    EXPECT_THAT(R.Err, HasSubstr(std::string("strata: warning: ") + Name +
                                 ": failed to parse; its facts are partial: "));
  EXPECT_THAT(R.Err, HasSubstr("#include nested too deeply"));
  EXPECT_THAT(R.Err, HasSubstr("recursive template instantiation exceeded "
                               "maximum depth"));
  auto Facts = facts::readFactsFile(Dir.path("facts.json"));
  ASSERT_TRUE(bool(Facts)) << llvm::toString(Facts.takeError());
  ASSERT_EQ(Facts->TUs.size(), std::size(Broken) + 1);
  for (const facts::TUFact &T : Facts->TUs)
    EXPECT_EQ(T.Status == facts::TUStatus::Ok, T.File == "good.cpp") << T.File;
}

// 50 MB of source: mostly a comment, a data table and 20,000 functions.
TEST_F(HostileTest, FiftyMegabyteSourceIsParsed) {
  std::string Big = "struct Big { int v; };\n";
  for (int I = 0; I < 20000; ++I)
    Big += "static int f" + std::to_string(I) + "(Big b) { return b.v; }\n";
  Big += "static const unsigned char table[] = {\n";
  while (Big.size() < 10'000'000)
    Big += "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,\n";
  Big += "};\n/*\n";
  std::string Line(99, '*');
  while (Big.size() < 50'000'000)
    Big += Line + "\n";
  Big += "*/\nint end(Big b) { return b.v; }\n";
  Dir.write("src/big.cpp", Big);
  db(database({entry(Dir.path("src"), "big.cpp")}));
  RunResult R = extract();
  expectSurvived(R);
  auto Facts = facts::readFactsFile(Dir.path("facts.json"));
  ASSERT_TRUE(bool(Facts)) << llvm::toString(Facts.takeError());
  // 20,000 parameters of type Big, and the last function's, past the table
  // and the comment.
  size_t UsesOfBig = llvm::count_if(Facts->Uses, [](const facts::UseFact &U) {
    return U.Target == "Big" && U.Kind == facts::UseKind::Param;
  });
  EXPECT_EQ(UsesOfBig, 20001u);
}

TEST_F(HostileTest, SymlinkLoopsEndInAnErrorNotAHang) {
  Dir.write("src/inc/x.h", "struct X {};\n");
  llvm::sys::fs::create_link(".", Dir.path("src/inc/loop"));
  llvm::sys::fs::create_link("self.h", Dir.path("src/self.h"));
  llvm::sys::fs::create_link("ping.h", Dir.path("src/pong.h"));
  llvm::sys::fs::create_link("pong.h", Dir.path("src/ping.h"));
  llvm::sys::fs::create_link("spin.cpp", Dir.path("src/spin.cpp"));
  Dir.write("src/through.cpp", "#include \"inc/loop/loop/loop/x.h\"\nX x;\n");
  Dir.write("src/self.cpp", "#include \"self.h\"\n");
  Dir.write("src/pingpong.cpp", "#include \"ping.h\"\n");
  db(database({entry(Dir.path("src"), "through.cpp"),
               entry(Dir.path("src"), "self.cpp"),
               entry(Dir.path("src"), "pingpong.cpp")}));
  RunResult R = extract();
  expectSurvived(R);
  EXPECT_THAT(R.Err, HasSubstr("self.cpp: failed to parse"));
  EXPECT_THAT(R.Err, HasSubstr("pingpong.cpp: failed to parse"));
  EXPECT_THAT(R.Err, HasSubstr("Too many levels of symbolic links"));
  // The loop through a directory resolves to the one real file.
  EXPECT_THAT(readFile(Dir.path("facts.json")),
              HasSubstr("\"target\":\"inc/x.h\""));

  db(database({entry(Dir.path("src"), "spin.cpp")}));
  expectRefused(extract(), ".*compile_commands.json: entry for 'spin.cpp': "
                           "the source file cannot be read: Too many levels "
                           "of symbolic links \\(regenerate .*\\)");
}

// File names with spaces, a byte that is not UTF-8, markup and quotes go
// through every output: JSON stays valid (the bad byte becomes U+FFFD) and
// no name reaches HTML or Markdown unescaped.
TEST_F(HostileTest, HostileFileNamesAreCarriedSafelyToEveryOutput) {
  const std::string NotUtf8 = "n\xffu8.h";
  const std::string Markup = "<script>alert(1)<script>.h";
  const std::string Quoted = "<img src=x onerror=alert(1)> it's \"q\".cpp";
  Dir.write("inc/" + NotUtf8, "struct A { int v; };\n");
  Dir.write("src/we ird/sp ace.h", "struct B {};\n");
  Dir.write("src/" + Markup, "struct C {};\n");
  Dir.write("src/" + Quoted, "#include <" + NotUtf8 +
                                 ">\n#include \"we ird/sp ace.h\"\n"
                                 "#include \"" +
                                 Markup +
                                 "\"\nint use(A a, B, C) { return a.v; }\n");
  db(database({entry(Dir.path("src"), Quoted, {"-I../inc"})}));
  RunResult R = extract();
  expectSurvived(R);
  std::string Facts = readFile(Dir.path("facts.json"));
  EXPECT_THAT(Facts, HasSubstr("n\xef\xbf\xbdu8.h")); // U+FFFD
  EXPECT_THAT(Facts, HasSubstr("we ird/sp ace.h"));

  std::map<std::string, std::string> Out;
  for (const char *Format :
       {"html", "markdown", "text", "json", "dot", "mermaid"}) {
    std::string P = Dir.path(std::string("report.") + Format);
    RunResult Rep =
        runStrata({"report", "--facts", Dir.path("facts.json"), "--format",
                   Format, "--level", "component", "-o", P, "--quiet"});
    expectSurvived(Rep);
    Out[Format] = readFile(P);
    EXPECT_FALSE(Out[Format].empty()) << Format;
  }
  RunResult Sarif =
      runStrata({"check", "--facts", Dir.path("facts.json"), "--format",
                 "sarif", "-o", Dir.path("check.sarif"), "--quiet"});
  expectSurvived(Sarif);
  for (const std::string &P :
       {Dir.path("report.json"), Dir.path("check.sarif")})
    EXPECT_FALSE(json::parse(readFile(P), nullptr, false).is_discarded()) << P;
  for (const char *Format : {"html", "markdown"}) {
    EXPECT_THAT(Out[Format], ::testing::Not(HasSubstr("<script>alert")))
        << Format;
    EXPECT_THAT(Out[Format], ::testing::Not(HasSubstr("<img src=x"))) << Format;
  }
  EXPECT_THAT(Out["html"], HasSubstr("&lt;script&gt;alert(1)&lt;script&gt;"));
}

//===-- Configuration -----------------------------------------------------===//

class HostileConfigTest : public HostileTest {
protected:
  RunResult check(const std::string &Config) {
    std::string Facts = facts();
    std::string Path = Dir.write(".strata.yaml", Config);
    return runStrata({"check", "--facts", Facts, "--config", Path});
  }
};

TEST_F(HostileConfigTest, WrongTypesAreRefusedWithTheirPosition) {
  expectRefused(check("layers: 3\n"), ".*\\.strata\\.yaml:1:9: not a mapping");
  expectRefused(check("layers:\n  order: top\n"),
                ".*\\.strata\\.yaml:2:10: not a sequence");
}

TEST_F(HostileConfigTest, UnknownKeysAreRefused) {
  expectRefused(check("layers:\n  order: [a, b]\nlayerz: []\n"),
                ".*\\.strata\\.yaml:3:1: unknown key 'layerz'");
}

TEST_F(HostileConfigTest, TabsInIndentationAreRefused) {
  expectRefused(check("layers:\n\tmode: strict\n"),
                ".*\\.strata\\.yaml:2:1: tab character in indentation .*");
}

// "Billion laughs": nine levels of nine aliases would expand to 387 million
// strings. Aliases are refused before anything is expanded.
TEST_F(HostileConfigTest, AliasBombIsRefusedWithoutExpanding) {
  std::string Bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
                     "\"lol\",\"lol\",\"lol\"]\n";
  for (char C = 'b'; C <= 'i'; ++C) {
    std::string Prev(1, C - 1);
    Bomb += std::string(1, C) + ": &" + C + " [";
    for (int I = 0; I < 9; ++I)
      Bomb += (I ? ",*" : "*") + Prev;
    Bomb += "]\n";
  }
  expectRefused(check(Bomb), ".*\\.strata\\.yaml:2:[0-9]+: YAML anchors and "
                             "aliases are not supported");
}

// Nesting 120,000 deep overflowed LLVM's recursive YAML reader on the
// default stack; now it is read on a stack sized for the largest config.
TEST_F(HostileConfigTest, DeepNestingIsRefusedNotACrash) {
  RunResult R = check("a: " + std::string(120000, '['));
  expectRefused(R, ".*\\.strata\\.yaml:.*");
  RunResult Big = check(std::string(200 << 10, '#'));
  expectRefused(Big, ".*\\.strata\\.yaml: larger than 128 KiB; not a strata "
                     "configuration");
}

//===-- Facts, caches and baselines ---------------------------------------===//

TEST_F(HostileTest, TruncatedOrForeignFactsAreRefused) {
  std::string Whole = readFile(facts());
  Dir.write("truncated.json", Whole.substr(0, Whole.size() - 10));
  expectRefused(runStrata({"analyze", "--facts", Dir.path("truncated.json")}),
                ".*truncated.json: not a valid JSON document .*");
  json Foreign = json::parse(Whole);
  Foreign["version"] = 3;
  Dir.write("v3.json", Foreign.dump());
  expectRefused(runStrata({"report", "--facts", Dir.path("v3.json"), "-o",
                           Dir.path("r.html")}),
                ".*v3.json: facts file version 3 is not supported \\(this "
                "strata reads 2\\)",
                Dir.path("r.html"));
  // Facts of version 1 sent uses to declarations their file could not see:
  // only a new extraction helps, and the message says so.
  Foreign["version"] = 1;
  Dir.write("v1.json", Foreign.dump());
  expectRefused(runStrata({"analyze", "--facts", Dir.path("v1.json")}),
                ".*v1.json: facts file version 1 was written by an older "
                "strata \\(this strata reads 2\\); run 'strata extract' "
                "again");
  // Found in review: the error printed the version, and printing a value
  // nested 100,000 deep overflowed the stack.
  Dir.write("deep.json", R"({"format":"strata-facts","version":)" +
                             std::string(100000, '[') +
                             std::string(100000, ']') + "}");
  expectRefused(runStrata({"analyze", "--facts", Dir.path("deep.json")}),
                ".*deep.json: facts file version array is not supported .*");
  Foreign["version"] = 2;
  Foreign["uses"][0]["line"] = "twelve";
  Dir.write("types.json", Foreign.dump());
  expectRefused(runStrata({"check", "--facts", Dir.path("types.json")}),
                ".*types.json: uses\\[0\\]: field 'line' is not a count "
                "\\(an integer from 0 to 2\\^32-1\\)");
}

// A facts store (`extract -o facts.db`) truncated, of garbage pages, of
// another schema version or of another application: refused in one line,
// and `merge` writes no output.
TEST_F(HostileTest, CorruptOrForeignFactStoresAreRefused) {
  facts();
  ASSERT_EQ(
      runStrata({"merge", Dir.path("facts.json"), "-o", Dir.path("facts.db")})
          .Exit,
      0);
  std::string Whole = readFile(Dir.path("facts.db"));
  Dir.write("half.db", Whole.substr(0, Whole.size() / 2));
  expectRefused(runStrata({"analyze", "--facts", Dir.path("half.db")}),
                ".*half.db: cannot read the facts store: database disk image "
                "is malformed");
  Dir.write("pages.db", Whole.substr(0, 100) + std::string(8192, 'Z'));
  expectRefused(
      runStrata({"merge", Dir.path("pages.db"), "-o", Dir.path("out.db")}),
      ".*pages.db: .*", Dir.path("out.db"));
  std::string Version = Whole;
  Version[63] = 9; // PRAGMA user_version, a big-endian word at offset 60
  Dir.write("v9.db", Version);
  expectRefused(runStrata({"check", "--facts", Dir.path("v9.db")}),
                ".*v9.db: a facts store of schema version 9; this strata "
                "reads version 1");
  std::string Foreign = Whole;
  Foreign[71] = 0; // PRAGMA application_id, at offset 68
  Dir.write("foreign.db", Foreign);
  expectRefused(runStrata({"analyze", "--facts", Dir.path("foreign.db")}),
                ".*foreign.db: not a strata facts store \\(an SQLite database "
                "of another application\\)");
}

// Entries truncated, garbled or of another version are rebuilt, never
// trusted: the facts equal a run without a cache.
TEST_F(HostileTest, CorruptOrForeignCacheEntriesAreRebuilt) {
  project();
  Dir.write("src/b.cpp", "#include \"a.h\"\nA b;\n");
  Dir.write("src/c.cpp", "int c;\n");
  db(database({entry(Dir.path("src"), "a.cpp"), entry(Dir.path("src"), "b.cpp"),
               entry(Dir.path("src"), "c.cpp")}));
  std::string Cache = Dir.path("cache");
  auto Run = [&](const std::string &Out) {
    return runStrata(
        {"extract", "-p", Dir.path("build"), "-o", Out, "--cache-dir", Cache});
  };
  ASSERT_EQ(Run(Dir.path("cold.json")).Exit, 0);
  std::vector<std::string> Entries;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Cache, EC), End; It != End && !EC;
       It.increment(EC))
    Entries.push_back(It->path());
  ASSERT_EQ(Entries.size(), 3u);
  std::sort(Entries.begin(), Entries.end());
  std::string First = readFile(Entries[0]);
  Dir.write(llvm::StringRef(Entries[0]).drop_front(Dir.Path.size() + 1),
            First.substr(0, First.size() / 2));
  std::string Second = readFile(Entries[1]);
  size_t Version = Second.find("\"version\":6");
  ASSERT_NE(Version, std::string::npos);
  Second.replace(Version, 11, "\"version\":99");
  Dir.write(llvm::StringRef(Entries[1]).drop_front(Dir.Path.size() + 1),
            Second);
  Dir.write(llvm::StringRef(Entries[2]).drop_front(Dir.Path.size() + 1),
            std::string("\x00\xff garbage", 10));

  RunResult R = Run(Dir.path("warm.json"));
  expectSurvived(R);
  EXPECT_THAT(R.Err, HasSubstr("3 TUs parsed (0 from cache)"));
  // Two are corrupt and say so; the other version is rebuilt silently.
  size_t Warned = 0;
  for (const std::string &L : lines(R.Err))
    Warned += llvm::StringRef(L).contains("ignoring cache entry");
  EXPECT_EQ(Warned, 2u) << R.Err;
  EXPECT_EQ(readFile(Dir.path("warm.json")), readFile(Dir.path("cold.json")));
  RunResult Again = Run(Dir.path("again.json"));
  EXPECT_THAT(Again.Err, HasSubstr("3 TUs parsed (3 from cache)"));
  EXPECT_TRUE(temporaries(Cache).empty());
}

TEST_F(HostileTest, BaselineOfWrongTypesIsRefused) {
  std::string Facts = facts();
  Dir.write("base.json", R"({"format": 7, "version": "1"})");
  expectRefused(runStrata({"check", "--facts", Facts, "--baseline",
                           Dir.path("base.json")}),
                ".*base.json: not a strata baseline \\(format is not "
                "'strata-baseline'\\)");
}

//===-- Outputs -----------------------------------------------------------===//

TEST_F(HostileTest, OutputInAMissingDirectoryIsRefused) {
  std::string Facts = facts();
  std::string Out = Dir.path("missing/report.html");
  expectRefused(runStrata({"report", "--facts", Facts, "-o", Out}),
                ".*missing/report.html: cannot write output: No such file or "
                "directory",
                Out);
}

// Root writes anywhere it may chmod away, so then the read-only directory
// is sysfs, which refuses new files even to root.
TEST_F(HostileTest, OutputInAReadOnlyDirectoryIsRefused) {
  std::string Facts = facts();
  std::string Out = "/sys/strata-hostile-test.html";
  if (geteuid() != 0) {
    llvm::sys::fs::create_directories(Dir.path("ro"));
    llvm::sys::fs::setPermissions(Dir.path("ro"), llvm::sys::fs::perms(0555));
    Out = Dir.path("ro/report.html");
  }
  // sysfs refuses with EACCES, or EROFS where a container mounts it
  // read-only.
  expectRefused(runStrata({"report", "--facts", Facts, "-o", Out}),
                ".*\\.html: cannot write output: (Permission denied|Read-only "
                "file system)",
                Out);
  if (geteuid() != 0) {
    EXPECT_TRUE(temporaries(Dir.path("ro")).empty());
    llvm::sys::fs::setPermissions(Dir.path("ro"), llvm::sys::fs::all_all);
  }
}

TEST_F(HostileTest, OutputThatIsADirectoryIsRefused) {
  std::string Facts = facts();
  llvm::sys::fs::create_directories(Dir.path("out.json"));
  expectRefused(runStrata({"analyze", "--facts", Facts, "--format", "json",
                           "-o", Dir.path("out.json")}),
                ".*out.json: cannot write output: .*");
  EXPECT_TRUE(temporaries(Dir.Path).empty());
}

//===-- Interruption ------------------------------------------------------===//

// SIGINT in the middle of a run: the output is not written, no temporary
// file is left, and the cache holds only whole entries that a second run
// trusts.
TEST_F(HostileTest, InterruptedRunLeavesNoPartialOutputAndAConsistentCache) {
  // Enough TUs that the run is still going when the signal arrives.
  std::vector<std::string> Entries;
  Dir.write("src/common.h", "#include <map>\n#include <string>\n"
                            "#include <vector>\n#include <memory>\n"
                            "struct Common { std::map<std::string, "
                            "std::vector<int>> m; };\n");
  for (int I = 0; I < 40; ++I) {
    std::string Name = "tu" + std::to_string(I) + ".cpp";
    Dir.write("src/" + Name, "#include \"common.h\"\nint f" +
                                 std::to_string(I) +
                                 "(Common c) { return c.m.size(); }\n");
    Entries.push_back(entry(Dir.path("src"), Name, {"-std=c++17"}));
  }
  db(database(Entries));
  std::string Out = Dir.path("out/facts.json"), Cache = Dir.path("cache");
  llvm::sys::fs::create_directories(Dir.path("out"));
  std::vector<std::string> Args = {
      STRATA_BINARY, "extract", "-p",          Dir.path("build"),
      "-o",          Out,       "--cache-dir", Cache,
      "-j",          "1",       "--quiet"};
  std::vector<llvm::StringRef> Argv(Args.begin(), Args.end());
  std::optional<llvm::StringRef> Redirects[] = {std::nullopt, std::nullopt,
                                                llvm::StringRef("/dev/null")};
  // A shell without job control starts background commands with SIGINT
  // ignored, and children inherit that; this test must be able to send it.
  std::signal(SIGINT, SIG_DFL);
  llvm::sys::ProcessInfo P =
      llvm::sys::ExecuteNoWait(STRATA_BINARY, Argv, std::nullopt, Redirects);
  ASSERT_NE(P.Pid, 0);
  // Whatever fails below, the child does not outlive the test.
  auto KillChild = llvm::make_scope_exit([&] { ::kill(P.Pid, SIGKILL); });
  // Wait for the first cache entry, then interrupt.
  auto CacheEntries = [&] {
    size_t N = 0;
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Cache, EC), End; It != End && !EC;
         It.increment(EC))
      N += llvm::StringRef(It->path()).ends_with(".facts");
    return N;
  };
  for (int Tries = 0; CacheEntries() == 0 && Tries < 6000; ++Tries)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_GT(CacheEntries(), 0u);
  ::kill(P.Pid, SIGINT);
  std::string WaitError;
  llvm::sys::ProcessInfo Done = llvm::sys::Wait(
      P, /*SecondsToWait=*/std::optional<unsigned>(120), &WaitError);
  // -2 is how Wait reports death by a signal; a timeout says so in WaitError.
  EXPECT_EQ(Done.ReturnCode, -2) << WaitError;
  EXPECT_EQ(WaitError.find("timed out"), std::string::npos) << WaitError;
  size_t Kept = CacheEntries();
  EXPECT_LT(Kept, Entries.size()) << "the run ended before the signal";
  EXPECT_FALSE(llvm::sys::fs::exists(Out));
  EXPECT_TRUE(temporaries(Dir.path("out")).empty());
  EXPECT_TRUE(temporaries(Cache).empty());

  // Every entry left is whole: the next run reads them without a warning and
  // ends with the facts a run without a cache has.
  RunResult Warm = runStrata(
      {"extract", "-p", Dir.path("build"), "-o", Out, "--cache-dir", Cache});
  expectSurvived(Warm);
  EXPECT_THAT(Warm.Err, ::testing::Not(HasSubstr("warning")));
  EXPECT_THAT(Warm.Err, HasSubstr("(" + std::to_string(Kept) + " from cache)"));
  ASSERT_EQ(extract().Exit, 0);
  EXPECT_EQ(readFile(Out), readFile(Dir.path("facts.json")));
}

//===-- Nothing from the analyzed tree runs or is written -----------------===//

// A "plugin" that leaves a mark when it is loaded, offered to strata in every
// way a compile database can name one. The control proves the mark works:
// clang itself, given the plugin, leaves it. Clang's tooling does not load
// plugins on its own, so for the plugin spellings this guards against a
// change that would; what it proves today is the configuration-file case,
// which the driver does read (the test fails without --no-default-config).
TEST_F(HostileTest, NoPluginOrConfigurationFromTheTreeIsLoaded) {
  std::string Mark = Dir.path("PWNED");
  Dir.write("evil/evil.c", "#include <stdio.h>\n"
                           "__attribute__((constructor)) static void pwn(void) "
                           "{ FILE *f = fopen(\"" +
                               Mark +
                               "\", \"a\"); if (f) { fputs(\"x\", f); "
                               "fclose(f); } }\n");
  std::string So = Dir.path("evil/evil.so");
  RunResult Cc = runProgram({STRATA_CXX_COMPILER, "-x", "c", "-shared", "-fPIC",
                             "-o", So, Dir.path("evil/evil.c")});
  ASSERT_EQ(Cc.Exit, 0) << Cc.Err;
  Dir.write("src/a.cpp", "#ifdef FROM_CONFIG\n#error config was read\n#endif\n"
                         "int a;\n");
  Dir.write("src/flags.rsp", "-fplugin=" + So + "\n");
  Dir.write("src/evil.cfg", "-fplugin=" + So + " -DFROM_CONFIG\n");
  // A compiler path inside the tree, with a default config file beside it.
  Dir.write("src/bin/clang++.cfg", "-fplugin=" + So + " -DFROM_CONFIG\n");
  Dir.write("src/bin/clang.cfg", "-fplugin=" + So + " -DFROM_CONFIG\n");
  const std::vector<std::vector<std::string>> Spellings = {
      {"c++", "-fplugin=" + So},
      {"c++", "-Xclang", "-load", "-Xclang", So},
      {"c++", "-Xclang=-load", "-Xclang=" + So},
      {"c++", "-Xpreprocessor", "-load", "-Xpreprocessor", So},
      {"c++", "-Wp,-load," + So},
      {"c++", "-fpass-plugin=" + So},
      {"c++", "@flags.rsp"},
      {"c++", "--config=evil.cfg"},
      {Dir.path("src/bin/clang++")},
  };
  for (const std::vector<std::string> &Spelling : Spellings) {
    json Args(Spelling);
    Args.push_back("-c");
    Args.push_back("a.cpp");
    db(json::array({{{"directory", Dir.path("src")},
                     {"file", "a.cpp"},
                     {"arguments", Args}}})
           .dump());
    RunResult R = extract();
    expectSurvived(R);
    EXPECT_EQ(R.Err, "") << Args.dump();
    EXPECT_FALSE(llvm::sys::fs::exists(Mark)) << Args.dump();
  }
  RunResult Control = runProgram({STRATA_CLANG_BINARY, "-fsyntax-only",
                                  "-fplugin=" + So, Dir.path("src/a.cpp")});
  EXPECT_TRUE(llvm::sys::fs::exists(Mark)) << Control.Err;
}

// Response files are read only when they are small regular files, and only
// so many per command: a device, a FIFO nobody writes, and 31 files that each
// name the next twice (2^31 expansions) are left unexpanded, quickly.
TEST_F(HostileTest, ResponseFilesCannotHangOrExplode) {
  Dir.write("src/a.cpp", "int a;\n");
  Dir.write("src/b.cpp", "int b;\n");
  Dir.write("src/c.cpp", "int c;\n");
  for (int I = 0; I < 31; ++I)
    Dir.write("src/r" + std::to_string(I) + ".rsp",
              "@r" + std::to_string(I + 1) + ".rsp @r" + std::to_string(I + 1) +
                  ".rsp\n");
  Dir.write("src/r31.rsp", "-DLEAF\n");
  ASSERT_EQ(::mkfifo(Dir.path("src/fifo").c_str(), 0600), 0);
  db(database({entry(Dir.path("src"), "a.cpp", {"@/dev/zero"}),
               entry(Dir.path("src"), "b.cpp", {"@fifo"}),
               entry(Dir.path("src"), "c.cpp", {"@r0.rsp"})}));
  RunResult R = extract();
  expectSurvived(R);
  auto Facts = facts::readFactsFile(Dir.path("facts.json"));
  ASSERT_TRUE(bool(Facts)) << llvm::toString(Facts.takeError());
  EXPECT_EQ(Facts->TUs.size(), 3u);
}

// cc1 options that write files, forwarded with -Xclang where the command
// rewriting cannot know them all: the invocation itself is scrubbed, so none
// of these files appears.
TEST_F(HostileTest, NoFileIsWrittenWhereTheDatabaseAsks) {
  Dir.write("src/a.cpp", "#include \"a.h\"\nint a;\n");
  Dir.write("src/a.h", "int h;\n");
  std::vector<std::string> Written = {"dep.d",       "diag.log",
                                      "diag.ser",    "stats.json",
                                      "headers.txt", "trace.json"};
  std::vector<std::string> Flags = {"-Xclang",
                                    "-dependency-file",
                                    "-Xclang",
                                    Dir.path("dep.d"),
                                    "-Xclang",
                                    "-MQ",
                                    "-Xclang",
                                    "a.o",
                                    "-Xclang",
                                    "-diagnostic-log-file",
                                    "-Xclang",
                                    Dir.path("diag.log"),
                                    "-Xclang",
                                    "-serialize-diagnostic-file",
                                    "-Xclang",
                                    Dir.path("diag.ser"),
                                    "-Xclang",
                                    "-stats-file=" + Dir.path("stats.json"),
                                    "-Xclang=-header-include-file",
                                    "-Xclang=" + Dir.path("headers.txt"),
                                    "-Xclang=-ftime-trace=" +
                                        Dir.path("trace.json")};
  db(database({entry(Dir.path("src"), "a.cpp", Flags)}));
  RunResult R = extract();
  expectSurvived(R);
  for (const std::string &F : Written)
    EXPECT_FALSE(llvm::sys::fs::exists(Dir.path(F))) << F;
  EXPECT_THAT(readFile(Dir.path("facts.json")),
              HasSubstr("\"target\":\"a.h\""));
}

} // namespace
