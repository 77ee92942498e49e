//===- FactStore.cpp - Facts in an SQLite database ------------------------===//
#include "strata/store/FactStore.h"

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
namespace {

// 'STRA': PRAGMA application_id, so that no other SQLite file passes for a
// store.
constexpr int ApplicationId = 0x53545241;

// The tables of facts, in one place: the schema, the inserts, the reads
// and the merge are all generated from these. A column is an integer, or a
// string interned in `strings` (suffix '$'; NULL for "").
struct Table {
  const char *Name;
  std::vector<const char *> Columns; // after `unit`
};
const std::vector<Table> &tables() {
  static const std::vector<Table> T = {
      {"tus", {"file$", "status", "errors", "first_error$"}},
      {"files", {"path$", "external", "hash$", "complete"}},
      {"includes",
       {"file$", "line", "col", "spelled$", "target$", "angled", "system",
        "external", "pragma$", "textual"}},
      {"entities",
       {"name$", "kind", "file$", "line", "col", "parent$", "definition",
        "abstract", "symbol$", "forward$"}},
      {"uses",
       {"reliant", "file$", "line", "col", "kind", "context$", "from_class$",
        "from_ns$", "target$", "target_kind", "target_file$", "target_line",
        "to_class$", "to_ns$", "external", "needs_definition", "via",
        "symbol$"}},
  };
  return T;
}
bool isString(StringRef Column) { return Column.ends_with("$"); }
StringRef columnName(StringRef Column) { return Column.rtrim('$'); }

// The kinds' names, for the lookup tables the views join.
constexpr size_t EntityKindCount = size_t(EntityKind::Macro) + 1;
constexpr size_t UseKindCount = size_t(UseKind::TypeUse) + 1;

std::string schemaSql() {
  std::string S = "PRAGMA application_id = " + std::to_string(ApplicationId) +
                  ";\nPRAGMA user_version = " + std::to_string(SchemaVersion) +
                  ";\n"
                  "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT "
                  "NULL) WITHOUT ROWID;\n"
                  "CREATE TABLE strings(id INTEGER PRIMARY KEY, text TEXT NOT "
                  "NULL UNIQUE);\n"
                  "CREATE TABLE units(id INTEGER PRIMARY KEY, name TEXT NOT "
                  "NULL UNIQUE);\n"
                  "CREATE TABLE entity_kinds(id INTEGER PRIMARY KEY, name "
                  "TEXT NOT NULL);\n"
                  "CREATE TABLE use_kinds(id INTEGER PRIMARY KEY, name TEXT "
                  "NOT NULL);\n";
  for (size_t I = 0; I < EntityKindCount; ++I)
    S += "INSERT INTO entity_kinds VALUES(" + std::to_string(I) + ", '" +
         toString(EntityKind(I)).str() + "');\n";
  for (size_t I = 0; I < UseKindCount; ++I)
    S += "INSERT INTO use_kinds VALUES(" + std::to_string(I) + ", '" +
         toString(UseKind(I)).str() + "');\n";
  for (const Table &T : tables()) {
    S += std::string("CREATE TABLE ") + T.Name +
         "(unit INTEGER NOT NULL REFERENCES units(id)";
    for (StringRef C : T.Columns)
      S += ", " + columnName(C).str() + " INTEGER" +
           (isString(C) ? "" : " NOT NULL");
    S += ");\n";
    // The view: every string column as text, kinds by name.
    S += std::string("CREATE VIEW ") + T.Name +
         "_v AS SELECT units.name AS unit";
    std::string Joins;
    unsigned N = 0;
    for (StringRef C : T.Columns) {
      std::string Col = columnName(C).str();
      if (isString(C)) {
        std::string A = ("s" + Twine(N++)).str();
        S += ", " + A + ".text AS " + Col;
        Joins += " LEFT JOIN strings " + A + " ON " + A + ".id = t." + Col;
      } else if (Col == "kind" || Col == "target_kind") {
        std::string A = ("k" + Twine(N++)).str();
        bool Use = Col == "kind" && std::string(T.Name) == "uses";
        S += ", " + A + ".name AS " + Col;
        Joins += std::string(" LEFT JOIN ") +
                 (Use ? "use_kinds " : "entity_kinds ") + A + " ON " + A +
                 ".id = t." + Col;
      } else {
        S += ", t." + Col;
      }
    }
    S += std::string(" FROM ") + T.Name + " t JOIN units ON units.id = t.unit" +
         Joins + ";\n";
  }
  return S;
}

// The indexes, apart from the tables: a new store is filled first and
// indexed once, which is several times faster than keeping every index up
// to date row by row.
std::string indexSql() {
  std::string S;
  for (const Table &T : tables())
    S += "CREATE INDEX IF NOT EXISTS " + std::string(T.Name) + "_unit ON " +
         T.Name + "(unit);\n";
  // What `why`, diagnostics and code actions look up: uses by target and
  // by file, includes by file and by target.
  S += "CREATE INDEX IF NOT EXISTS uses_file ON uses(file);\n"
       "CREATE INDEX IF NOT EXISTS uses_target_file ON uses(target_file);\n"
       "CREATE INDEX IF NOT EXISTS uses_target ON uses(target);\n"
       "CREATE INDEX IF NOT EXISTS includes_file ON includes(file);\n"
       "CREATE INDEX IF NOT EXISTS includes_target ON includes(target);\n"
       "CREATE INDEX IF NOT EXISTS entities_name ON entities(name);\n";
  return S;
}

// A unit's note is a row of `meta` keyed by the unit's name.
std::string noteKey(StringRef Unit) { return ("note:" + Unit).str(); }

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

// A prepared statement.
class Stmt {
public:
  Stmt(sqlite3 *Db, const std::string &Sql) {
    if (sqlite3_prepare_v2(Db, Sql.c_str(), -1, &S, nullptr) != SQLITE_OK)
      S = nullptr;
  }
  ~Stmt() { sqlite3_finalize(S); }
  explicit operator bool() const { return S; }
  void bind(int I, int64_t V) { sqlite3_bind_int64(S, I, V); }
  void bind(int I, StringRef V) {
    sqlite3_bind_text(S, I, V.data(), V.size(), SQLITE_TRANSIENT);
  }
  void bindNull(int I) { sqlite3_bind_null(S, I); }
  int step() { return sqlite3_step(S); }
  void reset() {
    sqlite3_reset(S);
    sqlite3_clear_bindings(S);
  }
  int64_t integer(int Col) { return sqlite3_column_int64(S, Col); }
  StringRef text(int Col) {
    const auto *P = reinterpret_cast<const char *>(sqlite3_column_text(S, Col));
    return P ? StringRef(P, sqlite3_column_bytes(S, Col)) : StringRef();
  }

private:
  sqlite3_stmt *S = nullptr;
};

Error storeError(StringRef Path, sqlite3 *Db, const Twine &What) {
  return fileError(Path, What + ": " + (Db ? sqlite3_errmsg(Db) : "no memory"));
}

Error exec(sqlite3 *Db, StringRef Path, const std::string &Sql) {
  char *Message = nullptr;
  if (sqlite3_exec(Db, Sql.c_str(), nullptr, nullptr, &Message) == SQLITE_OK)
    return Error::success();
  std::string M = Message ? Message : "unknown error";
  sqlite3_free(Message);
  return fileError(Path, "facts store: " + M);
}

// One column after another of a row being bound (RowOut) or read (RowIn);
// fields() lists each fact's columns once for both.
struct RowOut {
  Stmt &S;
  std::function<std::optional<int64_t>(Str)> Intern;
  int Next = 2; // 1 is the unit
  template <typename T> void num(const T &V) {
    S.bind(Next++, static_cast<int64_t>(V));
  }
  void str(Str V) {
    if (V.empty())
      S.bindNull(Next++);
    else
      S.bind(Next++, *Intern(V));
  }
};
struct RowIn {
  Stmt &S;
  const std::vector<Str> &Strings;
  bool &Bad;
  int Next = 0;
  template <typename T> void num(T &V) {
    int64_t I = S.integer(Next++);
    if constexpr (std::is_enum_v<T>) {
      // The last enumerator of each kind: TUStatus::Crashed,
      // EntityKind::Macro, UseKind::TypeUse.
      constexpr int64_t Count =
          std::is_same_v<T, TUStatus>     ? int64_t(TUStatus::Crashed) + 1
          : std::is_same_v<T, EntityKind> ? int64_t(EntityKindCount)
                                          : int64_t(UseKindCount);
      Bad |= I < 0 || I >= Count;
      V = static_cast<T>(I < 0 || I >= Count ? 0 : I);
    } else {
      V = static_cast<T>(I);
    }
  }
  // NULL reads as id 0, which is no string's (loadStrings): the empty one.
  void str(Str &V) {
    int64_t Id = S.integer(Next++);
    Bad |= Id < 0 || static_cast<size_t>(Id) >= Strings.size();
    V = Bad ? Str() : Strings[Id];
  }
};

template <typename Row, typename F> void fields(Row &R, F &T) {
  using Fact = std::remove_const_t<F>;
  if constexpr (std::is_same_v<Fact, TUFact>) {
    R.str(T.File), R.num(T.Status), R.num(T.Errors), R.str(T.FirstError);
  } else if constexpr (std::is_same_v<Fact, FileFact>) {
    R.str(T.Path), R.num(T.External), R.str(T.Hash), R.num(T.Complete);
  } else if constexpr (std::is_same_v<Fact, IncludeFact>) {
    R.str(T.File), R.num(T.Line), R.num(T.Column), R.str(T.Spelled);
    R.str(T.Target), R.num(T.Angled), R.num(T.System), R.num(T.External);
    R.str(T.Pragma), R.num(T.Textual);
  } else if constexpr (std::is_same_v<Fact, EntityFact>) {
    R.str(T.Name), R.num(T.Kind), R.str(T.File), R.num(T.Line);
    R.num(T.Column), R.str(T.Parent), R.num(T.Definition);
    R.num(T.Abstract), R.str(T.Symbol), R.str(T.Forward);
  } else { // UseFact, after the `reliant` column
    R.str(T.File), R.num(T.Line), R.num(T.Column), R.num(T.Kind);
    R.str(T.Context), R.str(T.FromClass), R.str(T.FromNamespace);
    R.str(T.Target), R.num(T.TargetKind), R.str(T.TargetFile);
    R.num(T.TargetLine), R.str(T.ToClass), R.str(T.ToNamespace);
    R.num(T.External), R.num(T.NeedsDefinition), R.num(T.Via);
    R.str(T.Symbol);
  }
}

// Calls \p Each(table, its facts) for the tables that hold one kind of
// fact each (not `uses`, which holds two).
template <typename Set, typename Fn> Error plainTables(Set &Facts, Fn Each) {
  const std::vector<Table> &T = tables();
  if (Error E = Each(T[0], Facts.TUs))
    return E;
  if (Error E = Each(T[1], Facts.Files))
    return E;
  if (Error E = Each(T[2], Facts.Includes))
    return E;
  return Each(T[3], Facts.Entities);
}

std::string insertSql(const Table &T) {
  std::string S = std::string("INSERT INTO ") + T.Name + " VALUES(?";
  for (size_t I = 0; I < T.Columns.size(); ++I)
    S += ", ?";
  return S + ")";
}
std::string selectSql(const Table &T) {
  std::string S = "SELECT ";
  for (size_t I = 0; I < T.Columns.size(); ++I)
    S += (I ? ", " : "") + columnName(T.Columns[I]).str();
  return S + " FROM " + T.Name;
}

// The error of opening \p Path, or none when it is a store of this version.
Error checkStore(sqlite3 *Db, StringRef Path, StringRef Schema,
                 std::string *Root) {
  Stmt Ids(Db, "PRAGMA " + Schema.str() + ".application_id");
  if (!Ids || Ids.step() != SQLITE_ROW)
    return storeError(Path, Db, "cannot read the facts store");
  if (Ids.integer(0) != ApplicationId)
    return fileError(Path, "not a strata facts store (an SQLite database of "
                           "another application)");
  Stmt Version(Db, "PRAGMA " + Schema.str() + ".user_version");
  if (!Version || Version.step() != SQLITE_ROW)
    return storeError(Path, Db, "cannot read the facts store");
  if (Version.integer(0) != SchemaVersion)
    return fileError(
        Path, "a facts store of schema version " + Twine(Version.integer(0)) +
                  "; this strata reads version " + Twine(SchemaVersion));
  Stmt Meta(Db,
            "SELECT value FROM " + Schema.str() + ".meta WHERE key = 'root'");
  if (!Meta || Meta.step() != SQLITE_ROW)
    return storeError(Path, Db, "the facts store has no project root");
  *Root = Meta.text(0).str();
  return Error::success();
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

// The SQL function \p Name(id) -> Map[id] on \p Db while it lives: NULL for
// NULL and for an id the map does not have (the insert then fails on a
// NOT NULL column, or keeps a string column empty).
class MapFunction {
public:
  MapFunction(sqlite3 *Db, const char *Name, const IdMap &Map)
      : Db(Db), Name(Name) {
    Ok = sqlite3_create_function_v2(Db, Name, 1,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC |
                                        SQLITE_DIRECTONLY,
                                    const_cast<IdMap *>(&Map), &call, nullptr,
                                    nullptr, nullptr) == SQLITE_OK;
  }
  ~MapFunction() {
    sqlite3_create_function_v2(Db, Name, 1, SQLITE_UTF8, nullptr, nullptr,
                               nullptr, nullptr, nullptr);
  }
  explicit operator bool() const { return Ok; }

private:
  static void call(sqlite3_context *Ctx, int, sqlite3_value **Args) {
    const auto &Map = *static_cast<const IdMap *>(sqlite3_user_data(Ctx));
    if (sqlite3_value_type(Args[0]) != SQLITE_INTEGER)
      return sqlite3_result_null(Ctx);
    int64_t Old = sqlite3_value_int64(Args[0]);
    if (Old < 0 || static_cast<uint64_t>(Old) >= Map.size() || Map[Old] < 0)
      return sqlite3_result_null(Ctx);
    sqlite3_result_int64(Ctx, Map[Old]);
  }
  sqlite3 *Db;
  const char *Name;
  bool Ok;
};

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
    auto Rows = [&](const Table &T, const auto &Facts, auto Put) -> Error {
      Stmt Insert(S.Db, insertSql(T));
      if (!Insert)
        return storeError(S.Path, S.Db, "cannot write the facts store");
      for (const auto &F : Facts) {
        Insert.bind(1, Unit);
        RowOut R{Insert, Intern};
        Put(R, F);
        if (Failed || Insert.step() != SQLITE_DONE)
          return storeError(S.Path, S.Db, "cannot write the facts store");
        Insert.reset();
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
    return Rows(Uses, Facts.Reliant, Use(true));
  }

private:
  FactStore &S;
  Stmt Find, Add;
  DenseMap<const void *, int64_t> Ids;
};

// A FactStore is used by one thread at a time: without SQLite's own mutex
// around every call (its default, serialized mode), reading a column does
// not lock, which was a tenth of reading a store.
constexpr int NoMutex = SQLITE_OPEN_NOMUTEX;

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
  // Into an empty store (the first input of a merge) the other store's
  // rows are copied as they are, ids and all.
  Stmt Count(Db, "SELECT (SELECT count(*) FROM main.units) + (SELECT "
                 "count(*) FROM main.strings)");
  if (!Count || Count.step() != SQLITE_ROW)
    return Detach(storeError(Path, Db, "cannot read the facts store"));
  bool Empty = Count.integer(0) == 0;
  Count.reset();
  if (Empty) {
    if (Error E = exec(Db, Path, copySql())) {
      consumeError(exec(Db, Path, "ROLLBACK"));
      return Detach(std::move(E));
    }
    return exec(Db, Path, "DETACH DATABASE other");
  }
  // Otherwise strings and units are renumbered: the other store's strings
  // and units are added, and its rows copied with their ids mapped by two
  // SQL functions that index arrays (a join per string column made the
  // copy three times slower). A unit already here is replaced by the other
  // store's.
  auto Fail = [&](Error E) {
    consumeError(exec(Db, Path, "ROLLBACK"));
    consumeError(exec(Db, Path, "DROP TABLE IF EXISTS temp.gone"));
    return Detach(std::move(E));
  };
  std::string Sql =
      "BEGIN IMMEDIATE;\n"
      "INSERT OR IGNORE INTO main.strings(text) SELECT text FROM "
      "other.strings;\n"
      "CREATE TEMP TABLE gone AS SELECT m.id FROM main.units m JOIN "
      "other.units o ON o.name = m.name;\n";
  for (const Table &T : tables())
    Sql += std::string("DELETE FROM main.") + T.Name +
           " WHERE unit IN (SELECT id FROM gone);\n";
  Sql += "DELETE FROM main.units WHERE id IN (SELECT id FROM gone);\n"
         "DROP TABLE gone;\n"
         "INSERT INTO main.units(name) SELECT name FROM other.units;";
  if (Error E = exec(Db, Path, Sql))
    return Fail(std::move(E));
  IdMap Strings, Units;
  if (Error E = readIdMap(Db, Path,
                          "SELECT o.id, m.id FROM other.strings o JOIN "
                          "main.strings m ON m.text = o.text",
                          Strings))
    return Fail(std::move(E));
  if (Error E = readIdMap(Db, Path,
                          "SELECT o.id, m.id FROM other.units o JOIN "
                          "main.units m ON m.name = o.name",
                          Units))
    return Fail(std::move(E));
  MapFunction SMap(Db, "strata_smap", Strings), UMap(Db, "strata_umap", Units);
  if (!SMap || !UMap)
    return Fail(storeError(Path, Db, "cannot write the facts store"));
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

Error FactStore::loadStrings() {
  // Ids only grow: what was read once stays right. Id 0 is no string's: it
  // is what a NULL (empty) column reads as.
  if (Strings.empty())
    Strings.resize(1);
  Stmt New(Db, "SELECT id, text FROM strings WHERE id >= ?");
  if (!New)
    return storeError(Path, Db, "cannot read the facts store");
  New.bind(1, static_cast<int64_t>(Strings.size()));
  int Rc;
  while ((Rc = New.step()) == SQLITE_ROW) {
    int64_t Id = New.integer(0);
    if (Id <= 0 || Id > (int64_t(1) << 32))
      return fileError(Path, "the facts store is corrupt (a string id of " +
                                 Twine(Id) + ")");
    if (static_cast<size_t>(Id) >= Strings.size())
      Strings.resize(Id + 1);
    Strings[Id] = Str(New.text(1));
  }
  if (Rc != SQLITE_DONE)
    return storeError(Path, Db, "cannot read the facts store");
  return Error::success();
}

// A bound on the rows of table \p Name from the ends of its rowid tree,
// which SQLite finds without a scan. The whole store's rows are read into
// vectors of that capacity: grown by doubling instead, a vector of 10
// million uses is moved at the last doubling, and the old and new copies
// together were a third of the load's peak memory. Capacity beyond the
// rows is never touched, so it costs address space, not memory.
size_t FactStore::rowsAtMost(StringRef Name) {
  Stmt Span(Db, "SELECT max(rowid) - min(rowid) + 1 FROM " + Name.str());
  if (!Span || Span.step() != SQLITE_ROW)
    return 0; // the read that follows reports the error
  int64_t N = Span.integer(0);
  return N > 0 && N < (int64_t(1) << 32) ? static_cast<size_t>(N) : 0;
}

Error FactStore::readRows(FactSet &Facts, std::optional<int64_t> Unit) {
  if (Error E = loadStrings())
    return E;
  bool Bad = false;
  auto Rows = [&](const Table &T, auto &Into, auto Get) -> Error {
    Stmt Select(Db, selectSql(T) + (Unit ? " WHERE unit = ?" : ""));
    if (!Select)
      return storeError(Path, Db, "cannot read the facts store");
    if (Unit)
      Select.bind(1, *Unit);
    else
      Into.reserve(Into.size() + rowsAtMost(T.Name));
    int Rc;
    while ((Rc = Select.step()) == SQLITE_ROW) {
      RowIn R{Select, Strings, Bad};
      Get(R, Into);
    }
    if (Rc != SQLITE_DONE)
      return storeError(Path, Db, "cannot read the facts store");
    return Error::success();
  };
  auto Plain = [](RowIn &R, auto &Into) {
    Into.emplace_back();
    fields(R, Into.back());
  };
  if (Error E = plainTables(
          Facts, [&](const Table &T, auto &V) { return Rows(T, V, Plain); }))
    return E;
  if (Error E =
          Rows(tables()[4], Facts.Uses, [&](RowIn &R, std::vector<UseFact> &) {
            UseFact U;
            bool Reliant = false;
            R.num(Reliant);
            fields(R, U);
            (Reliant ? Facts.Reliant : Facts.Uses).push_back(std::move(U));
          }))
    return E;
  if (Bad)
    return fileError(Path, "the facts store is corrupt (a row refers to a "
                           "string or kind that does not exist)");
  Facts.normalize();
  return Error::success();
}

Expected<FactSet> FactStore::readAll() {
  FactSet Facts;
  Facts.Root = Root;
  if (Error E = readRows(Facts, std::nullopt))
    return E;
  return Facts;
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

Expected<std::optional<FactSet>> FactStore::readUnit(StringRef Unit) {
  Expected<std::optional<int64_t>> Id = unitId(Unit);
  if (!Id)
    return Id.takeError();
  if (!*Id)
    return std::nullopt;
  FactSet Facts;
  Facts.Root = Root;
  if (Error E = readRows(Facts, **Id))
    return E;
  return std::optional<FactSet>(std::move(Facts));
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
    if (Error E = exec((*S)->Db, Path, indexSql()))
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
