//===- Rows.h - The store's tables, statements and rows ---------*- C++ -*-===//
//
// What the store's files share: the tables of facts (from which the schema,
// the inserts, the reads and the merge are all generated), prepared
// statements, and the columns of a fact as they are bound and read.
// Private to the store library.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LIB_STORE_ROWS_H
#define STRATA_LIB_STORE_ROWS_H

#include "strata/facts/Facts.h"
#include "strata/store/FactStore.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <optional>
#include <sqlite3.h>
#include <string>
#include <type_traits>
#include <vector>

namespace strata::store::detail {

using facts::EntityFact;
using facts::EntityKind;
using facts::FactSet;
using facts::FileFact;
using facts::IncludeFact;
using facts::Str;
using facts::TUFact;
using facts::TUStatus;
using facts::UseFact;
using facts::UseKind;
using llvm::Error;
using llvm::StringRef;
using llvm::Twine;

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
const std::vector<Table> &tables();
inline bool isString(StringRef Column) { return Column.ends_with("$"); }
inline StringRef columnName(StringRef Column) { return Column.rtrim('$'); }

// The kinds' names, for the lookup tables the views join.
constexpr size_t EntityKindCount = size_t(EntityKind::Macro) + 1;
constexpr size_t UseKindCount = size_t(UseKind::TypeUse) + 1;

// The statements that make a new store's tables and views, and its
// indexes (apart: a new store is filled first and indexed once).
std::string schemaSql();
std::string indexSql();
std::string lookupIndexSql();

// A prepared statement.
class Stmt {
public:
  Stmt(sqlite3 *Db, const std::string &Sql) {
    if (sqlite3_prepare_v2(Db, Sql.c_str(), -1, &S, nullptr) != SQLITE_OK)
      S = nullptr;
  }
  ~Stmt() { sqlite3_finalize(S); }
  sqlite3_stmt *get() const { return S; }
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
  /// reset() but for the parameters, every one of which is bound again.
  void rewind() { sqlite3_reset(S); }
  int64_t integer(int Col) { return sqlite3_column_int64(S, Col); }
  void bindBlob(int I, StringRef V) {
    sqlite3_bind_blob64(S, I, V.data(), V.size(), SQLITE_TRANSIENT);
  }
  /// A blob column; empty for NULL.
  StringRef blob(int Col) {
    const auto *P = static_cast<const char *>(sqlite3_column_blob(S, Col));
    return P ? StringRef(P, sqlite3_column_bytes(S, Col)) : StringRef();
  }
  StringRef text(int Col) {
    const auto *P = reinterpret_cast<const char *>(sqlite3_column_text(S, Col));
    return P ? StringRef(P, sqlite3_column_bytes(S, Col)) : StringRef();
  }

private:
  sqlite3_stmt *S = nullptr;
};

/// "<Path>: <What>: <SQLite's message>".
Error storeError(StringRef Path, sqlite3 *Db, const Twine &What);
/// Runs \p Sql (any number of statements) on \p Db.
Error exec(sqlite3 *Db, StringRef Path, const std::string &Sql);

// One column after another of a row being bound (RowOut) or read (RowIn);
// fields() lists each fact's columns once for both.
struct RowOut {
  Stmt &S;
  llvm::function_ref<std::optional<int64_t>(Str)> Intern;
  int Next; // the parameter of the first column after the unit
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
// A column's integer as field \p V's type; a kind out of range sets Bad.
template <typename T> void fromInteger(int64_t I, T &V, bool &Bad) {
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
// String id \p Id as a string of \p Strings; one it does not have sets Bad.
inline Str stringOf(int64_t Id, const std::vector<Str> &Strings, bool &Bad) {
  Bad |= Id < 0 || static_cast<uint64_t>(Id) >= Strings.size();
  return Bad ? Str() : Strings[Id];
}
struct RowIn {
  Stmt &S;
  const std::vector<Str> &Strings;
  bool &Bad;
  int Next = 0;
  template <typename T> void num(T &V) {
    fromInteger(S.integer(Next++), V, Bad);
  }
  // NULL reads as id 0, which is no string's (loadStrings): the empty one.
  void str(Str &V) { V = stringOf(S.integer(Next++), Strings, Bad); }
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

// `INSERT INTO T VALUES(?, ...), ...` for \p Rows rows, and `SELECT
// <columns but unit> FROM T`.
std::string insertSql(const Table &T, size_t Rows = 1);
std::string selectSql(const Table &T);

// The error of opening \p Path, or none when it is a store of this version.
Error checkStore(sqlite3 *Db, StringRef Path, StringRef Schema,
                 std::string *Root);

// A FactStore is used by one thread at a time: without SQLite's own mutex
// around every call (its default, serialized mode), reading a column does
// not lock, which was a tenth of reading a store.
constexpr int NoMutex = SQLITE_OPEN_NOMUTEX;

} // namespace strata::store::detail

#endif
