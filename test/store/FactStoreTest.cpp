//===- FactStoreTest.cpp - The SQLite facts store -------------------------===//
//
// Every test compares what the store gives back with what the JSON facts
// path gives for the same facts: the JSON export of a store must be byte
// for byte the file extraction writes.
//
//===----------------------------------------------------------------------===//
#include "strata/store/FactStore.h"
#include "strata/facts/FactsJson.h"

#include "TestSupport.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

using namespace strata;
using namespace strata::facts;
using strata::test::TempDir;

namespace {

// The facts of one TU: \p Main includes a header it shares with every other
// TU (so units overlap, as header facts and files do), and uses it; every
// field of every table has a value that is not its default somewhere.
FactSet tu(const std::string &Main, unsigned Version = 1) {
  FactSet F;
  F.Root = "/p";
  F.TUs.push_back({Main, Version == 1 ? TUStatus::Ok : TUStatus::Failed,
                   Version == 1 ? 0u : 1u,
                   Version == 1 ? "" : Main + ":1:1: error: x"});
  F.Files.push_back({Main, false, "h" + std::to_string(Version), true});
  F.Files.push_back({"shared.h", false, "s", Version == 1});
  F.Files.push_back({"/usr/include/stdio.h", true, "", true});
  IncludeFact I{Main, 1, 10, "shared.h", "shared.h", false, false, false};
  I.Pragma = Version == 1 ? "" : "keep";
  I.Textual = Version != 1;
  F.Includes.push_back(I);
  F.Includes.push_back(
      {Main, 2, 10, "stdio.h", "/usr/include/stdio.h", true, true, true});
  EntityFact E;
  E.Name = "ns::Shared";
  E.Kind = EntityKind::Class;
  E.File = "shared.h";
  E.Line = 3;
  E.Column = 7;
  E.Parent = "ns";
  E.Definition = true;
  E.Forward = "namespace ns { template <typename T> class Shared; }";
  F.Entities.push_back(E);
  EntityFact Fn = E;
  Fn.Name = Main + "::run";
  Fn.Kind = EntityKind::Function;
  Fn.File = Main;
  Fn.Line = 4 + Version;
  Fn.Forward.clear();
  Fn.Symbol = "abcd";
  F.Entities.push_back(Fn);
  UseFact U;
  U.File = Main;
  U.Line = 5;
  U.Column = 3;
  U.Kind = UseKind::Base;
  U.Context = Main + "::run";
  U.FromClass = "B";
  U.FromNamespace = "ns";
  U.Target = "ns::Shared";
  U.TargetKind = EntityKind::Class;
  U.TargetFile = "shared.h";
  U.TargetLine = 3;
  U.ToClass = "ns::Shared";
  U.ToNamespace = "ns";
  U.NeedsDefinition = Version == 1;
  U.Via = 1;
  F.Uses.push_back(U);
  UseFact Printf = U;
  Printf.Kind = UseKind::Call;
  Printf.Target = "printf";
  Printf.TargetKind = EntityKind::Function;
  Printf.TargetFile = "/usr/include/stdio.h";
  Printf.External = true;
  Printf.Symbol = "ef01";
  Printf.Via = 2;
  F.Uses.push_back(Printf);
  UseFact Reliant = U;
  Reliant.File = "shared.h";
  Reliant.Target = Main + "::Helper";
  F.Reliant.push_back(Reliant);
  F.normalize();
  return F;
}

std::string json(const FactSet &F) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  writeFactsJson(F, OS);
  return S;
}

FactSet readBack(const std::string &Path) {
  llvm::Expected<FactSet> F = store::readFacts(Path);
  EXPECT_TRUE(bool(F)) << llvm::toString(F.takeError());
  return F ? std::move(*F) : FactSet();
}

// The one-line error of reading \p Path.
std::string errorOf(const std::string &Path) {
  llvm::Expected<FactSet> F = store::readFacts(Path);
  if (F)
    return "";
  return llvm::toString(F.takeError());
}

// readAll() of the store at \p Path on \p Threads threads gives \p Expected.
void expectReadBack(const std::string &Path, unsigned Threads,
                    const FactSet &Expected) {
  auto S = store::FactStore::open(Path);
  ASSERT_TRUE(bool(S)) << llvm::toString(S.takeError());
  (*S)->setReadThreads(Threads);
  llvm::Expected<FactSet> Back = (*S)->readAll();
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(json(*Back), json(Expected)) << Threads << " threads";
  EXPECT_EQ(Back->Reliant.size(), Expected.Reliant.size());
}

void sql(const std::string &Path, const char *Statement) {
  sqlite3 *Db = nullptr;
  ASSERT_EQ(sqlite3_open(Path.c_str(), &Db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(Db, Statement, nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(Db);
  sqlite3_close(Db);
}

// The indexes of the store at \p Path, sorted; SQLite's own (a UNIQUE
// column's) left out.
std::vector<std::string> indexesOf(const std::string &Path) {
  std::vector<std::string> Names;
  sqlite3 *Db = nullptr;
  EXPECT_EQ(sqlite3_open(Path.c_str(), &Db), SQLITE_OK);
  sqlite3_exec(
      Db,
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT "
      "LIKE 'sqlite_%' ORDER BY name",
      [](void *Out, int, char **Row, char **) {
        static_cast<std::vector<std::string> *>(Out)->push_back(Row[0]);
        return 0;
      },
      &Names, nullptr);
  sqlite3_close(Db);
  return Names;
}

} // namespace

TEST(FactStoreTest, ReadsBackWhatTheJsonPathWrites) {
  TempDir Dir;
  std::string Path = Dir.path("f.db");
  ASSERT_FALSE(bool(store::writeStore(
      Path, "/p", {{"a.cpp", tu("a.cpp")}, {"b.cpp", tu("b.cpp")}})));
  llvm::Expected<FactSet> Merged = mergeAll({tu("a.cpp"), tu("b.cpp")});
  ASSERT_TRUE(bool(Merged));
  EXPECT_TRUE(store::looksLikeStore(Path));
  FactSet Back = readBack(Path);
  EXPECT_EQ(Back, *Merged);
  EXPECT_EQ(json(Back), json(*Merged));
  // The shared header's facts, in both units, come back once.
  EXPECT_EQ(Back.Files.size(), 4u);
}

TEST(FactStoreTest, ReplacingAUnitEqualsARebuild) {
  TempDir Dir;
  std::string Path = Dir.path("f.db");
  ASSERT_FALSE(bool(store::writeStore(
      Path, "/p", {{"a.cpp", tu("a.cpp")}, {"b.cpp", tu("b.cpp")}})));
  {
    auto S = store::FactStore::open(Path, /*Writable=*/true);
    ASSERT_TRUE(bool(S)) << llvm::toString(S.takeError());
    ASSERT_FALSE(bool((*S)->replaceUnit("a.cpp", tu("a.cpp", 2))));
  }
  std::string Fresh = Dir.path("fresh.db");
  ASSERT_FALSE(bool(store::writeStore(
      Fresh, "/p", {{"b.cpp", tu("b.cpp")}, {"a.cpp", tu("a.cpp", 2)}})));
  EXPECT_EQ(json(readBack(Path)), json(readBack(Fresh)));
  // Version 1's own facts are gone, not kept beside version 2's.
  EXPECT_EQ(json(readBack(Path)).find("\"h1\",\"path\":\"a.cpp\""),
            std::string::npos);

  auto S = store::FactStore::open(Path, /*Writable=*/true);
  ASSERT_TRUE(bool(S));
  ASSERT_FALSE(bool((*S)->removeUnit("a.cpp")));
  auto Units = (*S)->units();
  ASSERT_TRUE(bool(Units));
  EXPECT_EQ(*Units, std::vector<std::string>{"b.cpp"});
  EXPECT_EQ(json(*(*S)->readAll()), json(tu("b.cpp")));
}

TEST(FactStoreTest, MergingShardsEqualsOneRun) {
  TempDir Dir;
  std::string A = Dir.path("a.db"), B = Dir.path("b.db"),
              C = Dir.write("c.json", json(tu("c.cpp")));
  ASSERT_FALSE(bool(store::writeStore(A, "/p", {{"a.cpp", tu("a.cpp")}})));
  // b.db also has a newer a.cpp: the later input's unit wins.
  ASSERT_FALSE(bool(store::writeStore(
      B, "/p", {{"b.cpp", tu("b.cpp")}, {"a.cpp", tu("a.cpp", 2)}})));
  std::string Out = Dir.path("all.db");
  ASSERT_FALSE(bool(store::mergeIntoStore({A, B, C}, Out)));
  llvm::Expected<FactSet> One =
      mergeAll({tu("a.cpp", 2), tu("b.cpp"), tu("c.cpp")});
  ASSERT_TRUE(bool(One));
  EXPECT_EQ(json(readBack(Out)), json(*One));
  {
    auto S = store::FactStore::open(Out);
    ASSERT_TRUE(bool(S));
    EXPECT_EQ(*(*S)->units(), (std::vector<std::string>{C, "a.cpp", "b.cpp"}));
  }
  // The rows say the same: the first a.cpp's are gone with its unit.
  sql(Out, "UPDATE units SET pack = NULL");
  EXPECT_EQ(json(readBack(Out)), json(*One));
}

// The uses are read in rowid ranges on connections of their own: with
// reliant uses among them and the holes a replaced unit leaves, any number
// of ranges (more than there are uses, too) reads what one does.
TEST(FactStoreTest, ReadingOnSeveralConnectionsReadsWhatOneDoes) {
  TempDir Dir;
  std::string Path = Dir.path("f.db");
  std::vector<std::pair<std::string, FactSet>> Units;
  std::vector<FactSet> Parts;
  for (const char *Main : {"a.cpp", "b.cpp", "c.cpp", "d.cpp", "e.cpp"}) {
    Units.push_back({Main, tu(Main)});
    Parts.push_back(tu(Main, Main == std::string("b.cpp") ? 2 : 1));
  }
  ASSERT_FALSE(bool(store::writeStore(Path, "/p", Units)));
  {
    auto S = store::FactStore::open(Path, /*Writable=*/true);
    ASSERT_TRUE(bool(S));
    ASSERT_FALSE(bool((*S)->replaceUnit("b.cpp", tu("b.cpp", 2))));
  }
  llvm::Expected<FactSet> Expected = mergeAll(Parts);
  ASSERT_TRUE(bool(Expected));
  // The packs, read in parts of units, and the rows, in rowid ranges.
  for (unsigned Threads : {1u, 2u, 3u, 64u})
    expectReadBack(Path, Threads, *Expected);
  sql(Path, "UPDATE units SET pack = NULL WHERE name = 'c.cpp'");
  for (unsigned Threads : {1u, 2u, 3u, 64u})
    expectReadBack(Path, Threads, *Expected);
}

// Rows are inserted a batch of 32 at a time and the rest one by one: 69
// uses (two batches and 5), 33 reliant uses and 33 includes (a batch and
// 1) come back from the rows, none lost or doubled, with the unit's other
// tables (fewer than a batch).
TEST(FactStoreTest, RowsGoInByTheBatch) {
  TempDir Dir;
  std::string Path = Dir.path("f.db");
  FactSet F = tu("a.cpp");
  UseFact U = F.Uses.front();
  IncludeFact I = F.Includes.front();
  for (unsigned N = 0; F.Uses.size() < 69; ++N) {
    U.Line = 100 + N;
    F.Uses.push_back(U);
  }
  for (unsigned N = 0; F.Reliant.size() < 33; ++N) {
    U.Line = 100 + N;
    U.File = "shared.h";
    F.Reliant.push_back(U);
  }
  for (unsigned N = 0; F.Includes.size() < 33; ++N) {
    I.Line = 100 + N;
    F.Includes.push_back(I);
  }
  F.normalize();
  ASSERT_EQ(F.Uses.size(), 69u);
  ASSERT_EQ(F.Reliant.size(), 33u);
  ASSERT_EQ(F.Includes.size(), 33u);
  ASSERT_FALSE(bool(store::writeStore(Path, "/p", {{"a.cpp", F}})));
  sql(Path, "UPDATE units SET pack = NULL");
  expectReadBack(Path, 1, F);
}

// Rowids far apart (a hand-made or damaged store) are no row count: the
// read keeps a slot for each row, not for each rowid between them.
TEST(FactStoreTest, RowidsFarApartAreReadByRow) {
  TempDir Dir;
  std::string Path = Dir.path("f.db");
  ASSERT_FALSE(bool(store::writeStore(
      Path, "/p", {{"a.cpp", tu("a.cpp")}, {"b.cpp", tu("b.cpp")}})));
  sql(Path, "UPDATE units SET pack = NULL;"
            "UPDATE uses SET rowid = 4000000000000 WHERE rowid = (SELECT "
            "max(rowid) FROM uses); UPDATE uses SET rowid = -7 WHERE rowid = "
            "(SELECT min(rowid) FROM uses);"
            "UPDATE includes SET rowid = 9000000000000 WHERE rowid = (SELECT "
            "max(rowid) FROM includes)");
  llvm::Expected<FactSet> Expected = mergeAll({tu("a.cpp"), tu("b.cpp")});
  ASSERT_TRUE(bool(Expected));
  for (unsigned Threads : {0u, 4u})
    expectReadBack(Path, Threads, *Expected);
}

TEST(FactStoreTest, RefusesWhatIsNotAStoreOfThisVersion) {
  TempDir Dir;
  std::string Path = Dir.path("f.db");
  ASSERT_FALSE(bool(store::writeStore(Path, "/p", {{"a.cpp", tu("a.cpp")}})));

  std::string Other = Dir.path("other.db");
  ASSERT_FALSE(bool(store::writeStore(Other, "/q", {})));
  std::string Out = Dir.path("out.db");
  EXPECT_NE(llvm::toString(store::mergeIntoStore({Path, Other}, Out))
                .find("differs from that of"),
            std::string::npos);
  EXPECT_FALSE(llvm::sys::fs::exists(Out));

  std::string Version = Dir.path("v.db");
  llvm::sys::fs::copy_file(Path, Version);
  sql(Version, "PRAGMA user_version = 7");
  EXPECT_EQ(errorOf(Version),
            Version +
                ": a facts store of schema version 7; this strata "
                "reads version " +
                std::to_string(store::SchemaVersion));

  std::string Foreign = Dir.path("foreign.db");
  sql(Foreign, "CREATE TABLE x(a)");
  EXPECT_EQ(errorOf(Foreign), Foreign + ": not a strata facts store (an SQLite "
                                        "database of another application)");

  // A truncated store and one whose pages are garbage: one line each.
  std::string Whole = test::readFile(Path);
  for (size_t Keep : {size_t(100), size_t(4096), Whole.size() / 2}) {
    std::string Cut = Dir.write("cut.db", Whole.substr(0, Keep));
    std::string E = errorOf(Cut);
    EXPECT_EQ(E.rfind(Cut + ": ", 0), 0u) << Keep << ": " << E;
    EXPECT_EQ(E.find('\n'), std::string::npos) << E;
  }
  std::string Garbage =
      Dir.write("garbage.db", std::string("SQLite format 3\0", 16) +
                                  std::string(5000, '\x5a'));
  EXPECT_EQ(errorOf(Garbage).rfind(Garbage + ": ", 0), 0u);
}

TEST(FactStoreTest, RowsNamingNothingAreCorruption) {
  TempDir Dir;
  std::string Path = Dir.path("f.db");
  ASSERT_FALSE(bool(store::writeStore(Path, "/p", {{"a.cpp", tu("a.cpp")}})));
  sql(Path, "UPDATE units SET pack = NULL; UPDATE uses SET kind = 99");
  EXPECT_EQ(errorOf(Path), Path + ": the facts store is corrupt (a row refers "
                                  "to a string or kind that does not exist)");
  sql(Path, "UPDATE uses SET kind = 0; DELETE FROM strings");
  EXPECT_NE(errorOf(Path).find("corrupt"), std::string::npos);
}

TEST(FactStoreTest, NewStoresNeverOverwriteAndJsonStaysJson) {
  TempDir Dir;
  std::string Path = Dir.write("taken.db", "x");
  auto S = store::FactStore::create(Path, "/p");
  ASSERT_FALSE(bool(S));
  EXPECT_NE(llvm::toString(S.takeError()).find("already exists"),
            std::string::npos);
  std::string Json = Dir.write("f.json", json(tu("a.cpp")));
  EXPECT_FALSE(store::looksLikeStore(Json));
  EXPECT_EQ(json(readBack(Json)), json(tu("a.cpp")));
  EXPECT_TRUE(store::wantsStore("out/facts.db"));
  EXPECT_FALSE(store::wantsStore("facts.json"));
}

// A store built in one go has no index: strata reads it whole. The cache's
// store, changed a unit at a time, gets the indexes by unit when opened
// shared; every index (by unit, and the lookups for queries by hand) comes
// when asked for, and a query by target then uses one.
TEST(FactStoreTest, IndexesComeWhereTheyServe) {
  TempDir Dir;
  std::string A = Dir.path("a.db"), All = Dir.path("all.db");
  ASSERT_FALSE(bool(store::writeStore(
      A, "/p", {{"a.cpp", tu("a.cpp")}, {"b.cpp", tu("b.cpp")}})));
  ASSERT_FALSE(bool(store::mergeIntoStore({A}, All)));
  EXPECT_EQ(indexesOf(A), std::vector<std::string>());
  EXPECT_EQ(indexesOf(All), std::vector<std::string>());
  std::string Before = json(readBack(All));

  const std::vector<std::string> ByUnit = {
      "entities_unit", "files_unit", "includes_unit", "tus_unit", "uses_unit"};
  {
    std::string Dropped;
    auto Shared = store::FactStore::openShared(A, "/p", Dropped);
    ASSERT_TRUE(bool(Shared)) << llvm::toString(Shared.takeError());
    EXPECT_EQ(Dropped, "");
  }
  EXPECT_EQ(indexesOf(A), ByUnit);

  auto S = store::FactStore::open(All, /*Writable=*/true);
  ASSERT_TRUE(bool(S)) << llvm::toString(S.takeError());
  ASSERT_FALSE(bool((*S)->addIndexes()));
  ASSERT_FALSE(bool((*S)->addIndexes())); // twice is once
  std::vector<std::string> Expected = ByUnit;
  for (const char *Lookup :
       {"entities_name", "includes_file", "includes_target", "uses_file",
        "uses_target", "uses_target_file"})
    Expected.push_back(Lookup);
  llvm::sort(Expected);
  EXPECT_EQ(indexesOf(All), Expected);
  EXPECT_EQ(json(readBack(All)), Before);
  // A unit replaced afterwards is found by them.
  ASSERT_FALSE(bool((*S)->replaceUnit("a.cpp", tu("a.cpp", 2))));
  S->reset();
  std::string Plan;
  sqlite3 *Db = nullptr;
  ASSERT_EQ(sqlite3_open(All.c_str(), &Db), SQLITE_OK);
  sqlite3_exec(
      Db, "EXPLAIN QUERY PLAN SELECT file FROM uses_v WHERE target = 'printf'",
      [](void *Out, int Columns, char **Row, char **) {
        *static_cast<std::string *>(Out) +=
            std::string(Row[Columns - 1]) + "\n";
        return 0;
      },
      &Plan, nullptr);
  sqlite3_close(Db);
  EXPECT_NE(Plan.find("USING INDEX uses_target"), std::string::npos) << Plan;
}

// What strata reads of a store is each unit's pack; the rows are the same
// facts, for SQL. A store read by its packs, by its rows, by its packs on
// several connections, a unit at a time, and merged into a store that
// numbers strings otherwise (the packs renumbered), gives the same facts.
TEST(FactStoreTest, PacksHoldWhatTheRowsHold) {
  TempDir Dir;
  std::string Path = Dir.path("f.db");
  std::vector<std::pair<std::string, FactSet>> Units;
  std::vector<FactSet> Parts;
  // Units whose first files are out of name order: read in file order.
  for (const char *Main : {"d.cpp", "b.cpp", "e.cpp", "a.cpp", "c.cpp"}) {
    Units.push_back({Main, tu(Main)});
    Parts.push_back(tu(Main));
  }
  ASSERT_FALSE(bool(store::writeStore(Path, "/p", Units)));
  llvm::Expected<FactSet> Expected = mergeAll(Parts);
  ASSERT_TRUE(bool(Expected));
  for (unsigned Threads : {1u, 2u, 64u})
    expectReadBack(Path, Threads, *Expected);
  {
    auto S = store::FactStore::open(Path);
    ASSERT_TRUE(bool(S));
    auto One = (*S)->readUnit("b.cpp");
    ASSERT_TRUE(One && *One) << llvm::toString(One.takeError());
    EXPECT_EQ(json(**One), json(tu("b.cpp")));
  }
  // Merged after a store whose strings came in another order.
  std::string First = Dir.path("first.db"), All = Dir.path("all.db");
  FactSet Other = tu("z.cpp");
  Other.Uses.front().Target = "first::string";
  ASSERT_FALSE(bool(store::writeStore(First, "/p", {{"z.cpp", Other}})));
  ASSERT_FALSE(bool(store::mergeIntoStore({First, Path}, All)));
  Parts.push_back(Other);
  llvm::Expected<FactSet> WithOther = mergeAll(Parts);
  ASSERT_TRUE(bool(WithOther));
  expectReadBack(All, 2, *WithOther);
  std::string Rows = Dir.path("rows.db");
  llvm::sys::fs::copy_file(All, Rows);
  sql(Rows, "UPDATE units SET pack = NULL");
  expectReadBack(Rows, 2, *WithOther);
}

// A pack cut short, one with bytes after its facts, one naming a string
// that does not exist or counting more facts than its bytes could hold, and
// one that is no pack: each a one-line error, from reading the store and
// from merging it after another.
TEST(FactStoreTest, CorruptPacksAreOneLineErrors) {
  TempDir Dir;
  std::string Good = Dir.path("good.db"), First = Dir.path("first.db");
  ASSERT_FALSE(bool(store::writeStore(Good, "/p", {{"a.cpp", tu("a.cpp")}})));
  ASSERT_FALSE(bool(store::writeStore(First, "/p", {{"z.cpp", tu("z.cpp")}})));
  const char *Damage[] = {
      "UPDATE units SET pack = substr(pack, 1, length(pack) - 2)",
      "UPDATE units SET pack = pack || x'00'",
      // The header's lead (after the version and six counts) names string
      // 2^21.
      "UPDATE units SET pack = substr(pack, 1, 7) || x'80808001' || "
      "substr(pack, 9)",
      "UPDATE units SET pack = x'01ffffffff0f0000000000'",
      "UPDATE units SET pack = x'07'",
  };
  for (const char *Statement : Damage) {
    std::string Bad = Dir.path("bad.db"), Out = Dir.path("out.db");
    llvm::sys::fs::remove(Bad);
    llvm::sys::fs::remove(Out);
    llvm::sys::fs::copy_file(Good, Bad);
    sql(Bad, Statement);
    EXPECT_EQ(errorOf(Bad), Bad + ": the facts store is corrupt (a unit's "
                                  "packed facts cannot be read)")
        << Statement;
    llvm::Error E = store::mergeIntoStore({First, Bad}, Out);
    EXPECT_EQ(llvm::toString(std::move(E)),
              Bad + ": facts store: a unit's packed facts are corrupt")
        << Statement;
    EXPECT_FALSE(llvm::sys::fs::exists(Out));
  }
}
