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
#include "Hostile.h"

#include "strata/facts/FactsJson.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/Program.h"
#include <chrono>
#include <csignal>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace strata;
using namespace strata::test;

namespace {

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

} // namespace
