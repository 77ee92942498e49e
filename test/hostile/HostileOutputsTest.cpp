//===- HostileOutputsTest.cpp - Hostile facts, caches and outputs --------===//
//
// The second half of the hostile-input cases (HostileTest.cpp has the
// first, and the outcomes they state): facts files and stores, caches and
// baselines, outputs, interruption, and nothing run or written from the
// analyzed tree.
//
//===----------------------------------------------------------------------===//
#include "Hostile.h"

#include "strata/facts/FactsJson.h"
#include "strata/store/FactStore.h"
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
                "reads version " +
                    std::to_string(strata::store::SchemaVersion));
  std::string Foreign = Whole;
  Foreign[71] = 0; // PRAGMA application_id, at offset 68
  Dir.write("foreign.db", Foreign);
  expectRefused(runStrata({"analyze", "--facts", Dir.path("foreign.db")}),
                ".*foreign.db: not a strata facts store \\(an SQLite database "
                "of another application\\)");
}

// Entries garbled or of another version, and a cache file cut in half, are
// rebuilt, never trusted: the facts equal a run without a cache.
TEST_F(HostileTest, CorruptOrForeignCacheEntriesAreRebuilt) {
  project();
  Dir.write("src/b.cpp", "#include \"a.h\"\nA b;\n");
  Dir.write("src/c.cpp", "int c;\n");
  db(database({entry(Dir.path("src"), "a.cpp"), entry(Dir.path("src"), "b.cpp"),
               entry(Dir.path("src"), "c.cpp")}));
  std::string Cache = Dir.path("cache"), Store = Cache + "/facts.db";
  auto Run = [&](const std::string &Out) {
    return runStrata(
        {"extract", "-p", Dir.path("build"), "-o", Out, "--cache-dir", Cache});
  };
  ASSERT_EQ(Run(Dir.path("cold.json")).Exit, 0);
  {
    // Each entry's note (what its facts rest on), rewritten in place.
    auto S = strata::store::FactStore::open(Store, /*Writable=*/true);
    ASSERT_TRUE(bool(S)) << llvm::toString(S.takeError());
    auto Units = (*S)->units();
    ASSERT_TRUE(Units && Units->size() == 3u);
    std::vector<std::string> Notes;
    for (const std::string &U : *Units) {
      auto Note = (*S)->note(U);
      ASSERT_TRUE(Note && *Note);
      Notes.push_back(**Note);
    }
    std::string Other = Notes[1];
    // Another cache version than this strata's, whichever that is.
    size_t Version = Other.find("\"version\":");
    ASSERT_NE(Version, std::string::npos);
    size_t Digits = Version + 10,
           End = Other.find_first_not_of("0123456789", Digits);
    ASSERT_GT(End, Digits);
    Other.replace(Digits, End - Digits, "99");
    std::string Rewritten[] = {Notes[0].substr(0, Notes[0].size() / 2), Other,
                               std::string("\x01\xff garbage", 10)};
    for (size_t I = 0; I < 3; ++I) {
      auto Facts = (*S)->readUnit((*Units)[I]);
      ASSERT_TRUE(Facts && *Facts);
      ASSERT_FALSE(bool((*S)->replaceUnit((*Units)[I], **Facts, Rewritten[I])));
    }
  }
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

  // The whole file cut in half: one warning, and the cache starts again.
  std::string Whole = readFile(Store);
  ASSERT_GT(Whole.size(), 1000u);
  Dir.write(llvm::StringRef(Store).drop_front(Dir.Path.size() + 1),
            Whole.substr(0, Whole.size() / 2));
  RunResult Cut = Run(Dir.path("cut.json"));
  expectSurvived(Cut);
  EXPECT_THAT(Cut.Err, HasSubstr("ignoring the cache"));
  EXPECT_EQ(readFile(Dir.path("cut.json")), readFile(Dir.path("cold.json")));
  RunResult Back = Run(Dir.path("back.json"));
  EXPECT_THAT(Back.Err, HasSubstr("3 TUs parsed (3 from cache)"));
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
  // Wait for the first cache entry, then interrupt. An entry is a unit of
  // the cache's store, written in one transaction.
  auto CacheEntries = [&]() -> size_t {
    auto S = strata::store::FactStore::open(Cache + "/facts.db");
    if (!S) {
      llvm::consumeError(S.takeError()); // not created yet
      return 0;
    }
    auto Units = (*S)->units();
    if (!Units) {
      llvm::consumeError(Units.takeError());
      return 0;
    }
    return Units->size();
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
