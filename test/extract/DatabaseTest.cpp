//===- DatabaseTest.cpp - Extraction over real compile databases ----------===//
#include "strata/extract/Extract.h"

#include "TestSupport.h"
#include "strata/facts/FactsJson.h"
#include <gmock/gmock.h>

using namespace strata::extract;
using namespace strata::facts;
using strata::test::TempDir;

namespace {

// Writes compile_commands.json in Dir/build with one entry per source, each
// compiled by \p Compiler with \p Flags.
void writeDb(const TempDir &Dir, const std::vector<std::string> &Sources,
             const std::string &Compiler = "c++",
             const std::string &Flags = "\"-std=c++17\"") {
  std::string Json = "[\n";
  for (size_t I = 0; I < Sources.size(); ++I)
    Json += std::string(I ? ",\n" : "") + "{\"directory\": \"" + Dir.Path +
            "\", \"file\": \"" + Sources[I] + "\", \"arguments\": [\"" +
            Compiler + "\", " + Flags + ", \"-c\", \"" + Sources[I] + "\"]}";
  Dir.write("build/compile_commands.json", Json + "\n]\n");
}

ExtractOptions options(const TempDir &Dir, unsigned Jobs, bool UseCache,
                       bool SharedPch) {
  ExtractOptions O;
  O.BuildPath = Dir.path("build");
  O.Jobs = Jobs;
  O.UseCache = UseCache;
  O.SharedPch = SharedPch;
  return O;
}

llvm::Expected<ExtractResult> run(const TempDir &Dir, unsigned Jobs = 1,
                                  bool UseCache = false,
                                  bool SharedPch = true) {
  return extractFacts(options(Dir, Jobs, UseCache, SharedPch));
}

// A run that skips no body and shares no precompiled header: what the
// fast default must equal.
llvm::Expected<ExtractResult> runWhole(const TempDir &Dir) {
  ExtractOptions O = options(Dir, 1, /*UseCache=*/false, /*SharedPch=*/false);
  O.SkipBodies = false;
  return extractFacts(O);
}

std::string json(const FactSet &F) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  writeFactsJson(F, OS);
  return S;
}

std::string errorOf(llvm::Expected<ExtractResult> R) {
  return R ? "" : llvm::toString(R.takeError());
}

} // namespace

// Only the database's own flags: Clang's resource directory must be found
// for <cstddef> (and the C headers it pulls in) to resolve.
TEST(DatabaseTest, StandardHeadersResolveWithDatabaseFlagsOnly) {
  TempDir Dir;
  Dir.write("a.cpp", "#include <cstddef>\n#include <vector>\n#include "
                     "<string>\n#include <stdarg.h>\n"
                     "std::vector<std::string> names;\nstd::size_t n;\n");
  writeDb(Dir, {"a.cpp"});
  auto R = run(Dir);
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  ASSERT_EQ(R->Facts.TUs.size(), 1u);
  EXPECT_EQ(R->Facts.TUs[0].Status, TUStatus::Ok) << R->Facts.TUs[0].FirstError;
  EXPECT_EQ(R->Failed, 0u);
  bool UsesVector = false;
  for (const UseFact &U : R->Facts.Uses)
    UsesVector |= U.Target == "std::vector" && U.External;
  EXPECT_TRUE(UsesVector);
}

TEST(DatabaseTest, GccStyleDatabaseStillParses) {
  TempDir Dir;
  Dir.write("a.cpp", "#include <vector>\nstd::vector<int> v;\n");
  writeDb(Dir, {"a.cpp"}, "/usr/bin/g++",
          "\"-std=gnu++17\", \"-fno-tree-vectorize\", "
          "\"-Wno-maybe-uninitialized\", \"-fconcepts-diagnostics-depth=2\", "
          "\"-Werror\", \"-Wall\"");
  auto R = run(Dir);
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  EXPECT_EQ(R->Facts.TUs[0].Status, TUStatus::Ok) << R->Facts.TUs[0].FirstError;
}

TEST(DatabaseTest, CommandFormWithRelativeDirectory) {
  TempDir Dir;
  Dir.write("src/a.h", "struct A {};\n");
  Dir.write("src/a.cpp", "#include \"a.h\"\nA a;\n");
  Dir.write("build/compile_commands.json",
            R"([{"directory": "../src", "file": "a.cpp",
                 "command": "c++ -std=c++17 -c a.cpp -o a.o"}])");
  auto R = run(Dir);
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  // The root is the common root of build/.. and src: the temp dir itself.
  EXPECT_EQ(R->Facts.Root, Dir.Path + "/src");
  ASSERT_EQ(R->Facts.Includes.size(), 1u);
  EXPECT_EQ(R->Facts.Includes[0].Target, "a.h");
}

// Response files are read as the compiler reads them, relative to the
// command's directory, so their options reach the parse (and the rewriting
// that drops plugins sees them).
TEST(DatabaseTest, ResponseFilesAreExpanded) {
  TempDir Dir;
  Dir.write("src/inc/b.h", "struct B {};\n");
  Dir.write("src/a.cpp", "#ifndef FROM_RSP\n#error flags not read\n#endif\n"
                         "#include \"b.h\"\nB b;\n");
  Dir.write("src/flags.rsp", "-Iinc -DFROM_RSP\n");
  Dir.write("build/compile_commands.json",
            R"([{"directory": "../src", "file": "a.cpp",
                 "command": "c++ @flags.rsp -c a.cpp"}])");
  auto R = run(Dir);
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  ASSERT_EQ(R->Facts.TUs.size(), 1u);
  EXPECT_EQ(R->Facts.TUs[0].Status, TUStatus::Ok) << R->Facts.TUs[0].FirstError;
  ASSERT_EQ(R->Facts.Includes.size(), 1u);
  EXPECT_EQ(R->Facts.Includes[0].Target, "inc/b.h");
}

TEST(DatabaseTest, OutputIsIdenticalForOneAndTwoThreads) {
  TempDir Dir;
  std::vector<std::string> Sources;
  Dir.write("common.h", "#pragma once\nstruct Common { int v; };\n"
                        "inline int twice(Common c) { return 2 * c.v; }\n");
  for (int I = 0; I < 6; ++I) {
    std::string Name = "m" + std::to_string(I);
    Dir.write(Name + ".h", "#pragma once\n#include \"common.h\"\nint " + Name +
                               "(Common);\n");
    Dir.write(Name + ".cpp",
              "#include \"" + Name + ".h\"\n" +
                  (I ? "#include \"m" + std::to_string(I - 1) + ".h\"\n" : "") +
                  "int " + Name + "(Common c) { return twice(c); }\n");
    Sources.push_back(Name + ".cpp");
  }
  writeDb(Dir, Sources);
  auto One = run(Dir, 1);
  auto Two = run(Dir, 2);
  ASSERT_TRUE(One && Two);
  EXPECT_EQ(One->Facts.TUs.size(), 6u);
  EXPECT_EQ(json(One->Facts), json(Two->Facts));
  // And again: repeated runs agree too.
  auto Again = run(Dir, 2);
  ASSERT_TRUE(bool(Again));
  EXPECT_EQ(json(Two->Facts), json(Again->Facts));
}

TEST(DatabaseTest, ClangCrashIsContainedToItsTU) {
  TempDir Dir;
  Dir.write("good1.cpp", "int a;\n");
  Dir.write("crash.cpp", "int b;\n#pragma clang __debug crash\n");
  Dir.write("good2.cpp", "int c;\n");
  writeDb(Dir, {"good1.cpp", "crash.cpp", "good2.cpp"});
  auto R = run(Dir, 2);
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  ASSERT_EQ(R->Facts.TUs.size(), 3u);
  std::map<std::string, TUStatus> Status;
  for (const TUFact &TU : R->Facts.TUs)
    Status[TU.File.str()] = TU.Status;
  EXPECT_EQ(Status["crash.cpp"], TUStatus::Crashed);
  EXPECT_EQ(Status["good1.cpp"], TUStatus::Ok);
  EXPECT_EQ(Status["good2.cpp"], TUStatus::Ok);
  EXPECT_EQ(R->Parsed, 2u);
  EXPECT_EQ(R->Failed, 1u);
}

TEST(DatabaseTest, FailingTUDoesNotStopTheRun) {
  TempDir Dir;
  Dir.write("bad.cpp", "#include \"missing.h\"\nint x;\n");
  Dir.write("good.cpp", "int y;\n");
  writeDb(Dir, {"bad.cpp", "good.cpp"});
  auto R = run(Dir);
  ASSERT_TRUE(bool(R));
  EXPECT_EQ(R->Parsed, 1u);
  EXPECT_EQ(R->Failed, 1u);
  EXPECT_EQ(R->Facts.TUs[0].FirstError,
            "bad.cpp:1:10: error: 'missing.h' file not found");
}

TEST(DatabaseTest, InputErrors) {
  TempDir Dir;
  Dir.write("a.cpp", "int a;\n");
  EXPECT_EQ(errorOf(run(Dir)),
            Dir.path("build") +
                ": cannot access build path: No such file or directory");
  Dir.write("build/compile_commands.json", "[{\"directory\":");
  EXPECT_EQ(errorOf(run(Dir)), Dir.path("build/compile_commands.json") +
                                   ": not a valid JSON document (line 1, "
                                   "column 15: syntax error while parsing "
                                   "value - unexpected end of input; "
                                   "expected '[', '{', or a literal)");
  writeDb(Dir, {"a.cpp", "gone.cpp"});
  EXPECT_EQ(errorOf(run(Dir)),
            Dir.path("build/compile_commands.json") +
                ": entry for 'gone.cpp': the source file does not exist "
                "(regenerate the database, or pass --skip-missing)");

  ExtractOptions O;
  O.BuildPath = Dir.path("build");
  O.SkipMissing = true;
  auto Skipped = extractFacts(O);
  ASSERT_TRUE(bool(Skipped));
  EXPECT_EQ(Skipped->Facts.TUs.size(), 1u);
  ASSERT_EQ(Skipped->Warnings.size(), 1u);
  EXPECT_NE(Skipped->Warnings[0].find("skipped 'gone.cpp'"), std::string::npos);

  ExtractOptions NotInDb;
  NotInDb.BuildPath = Dir.path("build");
  NotInDb.Sources = {Dir.write("other.cpp", "")};
  EXPECT_EQ(errorOf(extractFacts(NotInDb)),
            Dir.path("other.cpp") + ": not in the compilation database '" +
                Dir.path("build/compile_commands.json") + "'");
}

TEST(DatabaseTest, SelectionBySourceFilterExcludeAndPositional) {
  TempDir Dir;
  for (const char *F : {"src/a.cpp", "src/b.cpp", "third_party/c.cpp"})
    Dir.write(F, "int x;\n");
  writeDb(Dir, {"src/a.cpp", "src/b.cpp", "third_party/c.cpp"});
  auto Files = [&](ExtractOptions O) {
    O.BuildPath = Dir.path("build");
    std::vector<std::string> Out;
    auto R = extractFacts(O);
    EXPECT_TRUE(bool(R));
    if (R)
      for (const TUFact &TU : R->Facts.TUs)
        Out.push_back(TU.File.str());
    return Out;
  };
  ExtractOptions Filter;
  Filter.SourceFilter = "src/[ab]";
  EXPECT_THAT(Files(Filter), ::testing::ElementsAre("src/a.cpp", "src/b.cpp"));
  ExtractOptions Exclude;
  Exclude.Excludes = {"third_party/*", "*/b.cpp"};
  EXPECT_THAT(Files(Exclude), ::testing::ElementsAre("src/a.cpp"));
  ExtractOptions Named;
  Named.Sources = {Dir.path("src/b.cpp")};
  EXPECT_THAT(Files(Named), ::testing::ElementsAre("src/b.cpp"));

  ExtractOptions BadRegex;
  BadRegex.BuildPath = Dir.path("build");
  BadRegex.SourceFilter = "(";
  auto R = extractFacts(BadRegex);
  ASSERT_FALSE(bool(R));
  EXPECT_NE(llvm::toString(R.takeError())
                .find("--source-filter: invalid regular expression '('"),
            std::string::npos);
}

TEST(DatabaseTest, LanguageOfAnEntryIsTheDrivers) {
  auto Of = [](std::string File, std::vector<std::string> Args = {}) {
    CompileCommand C;
    C.Directory = "/p";
    C.File = "/p/" + File;
    C.Arguments = {"cc"};
    C.Arguments.insert(C.Arguments.end(), Args.begin(), Args.end());
    C.Arguments.insert(C.Arguments.end(), {"-c", File});
    return notCOrCxx(C);
  };
  EXPECT_EQ(Of("a.c"), "");
  EXPECT_EQ(Of("a.cc"), "");
  EXPECT_EQ(Of("a.cxx"), "");
  EXPECT_EQ(Of("a.m"), "");
  EXPECT_EQ(Of("a.h", {"-x", "c++-header"}), "");
  EXPECT_EQ(Of("a.S"), "assembler-with-cpp");
  EXPECT_EQ(Of("a.s"), "assembler");
  EXPECT_EQ(Of("a.cu"), "cuda");
  EXPECT_EQ(Of("a.rc"), "'.rc' file");
  EXPECT_EQ(Of("Makefile"), "no extension");
  // -x decides over the extension, and the last one before the file wins.
  EXPECT_EQ(Of("a.inc", {"-x", "c"}), "");
  EXPECT_EQ(Of("a.c", {"-xassembler-with-cpp"}), "assembler-with-cpp");
  EXPECT_EQ(Of("a.S", {"-x", "assembler", "-x", "c"}), "");
  EXPECT_EQ(Of("a.S", {"-x", "c", "-x", "none"}), "assembler-with-cpp");
}

TEST(DatabaseTest, EntriesThatAreNotCOrCxxAreSkippedNotFailed) {
  TempDir Dir;
  Dir.write("a.cpp", "int a;\n");
  Dir.write("start.S", ".globl start\nstart: ret\n");
  Dir.write("kernel.cu", "__global__ void k() {}\n");
  writeDb(Dir, {"a.cpp", "start.S", "kernel.cu"});
  auto R = run(Dir);
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  EXPECT_EQ(R->Failed, 0u);
  ASSERT_EQ(R->Facts.TUs.size(), 1u);
  EXPECT_EQ(R->Facts.TUs[0].File, "a.cpp");
  EXPECT_EQ(describeNotCOrCxx(R->NotCOrCxx), "1 assembler-with-cpp, 1 cuda");

  // Nothing left to parse is an error that says why.
  TempDir Asm;
  Asm.write("start.S", ".globl start\n");
  writeDb(Asm, {"start.S"});
  EXPECT_EQ(errorOf(run(Asm)), Asm.path("build/compile_commands.json") +
                                   ": no selected entry is C or C++, only 1 "
                                   "assembler-with-cpp");
}

namespace {

// a.h <- b.h <- {b.cpp, c.cpp}; a.h <- a.cpp; d.cpp includes nothing.
void writeCacheProject(const TempDir &Dir) {
  Dir.write("a.h", "#pragma once\nstruct A { int f() { return 1; } };\n");
  Dir.write("b.h", "#pragma once\n#include \"a.h\"\nstruct B : A {};\n");
  Dir.write("a.cpp", "#include \"a.h\"\nA a;\n");
  Dir.write("b.cpp", "#include \"b.h\"\nB b;\n");
  Dir.write("c.cpp", "#include \"b.h\"\nB c;\n");
  Dir.write("d.cpp", "int d;\n");
  writeDb(Dir, {"a.cpp", "b.cpp", "c.cpp", "d.cpp"});
}

} // namespace

TEST(CacheTest, ColdWarmAndTouched) {
  TempDir Dir;
  writeCacheProject(Dir);
  std::vector<std::string> Parsed;
  auto Run = [&] {
    Parsed.clear();
    ExtractOptions O;
    O.BuildPath = Dir.path("build");
    O.Jobs = 2;
    auto R = extractFacts(O, [&](const TUReport &T) {
      if (!T.FromCache)
        Parsed.push_back(T.File);
    });
    EXPECT_TRUE(bool(R));
    std::sort(Parsed.begin(), Parsed.end());
    return R ? json(R->Facts) : std::string();
  };
  std::string Cold = Run();
  EXPECT_THAT(Parsed,
              ::testing::ElementsAre("a.cpp", "b.cpp", "c.cpp", "d.cpp"));
  EXPECT_TRUE(llvm::sys::fs::is_directory(Dir.path("build/.strata-cache")));

  EXPECT_EQ(Run(), Cold);
  EXPECT_THAT(Parsed, ::testing::IsEmpty());

  Dir.write("d.cpp", "int d;\nint e;\n");
  std::string OneCpp = Run();
  EXPECT_THAT(Parsed, ::testing::ElementsAre("d.cpp"));

  // b.h is read by b.cpp and c.cpp only.
  Dir.write("b.h",
            "#pragma once\n#include \"a.h\"\nstruct B : A { int g; };\n");
  std::string Header = Run();
  EXPECT_THAT(Parsed, ::testing::ElementsAre("b.cpp", "c.cpp"));

  // And the facts are those of a run without a cache.
  auto Fresh = run(Dir, 1, /*UseCache=*/false);
  ASSERT_TRUE(bool(Fresh));
  EXPECT_EQ(Header, json(Fresh->Facts));
}

// The cache is one store: a file that is not one (here, half a JSON
// document) is replaced with a warning, and the next run is served again.
TEST(CacheTest, CorruptCacheIsRebuiltWithAWarning) {
  TempDir Dir;
  writeCacheProject(Dir);
  ASSERT_TRUE(bool(run(Dir, 1, true)));
  ASSERT_TRUE(llvm::sys::fs::exists(Dir.path("build/.strata-cache/facts.db")));
  Dir.write("build/.strata-cache/facts.db", "{\"format\": trunc");
  auto R = run(Dir, 1, true);
  ASSERT_TRUE(bool(R));
  EXPECT_EQ(R->FromCache, 0u);
  ASSERT_EQ(R->Warnings.size(), 1u);
  EXPECT_THAT(R->Warnings[0], ::testing::HasSubstr("ignoring the cache"));
  EXPECT_THAT(R->Warnings[0], ::testing::HasSubstr("not an SQLite database"));
  // Rebuilt: the next run is served from the cache again, without warnings.
  auto Again = run(Dir, 1, true);
  ASSERT_TRUE(bool(Again));
  EXPECT_EQ(Again->FromCache, 4u);
  EXPECT_TRUE(Again->Warnings.empty());
}

// Entries of the cache from before it was a store (one "<key>.facts" file
// each) are removed; nothing else in the directory is touched.
TEST(CacheTest, EntriesOfTheOldCacheAreRemoved) {
  TempDir Dir;
  writeCacheProject(Dir);
  Dir.write("build/.strata-cache/0123456789abcdef.facts", "{}\n");
  Dir.write("build/.strata-cache/notes.facts", "mine\n");
  auto R = run(Dir, 1, true);
  ASSERT_TRUE(bool(R));
  EXPECT_TRUE(R->Warnings.empty());
  EXPECT_FALSE(llvm::sys::fs::exists(
      Dir.path("build/.strata-cache/0123456789abcdef.facts")));
  EXPECT_TRUE(
      llvm::sys::fs::exists(Dir.path("build/.strata-cache/notes.facts")));
}

// A TU that skipped a header's bodies (another TU parsed them) stays right
// when that other TU leaves the database: it is parsed again in full.
TEST(CacheTest, SkippedBodiesWhoseOwnerLeftAreParsedAgain) {
  TempDir Dir;
  writeCacheProject(Dir);
  ASSERT_TRUE(bool(run(Dir, 1, true)));
  writeDb(Dir, {"b.cpp", "c.cpp", "d.cpp"}); // a.cpp gone
  auto Cached = run(Dir, 1, true);
  auto Fresh = run(Dir, 1, false);
  ASSERT_TRUE(Cached && Fresh);
  EXPECT_EQ(json(Cached->Facts), json(Fresh->Facts));
}

//===----------------------------------------------------------------------===//
// Shared precompiled headers
//===----------------------------------------------------------------------===//

// Parses with and without shared precompiled headers, at -j2.
llvm::Expected<ExtractResult> runPch(const TempDir &Dir, bool SharedPch,
                                     bool UseCache = false) {
  return run(Dir, 2, UseCache, SharedPch);
}

// A database whose TUs see Dir/sys as a system include directory.
void writeSystemDirDb(const TempDir &Dir,
                      const std::vector<std::string> &Sources) {
  writeDb(Dir, Sources, "c++",
          "\"-std=c++17\", \"-isystem\", \"" + Dir.path("sys") + "\"");
}

// Hand-made leading includes under two keys. With MinShare 3, under "k":
// [a] begins 4 TUs, [a b] 3, [a b c] 2, [a x] 1. TUs 0-2 take [a b];
// TU 3 would take [a] alone, which is not built; TU 4 has no key; under
// "k2", [a] begins only 2 TUs. With MinShare 2: TUs 0-1 take [a b c] and
// TUs 5-6 take [a]; TU 2 ([a b]) and TU 3 ([a]) would be alone.
TEST(PchPlanTest, EachTuTakesTheLongestPrefixEnoughTusShare) {
  std::vector<std::string> Keys = {"k", "k", "k", "k", "", "k2", "k2"};
  std::vector<std::vector<std::string>> Leading = {
      {"a", "b", "c"}, {"a", "b", "c"}, {"a", "b"}, {"a", "x"},
      {"a", "b", "c"}, {"a"},           {"a"}};
  auto Three = planSharedPch(Keys, Leading, 3);
  ASSERT_EQ(Three.size(), 1u);
  EXPECT_EQ(Three[0].Members, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(Three[0].Length, 2u);

  auto Two = planSharedPch(Keys, Leading, 2);
  ASSERT_EQ(Two.size(), 2u);
  EXPECT_EQ(Two[0].Members, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(Two[0].Length, 3u);
  EXPECT_EQ(Two[1].Members, (std::vector<size_t>{5, 6}));
  EXPECT_EQ(Two[1].Length, 1u);
}

// Four TUs begin with the same system headers (in a directory of their own,
// so that the test can change one): they share one precompiled header, the
// facts are those of a run without it, and the headers inside it are inputs
// of each TU's cache entry.
TEST(PchTest, TusSharingLeadingSystemHeadersKeepTheirFacts) {
  TempDir Dir;
  Dir.write("sys/vec.h", "#pragma once\n#include <vector>\n"
                         "template <class T> using Vec = std::vector<T>;\n");
  Dir.write("sys/str.h", "#ifndef STR_H\n#define STR_H\n#include <string>\n"
                         "using Str = std::string;\n#endif\n");
  Dir.write("h.h", "#pragma once\n#include <vec.h>\n#include <str.h>\n"
                   "struct H { Vec<Str> Names; };\n");
  std::vector<std::string> Sources;
  for (int I = 0; I < 4; ++I) {
    std::string Name = "t" + std::to_string(I) + ".cpp";
    Dir.write(Name, "#include \"h.h\"\nint f" + std::to_string(I) +
                        "(const H &h) { Str s; return h.Names.size(); }\n");
    Sources.push_back(Name);
  }
  writeSystemDirDb(Dir, Sources);
  auto Shared = runPch(Dir, true, /*UseCache=*/true);
  auto Plain = runPch(Dir, false);
  ASSERT_TRUE(Shared && Plain);
  EXPECT_EQ(Shared->Failed, 0u);
  EXPECT_EQ(Shared->PchBuilt, 1u);
  EXPECT_EQ(Shared->PchUsed, 4u);
  EXPECT_EQ(Shared->PchRefused, 0u);
  EXPECT_EQ(Plain->PchBuilt, 0u);
  EXPECT_EQ(json(Shared->Facts), json(Plain->Facts));

  auto Warm = runPch(Dir, true, true);
  ASSERT_TRUE(bool(Warm));
  EXPECT_EQ(Warm->FromCache, 4u);
  // str.h was read only by the precompiled header's build.
  Dir.write("sys/str.h", "#ifndef STR_H\n#define STR_H\n#include <string>\n"
                         "using Str = std::string;\nint changed;\n#endif\n");
  auto Changed = runPch(Dir, true, true);
  ASSERT_TRUE(bool(Changed));
  EXPECT_EQ(Changed->FromCache, 0u);
}

// sysb.h defines the guard of b.h, which includes it. Without a precompiled
// header, b.h is read in full (its guard is still undefined when it starts);
// with one holding sysb.h, the guard would be defined first and b.h, struct
// B with it, would vanish. The parse on top of the precompiled header sees
// the defined guard where the pre-scan saw none, so each TU is parsed again
// without it.
TEST(PchTest, ATuThatDoesNotBeginWithTheHeadersIsParsedWithout) {
  TempDir Dir;
  Dir.write("sys/sysa.h", "#pragma once\nint sysa();\n");
  Dir.write("sys/sysb.h", "#pragma once\n#define B_H\nint sysb();\n");
  Dir.write("a.h", "#pragma once\n#include <sysa.h>\n#include \"b.h\"\n");
  Dir.write("b.h", "#ifndef B_H\n#define B_H\n#include <sysb.h>\n"
                   "struct B {};\n#endif\n");
  std::vector<std::string> Sources;
  for (int I = 0; I < 3; ++I) {
    std::string Name = "t" + std::to_string(I) + ".cpp";
    Dir.write(Name, "#include \"a.h\"\nB b" + std::to_string(I) + ";\n");
    Sources.push_back(Name);
  }
  writeSystemDirDb(Dir, Sources);
  auto Shared = runPch(Dir, true);
  auto Plain = runPch(Dir, false);
  ASSERT_TRUE(Shared && Plain);
  EXPECT_EQ(Shared->Failed, 0u);
  EXPECT_EQ(Shared->PchBuilt, 1u);
  EXPECT_EQ(Shared->PchRefused, 3u);
  EXPECT_EQ(Shared->PchUsed, 0u);
  EXPECT_EQ(json(Shared->Facts), json(Plain->Facts));
  bool HasB = false;
  for (const EntityFact &E : Shared->Facts.Entities)
    HasB |= E.Name == "B";
  EXPECT_TRUE(HasB);
}

// What the pre-scan must not take for leading includes: a macro defined
// first (it may change the system headers), an extern "C" block around them,
// a declaration before them. None of these TUs gets a precompiled header;
// the plain TUs beside them share one.
TEST(PchTest, TusThatSayAnythingBeforeTheirSystemHeadersShareNothing) {
  TempDir Dir;
  Dir.write("sys/s.h", "#pragma once\n#ifdef WIDE\nlong s();\n#else\n"
                       "int s();\n#endif\n");
  std::vector<std::string> Sources;
  auto Add = [&](const std::string &Name, const std::string &Text) {
    Dir.write(Name, Text);
    Sources.push_back(Name);
  };
  for (int I = 0; I < 3; ++I)
    Add("macro" + std::to_string(I) + ".cpp",
        "#define WIDE\n#include <s.h>\nauto v = s();\n");
  for (int I = 0; I < 3; ++I)
    Add("extern" + std::to_string(I) + ".cpp",
        "extern \"C++\" {\n#include <s.h>\n}\nauto v = s();\n");
  for (int I = 0; I < 3; ++I)
    Add("decl" + std::to_string(I) + ".cpp",
        "int first;\n#include <s.h>\nauto v = s();\n");
  for (int I = 0; I < 2; ++I)
    Add("plain" + std::to_string(I) + ".cpp",
        "// A comment first is fine.\n#include <s.h>\nauto v = s();\n");
  writeSystemDirDb(Dir, Sources);
  auto Shared = runPch(Dir, true);
  auto Plain = runPch(Dir, false);
  ASSERT_TRUE(Shared && Plain);
  EXPECT_EQ(Shared->Failed, 0u);
  EXPECT_EQ(Shared->PchBuilt, 0u); // two plain TUs: fewer than three
  EXPECT_EQ(json(Shared->Facts), json(Plain->Facts));
  Dir.write("plain2.cpp", "#include <s.h>\nauto v = s();\n");
  Sources.push_back("plain2.cpp");
  writeSystemDirDb(Dir, Sources);
  auto Three = runPch(Dir, true);
  ASSERT_TRUE(bool(Three));
  EXPECT_EQ(Three->PchBuilt, 1u);
  EXPECT_EQ(Three->PchUsed, 3u);
  EXPECT_EQ(Three->PchRefused, 0u);
}

//===----------------------------------------------------------------------===//
// Link identities and macro contexts, across TUs
//===----------------------------------------------------------------------===//

namespace {

// The symbol of \p Name's definition, and the files defining it.
std::vector<std::string> definitionsOf(const FactSet &F, llvm::StringRef Name) {
  std::vector<std::string> Out;
  for (const EntityFact &E : F.Entities)
    if (E.Name == Name && E.Definition && !E.Symbol.empty())
      Out.push_back(E.File + " " + E.Symbol);
  return Out;
}

const UseFact *useOf(const FactSet &F, llvm::StringRef File,
                     llvm::StringRef Target) {
  for (const UseFact &U : F.Uses)
    if (U.File == File && U.Target == Target)
      return &U;
  return nullptr;
}

} // namespace

// A C program around one header: the call in main.c names app.h at compile
// time and, by its symbol, window.c at link time; likewise the extern
// variable defined in state.c.
TEST(LinkTest, GodHeaderFunctionAndExternVariable) {
  TempDir Dir;
  Dir.write("app.h", "#pragma once\nvoid window_open(void);\n"
                     "extern int window_count;\n");
  Dir.write("window.c", "#include \"app.h\"\nvoid window_open(void) {}\n");
  Dir.write("state.c", "#include \"app.h\"\nint window_count = 0;\n");
  Dir.write("main.c", "#include \"app.h\"\nint main(void) {\n"
                      "  window_open();\n  return window_count;\n}\n");
  writeDb(Dir, {"window.c", "state.c", "main.c"}, "cc", "\"-std=c11\"");
  auto R = run(Dir);
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  const UseFact *Call = useOf(R->Facts, "main.c", "window_open");
  const UseFact *Var = useOf(R->Facts, "main.c", "window_count");
  ASSERT_TRUE(Call && Var);
  EXPECT_EQ(Call->TargetFile, "app.h");
  EXPECT_EQ(Var->TargetFile, "app.h");
  ASSERT_THAT(definitionsOf(R->Facts, "window_open"), testing::SizeIs(1));
  EXPECT_EQ(definitionsOf(R->Facts, "window_open")[0],
            "window.c " + Call->Symbol);
  ASSERT_THAT(definitionsOf(R->Facts, "window_count"), testing::SizeIs(1));
  EXPECT_EQ(definitionsOf(R->Facts, "window_count")[0],
            "state.c " + Var->Symbol);
}

// Overloads share a name, not a symbol: the call of f(double) links to the
// file that defines that one.
TEST(LinkTest, OverloadsDefinedInTwoFiles) {
  TempDir Dir;
  Dir.write("f.h", "#pragma once\nvoid f(int);\nvoid f(double);\n");
  Dir.write("fi.cpp", "#include \"f.h\"\nvoid f(int) {}\n");
  Dir.write("fd.cpp", "#include \"f.h\"\nvoid f(double) {}\n");
  Dir.write("main.cpp", "#include \"f.h\"\nint main() { f(1.5); }\n");
  writeDb(Dir, {"fi.cpp", "fd.cpp", "main.cpp"});
  auto R = run(Dir);
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  const UseFact *Call = useOf(R->Facts, "main.cpp", "f");
  ASSERT_TRUE(Call);
  std::vector<std::string> Defs = definitionsOf(R->Facts, "f");
  ASSERT_EQ(Defs.size(), 2u);
  EXPECT_THAT(Defs, testing::Contains("fd.cpp " + Call->Symbol));
  EXPECT_THAT(Defs, testing::Not(testing::Contains("fi.cpp " + Call->Symbol)));
}

// One header read under two -D contexts says two things; the fast default
// (claims, body skipping, shared precompiled headers) keeps both views, and
// equals a run that skips nothing.
TEST(ClaimTest, OneHeaderUnderTwoMacroContextsKeepsBothViews) {
  TempDir Dir;
  Dir.write("conf.h", "#pragma once\n#include <vector>\n"
                      "#ifdef CORE\nint core_api(std::vector<int> v) {\n"
                      "  return int(v.size()); }\n"
                      "#else\nint plugin_api();\n#endif\n");
  std::string Json = "[\n";
  for (int I = 0; I < 6; ++I) {
    std::string Name = "t" + std::to_string(I) + ".cpp";
    Dir.write(Name, "#include <vector>\n#include \"conf.h\"\n");
    Json += std::string(I ? ",\n" : "") + "{\"directory\": \"" + Dir.Path +
            "\", \"file\": \"" + Name +
            "\", \"arguments\": [\"c++\", \"-std=c++17\", " +
            (I % 2 ? "\"-DCORE\", " : "") + "\"-c\", \"" + Name + "\"]}";
  }
  Dir.write("build/compile_commands.json", Json + "\n]\n");
  auto Fast = run(Dir, 2);
  ASSERT_TRUE(bool(Fast)) << llvm::toString(Fast.takeError());
  std::vector<std::string> Names;
  for (const EntityFact &E : Fast->Facts.Entities)
    if (E.File == "conf.h")
      Names.push_back(E.Name.str());
  EXPECT_THAT(Names, testing::IsSupersetOf({"core_api", "plugin_api"}));

  auto Slow = runWhole(Dir);
  ASSERT_TRUE(bool(Slow)) << llvm::toString(Slow.takeError());
  EXPECT_EQ(json(Fast->Facts), json(Slow->Facts));
}

// A macro defined empty and a macro not defined at all are two contexts
// (mbedtls's private_access.h: the library defines
// MBEDTLS_ALLOW_PRIVATE_ACCESS empty, its programs do not): s.h declares
// the field `a` in one and `priv_a` in the other, and both are facts.
TEST(ClaimTest, AMacroDefinedEmptyIsAnotherContextThanNoMacro) {
  TempDir Dir;
  Dir.write("acc.h", "#pragma once\n#ifndef ALLOW\n#define M(x) priv_##x\n"
                     "#else\n#define M(x) x\n#endif\n");
  Dir.write("s.h", "#pragma once\n#include \"acc.h\"\n"
                   "struct S { int M(a); };\n"
                   "inline int get(S s) { return s.M(a); }\n");
  Dir.write("lib.cpp", "#define ALLOW\n#include \"s.h\"\n");
  Dir.write("prog.cpp", "#include \"s.h\"\n");
  writeDb(Dir, {"lib.cpp", "prog.cpp"});
  auto Fast = run(Dir, 1);
  ASSERT_TRUE(bool(Fast)) << llvm::toString(Fast.takeError());
  std::vector<std::string> Fields;
  for (const EntityFact &E : Fast->Facts.Entities)
    if (E.File == "s.h" && E.Kind == EntityKind::Field)
      Fields.push_back(E.Name.str());
  EXPECT_THAT(Fields, testing::UnorderedElementsAre("S::a", "S::priv_a"));

  auto Slow = runWhole(Dir);
  ASSERT_TRUE(bool(Slow)) << llvm::toString(Slow.takeError());
  EXPECT_EQ(json(Fast->Facts), json(Slow->Facts));
}
