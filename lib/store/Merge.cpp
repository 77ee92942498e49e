//===- Merge.cpp - Merging stores -----------------------------------------===//
//
// Stores merge with SQLite's own ATTACH and INSERT ... SELECT: an empty
// store takes the other's rows as they are; otherwise strings and units are
// renumbered on the way, in the rows and in the units' packs.
//
//===----------------------------------------------------------------------===//
#include "Pack.h"
#include "Rows.h"

#include "strata/facts/FactsJson.h"
#include "strata/support/Output.h"

using namespace llvm;
using namespace strata::facts;

namespace strata::store {
using namespace detail;
namespace {

// Copies every row of the attached store `other` into an empty main one.
std::string copySql() {
  std::string S = "BEGIN IMMEDIATE;\n"
                  "INSERT INTO main.strings SELECT * FROM other.strings;\n"
                  "INSERT INTO main.units SELECT * FROM other.units;\n";
  for (const Table &T : tables())
    S += std::string("INSERT INTO main.") + T.Name + " SELECT * FROM other." +
         T.Name + ";\n";
  return S + "COMMIT;";
}

// An id map (old id -> new id, -1 where none) read from a query of
// (old, new) pairs.
using IdMap = std::vector<int64_t>;
Error readIdMap(sqlite3 *Db, StringRef Path, const std::string &Sql,
                IdMap &Map) {
  Stmt Pairs(Db, Sql);
  if (!Pairs)
    return storeError(Path, Db, "cannot read the facts store");
  int Rc;
  while ((Rc = Pairs.step()) == SQLITE_ROW) {
    int64_t Old = Pairs.integer(0);
    if (Old < 0 || Old > (int64_t(1) << 32))
      return fileError(Path, "the facts store is corrupt (an id of " +
                                 Twine(Old) + ")");
    if (static_cast<size_t>(Old) >= Map.size())
      Map.resize(Old + 1, -1);
    Map[Old] = Pairs.integer(1);
  }
  if (Rc != SQLITE_DONE)
    return storeError(Path, Db, "cannot read the facts store");
  return Error::success();
}

// An SQL function of one argument, \p Name on \p Db while it lives, with
// \p Data as its user data.
class ScopedFunction {
public:
  using Call = void (*)(sqlite3_context *, int, sqlite3_value **);
  ScopedFunction(sqlite3 *Db, const char *Name, const void *Data, Call Fn)
      : Db(Db), Name(Name) {
    Ok = sqlite3_create_function_v2(Db, Name, 1,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC |
                                        SQLITE_DIRECTONLY,
                                    const_cast<void *>(Data), Fn, nullptr,
                                    nullptr, nullptr) == SQLITE_OK;
  }
  ~ScopedFunction() {
    sqlite3_create_function_v2(Db, Name, 1, SQLITE_UTF8, nullptr, nullptr,
                               nullptr, nullptr, nullptr);
  }
  explicit operator bool() const { return Ok; }

private:
  sqlite3 *Db;
  const char *Name;
  bool Ok;
};

// (id) -> Map[id], Map the user data: NULL for NULL and for an id the map
// does not have (the insert then fails on a NOT NULL column, or keeps a
// string column empty).
void mapId(sqlite3_context *Ctx, int, sqlite3_value **Args) {
  const auto &Map = *static_cast<const IdMap *>(sqlite3_user_data(Ctx));
  if (sqlite3_value_type(Args[0]) != SQLITE_INTEGER)
    return sqlite3_result_null(Ctx);
  int64_t Old = sqlite3_value_int64(Args[0]);
  if (Old < 0 || static_cast<uint64_t>(Old) >= Map.size() || Map[Old] < 0)
    return sqlite3_result_null(Ctx);
  sqlite3_result_int64(Ctx, Map[Old]);
}

// (pack) -> the pack with its string ids mapped by the user data's map
// (Pack.h); NULL for NULL, an error for a pack that is corrupt.
void repackBlob(sqlite3_context *Ctx, int, sqlite3_value **Args) {
  if (sqlite3_value_type(Args[0]) == SQLITE_NULL)
    return sqlite3_result_null(Ctx);
  const auto &Map = *static_cast<const IdMap *>(sqlite3_user_data(Ctx));
  const auto *Data = static_cast<const char *>(sqlite3_value_blob(Args[0]));
  StringRef Blob(Data, Data ? sqlite3_value_bytes(Args[0]) : 0);
  std::string Out;
  if (!repack(Blob, Map, Out))
    return sqlite3_result_error(Ctx, "a unit's packed facts are corrupt", -1);
  sqlite3_result_blob64(Ctx, Out.data(), Out.size(), SQLITE_TRANSIENT);
}

} // namespace

Error FactStore::mergeFrom(StringRef Other) {
  if (!looksLikeStore(Other))
    return fileError(Other,
                     "not a strata facts store (not an SQLite database)");
  Stmt Attach(Db, "ATTACH DATABASE ? AS other");
  Attach.bind(1, Other);
  if (!Attach || Attach.step() != SQLITE_DONE)
    return storeError(Other, Db, "cannot open the facts store");
  auto Detach = [&](Error E) {
    consumeError(exec(Db, Path, "DETACH DATABASE other"));
    return E;
  };
  std::string OtherRoot;
  if (Error E = checkStore(Db, Other, "other", &OtherRoot))
    return Detach(std::move(E));
  if (OtherRoot != Root)
    return Detach(fileError(Other, "its project root '" + OtherRoot +
                                       "' differs from that of '" + Path +
                                       "' ('" + Root + "')"));
  auto Fail = [&](Error E) {
    consumeError(exec(Db, Path, "ROLLBACK"));
    consumeError(exec(Db, Path, "DROP TABLE IF EXISTS temp.gone"));
    return Detach(std::move(E));
  };
  // Into an empty store (the first input of a merge) the other store's
  // rows are copied as they are, ids and all.
  Stmt Count(Db, "SELECT (SELECT count(*) FROM main.units) + (SELECT "
                 "count(*) FROM main.strings)");
  if (!Count || Count.step() != SQLITE_ROW)
    return Detach(storeError(Path, Db, "cannot read the facts store"));
  bool Empty = Count.integer(0) == 0;
  Count.reset();
  if (Empty) {
    if (Error E = exec(Db, Path, copySql()))
      return Fail(std::move(E));
    return exec(Db, Path, "DETACH DATABASE other");
  }
  // Otherwise strings and units are renumbered: the other store's strings
  // and units are added, and its rows copied with their ids mapped by two
  // SQL functions that index arrays (a subquery for each string column
  // made merging 1.6 times slower). A unit already here is replaced by the
  // other store's.
  if (Error E = exec(Db, Path,
                     "BEGIN IMMEDIATE;\n"
                     "INSERT OR IGNORE INTO main.strings(text) SELECT text "
                     "FROM other.strings;\n"
                     "CREATE TEMP TABLE gone AS SELECT m.id FROM main.units m "
                     "JOIN other.units o ON o.name = m.name;"))
    return Fail(std::move(E));
  Stmt Gone(Db, "SELECT count(*) FROM temp.gone");
  if (!Gone || Gone.step() != SQLITE_ROW)
    return Fail(storeError(Path, Db, "cannot read the facts store"));
  // Without an index by unit (a store being built has none, see
  // FactStore::build), deleting by unit reads every row: 0.2 s of merging
  // 3 million records when no unit was replaced. So only where one is.
  std::string Sql;
  if (Gone.integer(0) > 0) {
    for (const Table &T : tables())
      Sql += std::string("DELETE FROM main.") + T.Name +
             " WHERE unit IN (SELECT id FROM gone);\n";
    Sql += "DELETE FROM main.units WHERE id IN (SELECT id FROM gone);\n";
  }
  Gone.reset();
  if (Error E = exec(Db, Path, Sql + "DROP TABLE gone;"))
    return Fail(std::move(E));
  IdMap Strings, Units;
  if (Error E = readIdMap(Db, Path,
                          "SELECT o.id, m.id FROM other.strings o JOIN "
                          "main.strings m ON m.text = o.text",
                          Strings))
    return Fail(std::move(E));
  ScopedFunction SMap(Db, "strata_smap", &Strings, mapId),
      UMap(Db, "strata_umap", &Units, mapId),
      Repack(Db, "strata_repack", &Strings, repackBlob);
  if (!SMap || !UMap || !Repack)
    return Fail(storeError(Path, Db, "cannot write the facts store"));
  // The units, their packs with string ids renumbered like the rows.
  if (Error E = exec(Db, Other,
                     "INSERT INTO main.units(name, pack) SELECT name, "
                     "strata_repack(pack) FROM other.units"))
    return Fail(std::move(E));
  if (Error E = readIdMap(Db, Path,
                          "SELECT o.id, m.id FROM other.units o JOIN "
                          "main.units m ON m.name = o.name",
                          Units))
    return Fail(std::move(E));
  Sql.clear();
  for (const Table &T : tables()) {
    Sql += std::string("INSERT INTO main.") + T.Name +
           " SELECT strata_umap(t.unit)";
    for (StringRef C : T.Columns) {
      std::string Col = "t." + columnName(C).str();
      Sql += isString(C) ? ", strata_smap(" + Col + ")" : ", " + Col;
    }
    Sql += std::string(" FROM other.") + T.Name + " t;\n";
  }
  if (Error E = exec(Db, Path, Sql + "COMMIT;"))
    return Fail(std::move(E));
  return exec(Db, Path, "DETACH DATABASE other");
}

Error mergeIntoStore(ArrayRef<std::string> Inputs, StringRef Output) {
  if (Inputs.empty())
    return fileError(Output, "nothing to merge");
  // Each JSON input is read as it is added, so that memory holds one input
  // at a time. The first input gives the root; every other must have the
  // same.
  std::optional<FactSet> First;
  auto Read = [&](size_t I,
                  std::optional<FactSet> &Json) -> Expected<std::string> {
    if (looksLikeStore(Inputs[I])) {
      Expected<std::unique_ptr<FactStore>> S = FactStore::open(Inputs[I]);
      if (!S)
        return S.takeError();
      return (*S)->root();
    }
    Expected<FactSet> F = readFactsFile(Inputs[I]);
    if (!F)
      return F.takeError();
    Json = std::move(*F);
    return Json->Root;
  };
  Expected<std::string> Root = Read(0, First);
  if (!Root)
    return Root.takeError();
  return FactStore::build(Output, *Root, [&](FactStore &S) -> Error {
    for (size_t I = 0; I < Inputs.size(); ++I) {
      std::optional<FactSet> Json = I == 0 ? std::move(First) : std::nullopt;
      if (I > 0) {
        Expected<std::string> InputRoot = Read(I, Json);
        if (!InputRoot)
          return InputRoot.takeError();
        if (*InputRoot != *Root)
          return fileError(Inputs[I], "its project root '" + *InputRoot +
                                          "' differs from that of '" +
                                          Inputs[0] + "' ('" + *Root + "')");
      }
      if (Error E =
              Json ? S.replaceUnit(Inputs[I], *Json) : S.mergeFrom(Inputs[I]))
        return E;
    }
    return Error::success();
  });
}

} // namespace strata::store
