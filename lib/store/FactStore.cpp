//===- FactStore.cpp - Facts in an SQLite database ------------------------===//
#include "strata/store/FactStore.h"
#include "Pack.h"
#include "Rows.h"

#include "strata/facts/FactsJson.h"
#include "strata/support/Output.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <functional>
#include <optional>
#include <sqlite3.h>
#include <type_traits>

using namespace llvm;
using namespace strata::facts;

namespace strata::store {
using namespace detail;
namespace {

// A unit's note is a row of `meta` keyed by the unit's name.
std::string noteKey(StringRef Unit) { return ("note:" + Unit).str(); }

} // namespace

bool looksLikeStore(StringRef Path) {
  constexpr StringRef Magic("SQLite format 3\0", 16);
  ErrorOr<std::unique_ptr<MemoryBuffer>> Head =
      MemoryBuffer::getFileSlice(Path, Magic.size(), 0);
  return Head && (*Head)->getBuffer() == Magic;
}

// Interns strings for one transaction's inserts.
class FactStore::Writer {
public:
  Writer(FactStore &S)
      : S(S), Find(S.Db, "SELECT id FROM strings WHERE text = ?"),
        Add(S.Db, "INSERT INTO strings(text) VALUES(?)") {}

  // Fact strings are interned already: the map is keyed by their identity.
  std::optional<int64_t> intern(Str Text) {
    auto [It, New] = Ids.try_emplace(Text.id(), 0);
    if (!New)
      return It->second;
    Find.bind(1, Text);
    if (Find.step() == SQLITE_ROW) {
      It->second = Find.integer(0);
    } else {
      Add.bind(1, Text);
      if (Add.step() != SQLITE_DONE) {
        Add.reset();
        Find.reset();
        Ids.erase(It);
        return std::nullopt;
      }
      Add.reset();
      It->second = sqlite3_last_insert_rowid(S.Db);
    }
    Find.reset();
    return It->second;
  }

  Error insert(int64_t Unit, const FactSet &Facts) {
    bool Failed = false;
    auto Intern = [&](Str T) -> std::optional<int64_t> {
      std::optional<int64_t> Id = intern(T);
      Failed |= !Id;
      return Id ? Id : std::optional<int64_t>(0);
    };
    // Rows go in by the batch, a statement each: stepping a statement cost
    // as much as binding a row.
    auto Rows = [&](const Table &T, const auto &Facts, auto Put) -> Error {
      constexpr size_t Batch = 32;
      const int Columns = T.Columns.size() + 1;
      std::optional<Stmt> Many, One;
      for (size_t I = 0; I < Facts.size();) {
        size_t N = Facts.size() - I >= Batch ? Batch : 1;
        std::optional<Stmt> &Insert = N == Batch ? Many : One;
        if (!Insert)
          Insert.emplace(S.Db, insertSql(T, N));
        if (!*Insert)
          return storeError(S.Path, S.Db, "cannot write the facts store");
        for (size_t K = 0; K < N; ++K, ++I) {
          Insert->bind(K * Columns + 1, Unit);
          RowOut R{*Insert, Intern, static_cast<int>(K * Columns + 2)};
          Put(R, Facts[I]);
        }
        if (Failed || Insert->step() != SQLITE_DONE)
          return storeError(S.Path, S.Db, "cannot write the facts store");
        Insert->rewind();
      }
      return Error::success();
    };
    auto Plain = [](RowOut &R, const auto &F) { fields(R, F); };
    if (Error E = plainTables(Facts, [&](const Table &T, const auto &V) {
          return Rows(T, V, Plain);
        }))
      return E;
    const Table &Uses = tables()[4];
    auto Use = [](bool Reliant) {
      return [Reliant](RowOut &R, const UseFact &U) {
        R.num(Reliant);
        fields(R, U);
      };
    };
    if (Error E = Rows(Uses, Facts.Uses, Use(false)))
      return E;
    if (Error E = Rows(Uses, Facts.Reliant, Use(true)))
      return E;
    // The same facts packed, for reading them all at once (Pack.h).
    std::string Packed;
    Stmt Put(S.Db, "UPDATE units SET pack = ? WHERE id = ?");
    if (!pack(Facts, Intern, Packed) || Failed || !Put)
      return storeError(S.Path, S.Db, "cannot write the facts store");
    Put.bindBlob(1, Packed);
    Put.bind(2, Unit);
    if (Put.step() != SQLITE_DONE)
      return storeError(S.Path, S.Db, "cannot write the facts store");
    return Error::success();
  }

private:
  FactStore &S;
  Stmt Find, Add;
  DenseMap<const void *, int64_t> Ids;
};

Expected<std::unique_ptr<FactStore>> FactStore::create(StringRef Path,
                                                       StringRef Root) {
  return create(Path, Root, /*Indexed=*/true);
}

Expected<std::unique_ptr<FactStore>>
FactStore::create(StringRef Path, StringRef Root, bool Indexed) {
  if (sys::fs::exists(Path))
    return fileError(Path,
                     "already exists; a new facts store needs a new file");
  sqlite3 *Db = nullptr;
  if (sqlite3_open_v2(Path.str().c_str(), &Db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | NoMutex,
                      nullptr) != SQLITE_OK) {
    Error E = storeError(Path, Db, "cannot create the facts store");
    sqlite3_close(Db);
    return E;
  }
  std::unique_ptr<FactStore> S(new FactStore(Db, Path.str(), Root.str()));
  if (Error E = exec(Db, Path,
                     "BEGIN;\n" + schemaSql() + (Indexed ? indexSql() : "") +
                         "INSERT INTO meta VALUES('format', 'strata-facts');\n"
                         "COMMIT;"))
    return E;
  Stmt Meta(Db, "INSERT INTO meta VALUES('root', ?)");
  Meta.bind(1, Root);
  if (!Meta || Meta.step() != SQLITE_DONE)
    return storeError(Path, Db, "cannot write the facts store");
  return S;
}

Expected<std::unique_ptr<FactStore>> FactStore::open(StringRef Path,
                                                     bool Writable) {
  if (!sys::fs::exists(Path))
    return fileError(Path, "no such file");
  if (!looksLikeStore(Path))
    return fileError(Path, "not a strata facts store (not an SQLite database)");
  sqlite3 *Db = nullptr;
  int Flags =
      (Writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | NoMutex;
  if (sqlite3_open_v2(Path.str().c_str(), &Db, Flags, nullptr) != SQLITE_OK) {
    Error E = storeError(Path, Db, "cannot open the facts store");
    sqlite3_close(Db);
    return E;
  }
  std::unique_ptr<FactStore> S(new FactStore(Db, Path.str(), ""));
  if (Error E = checkStore(Db, Path, "main", &S->Root))
    return E;
  return S;
}

FactStore::~FactStore() { sqlite3_close(Db); }

Error FactStore::replaceUnit(StringRef Unit, const FactSet &Facts,
                             StringRef Note) {
  if (!Facts.Root.empty() && Facts.Root != Root)
    return fileError(Path, "its project root is '" + Root + "', not '" +
                               Facts.Root + "'");
  if (Error E = exec(Db, Path, "BEGIN IMMEDIATE"))
    return E;
  auto Fail = [&](Error E) {
    consumeError(exec(Db, Path, "ROLLBACK"));
    return E;
  };
  if (Error E = removeUnit(Unit))
    return Fail(std::move(E));
  Stmt Add(Db, "INSERT INTO units(name) VALUES(?)");
  Add.bind(1, Unit);
  if (!Add || Add.step() != SQLITE_DONE)
    return Fail(storeError(Path, Db, "cannot write the facts store"));
  int64_t Id = sqlite3_last_insert_rowid(Db);
  Writer W(*this);
  if (Error E = W.insert(Id, Facts))
    return Fail(std::move(E));
  if (!Note.empty()) {
    Stmt Put(Db, "INSERT OR REPLACE INTO meta VALUES(?, ?)");
    Put.bind(1, noteKey(Unit));
    Put.bind(2, Note);
    if (!Put || Put.step() != SQLITE_DONE)
      return Fail(storeError(Path, Db, "cannot write the facts store"));
  }
  return exec(Db, Path, "COMMIT");
}

Error FactStore::removeUnit(StringRef Unit) {
  Stmt Find(Db, "SELECT id FROM units WHERE name = ?");
  Find.bind(1, Unit);
  if (!Find)
    return storeError(Path, Db, "cannot read the facts store");
  if (Find.step() != SQLITE_ROW)
    return Error::success();
  int64_t Id = Find.integer(0);
  for (const Table &T : tables()) {
    Stmt Delete(Db, std::string("DELETE FROM ") + T.Name + " WHERE unit = ?");
    Delete.bind(1, Id);
    if (!Delete || Delete.step() != SQLITE_DONE)
      return storeError(Path, Db, "cannot write the facts store");
  }
  Stmt Drop(Db, "DELETE FROM units WHERE id = ?");
  Drop.bind(1, Id);
  if (!Drop || Drop.step() != SQLITE_DONE)
    return storeError(Path, Db, "cannot write the facts store");
  Stmt Unnote(Db, "DELETE FROM meta WHERE key = ?");
  Unnote.bind(1, noteKey(Unit));
  if (!Unnote || Unnote.step() != SQLITE_DONE)
    return storeError(Path, Db, "cannot write the facts store");
  return Error::success();
}

Expected<std::vector<std::string>> FactStore::units() {
  Stmt All(Db, "SELECT name FROM units ORDER BY name");
  if (!All)
    return storeError(Path, Db, "cannot read the facts store");
  std::vector<std::string> Names;
  int Rc;
  while ((Rc = All.step()) == SQLITE_ROW)
    Names.push_back(All.text(0).str());
  if (Rc != SQLITE_DONE)
    return storeError(Path, Db, "cannot read the facts store");
  return Names;
}

Expected<std::optional<int64_t>> FactStore::unitId(StringRef Unit) {
  Stmt Find(Db, "SELECT id FROM units WHERE name = ?");
  if (!Find)
    return storeError(Path, Db, "cannot read the facts store");
  Find.bind(1, Unit);
  int Rc = Find.step();
  if (Rc == SQLITE_ROW)
    return std::optional<int64_t>(Find.integer(0));
  if (Rc != SQLITE_DONE)
    return storeError(Path, Db, "cannot read the facts store");
  return std::nullopt;
}

Expected<std::optional<std::string>> FactStore::note(StringRef Unit) {
  Stmt Get(Db, "SELECT value FROM meta WHERE key = ?");
  if (!Get)
    return storeError(Path, Db, "cannot read the facts store");
  Get.bind(1, noteKey(Unit));
  int Rc = Get.step();
  if (Rc == SQLITE_ROW)
    return std::optional<std::string>(Get.text(0).str());
  if (Rc != SQLITE_DONE)
    return storeError(Path, Db, "cannot read the facts store");
  return std::nullopt;
}

Error FactStore::addIndexes() {
  if (Error E = exec(Db, Path,
                     "BEGIN IMMEDIATE;\n" + indexSql() + lookupIndexSql() +
                         "COMMIT;")) {
    consumeError(exec(Db, Path, "ROLLBACK"));
    return E;
  }
  return Error::success();
}

Expected<std::unique_ptr<FactStore>>
FactStore::openShared(StringRef Path, StringRef Root, std::string &Dropped) {
  auto Shared = [&](std::unique_ptr<FactStore> S)
      -> Expected<std::unique_ptr<FactStore>> {
    // Other processes may use the same file: readers do not wait for a
    // writer (write-ahead log), and a writer waits for another's
    // transaction rather than failing.
    sqlite3_busy_timeout(S->Db, 60000);
    if (Error E =
            exec(S->Db, Path,
                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"))
      return E;
    // Its units are replaced one at a time: each needs the indexes by unit,
    // which a store built in one go lacks (build()).
    if (Error E = exec(S->Db, Path, indexSql()))
      return E;
    return S;
  };
  if (sys::fs::exists(Path)) {
    Expected<std::unique_ptr<FactStore>> S = open(Path, /*Writable=*/true);
    if (S && (*S)->root() == Root)
      return Shared(std::move(*S));
    if (S) {
      Dropped = "its project root is '" + (*S)->root() + "'";
    } else {
      // The reason alone: the caller names the file.
      std::string Why = toString(S.takeError());
      StringRef Reason(Why);
      Reason.consume_front((Path + ": ").str());
      Dropped = Reason.str();
    }
  }
  // A new store, built aside and renamed into place: another process that
  // opens the path sees a whole store or none. The old file's log goes
  // first: SQLite would replay it into the new file.
  for (const char *Suffix : {"-wal", "-shm", "-journal"})
    sys::fs::remove(Path + Suffix);
  if (Error E = build(Path, Root, [](FactStore &) { return Error::success(); }))
    return E;
  Expected<std::unique_ptr<FactStore>> S = open(Path, /*Writable=*/true);
  if (!S)
    return S.takeError();
  return Shared(std::move(*S));
}

Expected<FactSet> readFacts(StringRef Path) {
  if (!looksLikeStore(Path))
    return readFactsFile(Path);
  Expected<std::unique_ptr<FactStore>> S = FactStore::open(Path);
  if (!S)
    return S.takeError();
  return (*S)->readAll();
}

bool wantsStore(StringRef Path) { return Path.ends_with(".db"); }

// Builds a store in a temporary file beside \p Path with \p Fill and
// renames it into place once \p Fill succeeds; nothing is left otherwise.
// It gets no index by unit: strata reads it whole, and openShared() adds
// them where units are to be replaced one at a time.
Error FactStore::build(StringRef Path, StringRef Root,
                       function_ref<Error(FactStore &)> Fill) {
  SmallString<128> Temp;
  if (std::error_code EC =
          sys::fs::createUniqueFile(Path + ".tmp-%%%%%%", Temp,
                                    sys::fs::owner_read | sys::fs::owner_write))
    return fileError(Path, "cannot create a temporary file: " + EC.message());
  sys::fs::remove(Temp); // SQLite creates it
  auto Cleanup = [&](Error E) {
    sys::fs::remove(Temp);
    sys::fs::remove(Temp + "-journal");
    return E;
  };
  {
    Expected<std::unique_ptr<FactStore>> S =
        FactStore::create(Temp, Root, /*Indexed=*/false);
    if (!S)
      return Cleanup(S.takeError());
    // The file is renamed into place only once complete: no journal needed.
    if (Error E = exec((*S)->Db, Path,
                       "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"))
      return Cleanup(std::move(E));
    if (Error E = Fill(**S))
      return Cleanup(std::move(E));
  }
  if (std::error_code EC = sys::fs::rename(Temp, Path))
    return Cleanup(fileError(Path, "cannot write: " + EC.message()));
  return Error::success();
}

Error writeStore(StringRef Path, StringRef Root,
                 const std::vector<std::pair<std::string, FactSet>> &Units) {
  return FactStore::build(Path, Root, [&](FactStore &S) -> Error {
    for (const auto &[Name, Facts] : Units)
      if (Error E = S.replaceUnit(Name, Facts))
        return E;
    return Error::success();
  });
}

} // namespace strata::store
