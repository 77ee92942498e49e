//===- Rows.cpp - The store's tables and statements -----------------------===//
#include "Rows.h"

#include "strata/support/Output.h"

using namespace llvm;
using namespace strata::facts;

namespace strata::store::detail {

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

std::string schemaSql() {
  std::string S = "PRAGMA application_id = " + std::to_string(ApplicationId) +
                  ";\nPRAGMA user_version = " + std::to_string(SchemaVersion) +
                  ";\n"
                  "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT "
                  "NULL) WITHOUT ROWID;\n"
                  "CREATE TABLE strings(id INTEGER PRIMARY KEY, text TEXT NOT "
                  "NULL UNIQUE);\n"
                  "CREATE TABLE units(id INTEGER PRIMARY KEY, name TEXT NOT "
                  "NULL UNIQUE, pack BLOB);\n"
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

// The indexes strata reads by, apart from the tables: every table by unit
// (a unit's rows are replaced, read and merged by it). A new store is filled
// first and indexed once, which is several times faster than keeping every
// index up to date row by row.
std::string indexSql() {
  std::string S;
  for (const Table &T : tables())
    S += "CREATE INDEX IF NOT EXISTS " + std::string(T.Name) + "_unit ON " +
         T.Name + "(unit);\n";
  return S;
}

// Indexes for queries by hand only: strata looks nothing up by them, and on
// `uses` they cost more than copying the rows (three sorts of every use:
// 2.9 s of a 5.5 s merge of 2.6 million uses), so a store has them only
// when asked (FactStore::addLookupIndexes).
std::string lookupIndexSql() {
  return "CREATE INDEX IF NOT EXISTS uses_file ON uses(file);\n"
         "CREATE INDEX IF NOT EXISTS uses_target_file ON uses(target_file);\n"
         "CREATE INDEX IF NOT EXISTS uses_target ON uses(target);\n"
         "CREATE INDEX IF NOT EXISTS includes_file ON includes(file);\n"
         "CREATE INDEX IF NOT EXISTS includes_target ON includes(target);\n"
         "CREATE INDEX IF NOT EXISTS entities_name ON entities(name);\n";
}

// SQLite's messages may quote a damaged file's bytes (the name of an
// object of a malformed schema): they are made one line.
Error storeError(StringRef Path, sqlite3 *Db, const Twine &What) {
  return fileError(Path, What + ": " +
                             oneLine(Db ? sqlite3_errmsg(Db) : "no memory"));
}

Error exec(sqlite3 *Db, StringRef Path, const std::string &Sql) {
  char *Message = nullptr;
  if (sqlite3_exec(Db, Sql.c_str(), nullptr, nullptr, &Message) == SQLITE_OK)
    return Error::success();
  std::string M = oneLine(Message ? Message : "unknown error");
  sqlite3_free(Message);
  return fileError(Path, "facts store: " + M);
}

std::string insertSql(const Table &T, size_t Rows) {
  std::string Row = "(?";
  for (size_t I = 0; I < T.Columns.size(); ++I)
    Row += ", ?";
  Row += ")";
  std::string S = std::string("INSERT INTO ") + T.Name + " VALUES" + Row;
  for (size_t I = 1; I < Rows; ++I)
    S += ", " + Row;
  return S;
}
std::string selectSql(const Table &T) {
  std::string S = "SELECT ";
  for (size_t I = 0; I < T.Columns.size(); ++I)
    S += (I ? ", " : "") + columnName(T.Columns[I]).str();
  return S + " FROM " + T.Name;
}

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

} // namespace strata::store::detail
