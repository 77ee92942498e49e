//===- strata/store/FactStore.h - Facts in an SQLite database ---*- C++ -*-===//
//
// The facts store: the same facts as the JSON facts file (facts/Facts.h), in
// an SQLite database with one table per fact kind and every string interned.
// Facts are grouped in units, each the facts of one translation unit (or of
// one imported facts file); a unit's rows are replaced in one transaction,
// and merging stores is SQLite's own ATTACH and INSERT. Each unit's facts
// are packed in one blob besides (units.pack), which is what strata reads:
// the rows are for SQL. Reading the whole store back gives the normalized
// FactSet, so its JSON export is byte for byte the file extraction would
// have written. The schema, with queries, is in docs/facts-schema.md.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_STORE_FACTSTORE_H
#define STRATA_STORE_FACTSTORE_H

#include "strata/facts/Facts.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace strata::store {

/// The schema version this strata reads and writes (PRAGMA user_version).
/// 2: each unit's facts are also packed in `units.pack`.
constexpr int SchemaVersion = 2;

/// Whether the file at \p Path begins as an SQLite database does; false
/// when it cannot be read.
bool looksLikeStore(llvm::StringRef Path);

/// A store is used by one thread at a time (SQLite's multi-thread mode).
class FactStore {
public:
  /// Creates an empty store at \p Path for facts under \p Root. Fails if
  /// the file exists.
  static llvm::Expected<std::unique_ptr<FactStore>>
  create(llvm::StringRef Path, llvm::StringRef Root);
  /// Opens an existing store; fails with a one-line error naming \p Path on
  /// anything that is not a strata store of this schema version.
  static llvm::Expected<std::unique_ptr<FactStore>> open(llvm::StringRef Path,
                                                         bool Writable = false);

  ~FactStore();
  FactStore(const FactStore &) = delete;
  FactStore &operator=(const FactStore &) = delete;

  const std::string &path() const { return Path; }
  const std::string &root() const { return Root; }

  /// Opens the store at \p Path for facts under \p Root to share with other
  /// processes (SQLite's write-ahead log; a writer waits for another's
  /// transaction), creating it when there is none. A file that is not a
  /// strata store of this version, or is one of another root, is replaced
  /// by a new store, and \p Dropped says why.
  static llvm::Expected<std::unique_ptr<FactStore>>
  openShared(llvm::StringRef Path, llvm::StringRef Root, std::string &Dropped);

  /// Replaces the facts of unit \p Unit (a TU's main file, or any name)
  /// with \p Facts, and its note with \p Note if not empty, in one
  /// transaction. \p Facts.Root must be the store's.
  llvm::Error replaceUnit(llvm::StringRef Unit, const facts::FactSet &Facts,
                          llvm::StringRef Note = "");
  /// Removes unit \p Unit and its facts; nothing when there is none.
  llvm::Error removeUnit(llvm::StringRef Unit);
  /// The names of the units, sorted.
  llvm::Expected<std::vector<std::string>> units();

  /// Adds every unit of the store at \p Other, replacing units of the same
  /// name, in one transaction (ATTACH, INSERT ... SELECT).
  llvm::Error mergeFrom(llvm::StringRef Other);
  /// Adds every index, in one transaction; nothing for those it has: each
  /// table's by unit, and those that queries by hand look things up by
  /// (uses by file, target and target file; includes by file and target;
  /// entities by name). A store built in one go has none of them (build()):
  /// strata reads it whole, by its packs.
  llvm::Error addIndexes();

  /// Every fact of every unit, normalized: what facts::writeFactsJson
  /// exports. The uses are read on several connections at once, one a
  /// thread (by default one a core, for every 262,144 uses).
  llvm::Expected<facts::FactSet> readAll();
  /// How many threads readAll() reads the uses with; 0: the default.
  void setReadThreads(unsigned N) { ReadThreads = N; }
  /// The facts of unit \p Unit, normalized; std::nullopt when there is no
  /// such unit.
  llvm::Expected<std::optional<facts::FactSet>> readUnit(llvm::StringRef Unit);
  /// The note written with unit \p Unit; std::nullopt when there is none.
  llvm::Expected<std::optional<std::string>> note(llvm::StringRef Unit);

private:
  FactStore(sqlite3 *Db, std::string Path, std::string Root)
      : Db(Db), Path(std::move(Path)), Root(std::move(Root)) {}
  class Writer;
  // A new store; without its indexes unless Indexed (build adds them once
  // the store is filled).
  static llvm::Expected<std::unique_ptr<FactStore>>
  create(llvm::StringRef Path, llvm::StringRef Root, bool Indexed);
  // A new store at Path, filled by Fill in a temporary file and renamed
  // into place only when Fill succeeds (writeStore, mergeIntoStore).
  static llvm::Error build(llvm::StringRef Path, llvm::StringRef Root,
                           llvm::function_ref<llvm::Error(FactStore &)> Fill);
  friend llvm::Error mergeIntoStore(llvm::ArrayRef<std::string> Inputs,
                                    llvm::StringRef Output);
  friend llvm::Error
  writeStore(llvm::StringRef Path, llvm::StringRef Root,
             const std::vector<std::pair<std::string, facts::FactSet>> &Units);

  llvm::Expected<std::optional<int64_t>> unitId(llvm::StringRef Unit);
  // Reads the strings added since the last read into Strings.
  llvm::Error loadStrings();
  // At least the rows of table Name, at most a little more (when rows were
  // deleted); 0 when the store cannot tell.
  size_t rowsAtMost(llvm::StringRef Name);
  // How many threads read a store of Rows rows.
  unsigned readThreads(uint64_t Rows);
  // Runs Part(I, connection) for I < N, on connections of their own.
  llvm::Error
  readInParts(size_t N,
              llvm::function_ref<llvm::Error(size_t, sqlite3 *)> Part);
  // Reads every use, on several connections at once when Parallel.
  llvm::Error readAllUses(facts::FactSet &Facts, bool &Bad, bool Parallel);
  // Reads the packs of every unit (or of unit Unit); false when a unit has
  // none.
  llvm::Expected<bool> readPacks(facts::FactSet &Facts,
                                 std::optional<int64_t> Unit, bool &Bad,
                                 bool Parallel);
  // Reads every row, or unit Unit's, into Facts and normalizes them.
  llvm::Error readRows(facts::FactSet &Facts, std::optional<int64_t> Unit);

  sqlite3 *Db;
  std::string Path, Root;
  std::vector<facts::Str> Strings; // by id
  unsigned ReadThreads = 0;
};

/// Whether an output path asks for a store rather than JSON: a `.db` name.
bool wantsStore(llvm::StringRef Path);

/// Writes a new store at \p Output (atomically) with the facts of
/// \p Inputs: the units of each store (SQLite's ATTACH and INSERT, no
/// re-parse), and each JSON file as one unit named by its path. Later
/// inputs replace units of the same name.
llvm::Error mergeIntoStore(llvm::ArrayRef<std::string> Inputs,
                           llvm::StringRef Output);

/// Reads a facts file, JSON or store (told apart by content), normalized.
llvm::Expected<facts::FactSet> readFacts(llvm::StringRef Path);

/// Writes \p Units (name, facts) as a new store at \p Path atomically: a
/// temporary file renamed over \p Path once complete.
llvm::Error
writeStore(llvm::StringRef Path, llvm::StringRef Root,
           const std::vector<std::pair<std::string, facts::FactSet>> &Units);

} // namespace strata::store

#endif
