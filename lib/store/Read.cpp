//===- Read.cpp - Reading a store back ------------------------------------===//
#include "Pack.h"
#include "Rows.h"

#include "strata/support/Output.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/Threading.h"
#include <algorithm>
#include <thread>

using namespace llvm;
using namespace strata::facts;

namespace strata::store {
using namespace detail;

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

namespace {

// The ends of table \p Name's rowid tree, which SQLite finds without a
// scan. Span is the rows between them, a bound on the table's rows; 0 when
// the rowids are further apart than the file could hold rows (a row takes
// more than 8 bytes): a damaged or hand-made store, whose span sizes
// nothing. std::nullopt for an empty table.
struct Rowids {
  int64_t Lo, Hi;
  uint64_t Span;
};
Expected<std::optional<Rowids>> rowids(sqlite3 *Db, StringRef Path,
                                       StringRef Name) {
  Stmt Ends(Db, "SELECT min(rowid), max(rowid) FROM " + Name.str());
  Stmt Pages(Db, "PRAGMA page_count"), Size(Db, "PRAGMA page_size");
  if (!Ends || Ends.step() != SQLITE_ROW || !Pages ||
      Pages.step() != SQLITE_ROW || !Size || Size.step() != SQLITE_ROW)
    return storeError(Path, Db, "cannot read the facts store");
  if (sqlite3_column_type(Ends.get(), 0) == SQLITE_NULL)
    return std::nullopt;
  uint64_t OnDisk = uint64_t(Pages.integer(0)) * uint64_t(Size.integer(0)) / 8;
  Rowids R{Ends.integer(0), Ends.integer(1), 0};
  uint64_t Width = uint64_t(R.Hi) - uint64_t(R.Lo);
  if (Width < OnDisk)
    R.Span = Width + 1;
  return std::optional<Rowids>(R);
}

} // namespace

// The whole store's rows are read into vectors of their span's capacity:
// grown by doubling instead, a vector of 10 million uses is moved at the
// last doubling, and the old and new copies together were a third of the
// load's peak memory. Capacity beyond the rows is never touched, so it
// costs address space, not memory.
size_t FactStore::rowsAtMost(StringRef Name) {
  Expected<std::optional<Rowids>> R = rowids(Db, Path, Name);
  if (!R) {
    consumeError(R.takeError()); // the read that follows reports it
    return 0;
  }
  return *R ? static_cast<size_t>((*R)->Span) : 0;
}

namespace {

// Reads the uses whose rowid is in [Lo, Hi] through \p Db: a use into
// Out[0], Out[1], ... (there is a slot for every row of the range) and a
// reliant use into \p Reliant. Returns how many uses went to Out.
Expected<size_t> readUses(sqlite3 *Db, StringRef Path, int64_t Lo, int64_t Hi,
                          const std::vector<Str> &Strings, UseFact *Out,
                          std::vector<UseFact> &Reliant, bool &Bad) {
  Stmt Select(Db, selectSql(tables()[4]) + " WHERE rowid BETWEEN ? AND ?");
  if (!Select)
    return storeError(Path, Db, "cannot read the facts store");
  Select.bind(1, Lo);
  Select.bind(2, Hi);
  size_t N = 0;
  int Rc;
  while ((Rc = Select.step()) == SQLITE_ROW) {
    RowIn R{Select, Strings, Bad};
    bool IsReliant = false;
    R.num(IsReliant);
    if (IsReliant) {
      Reliant.emplace_back();
      fields(R, Reliant.back());
    } else {
      fields(R, Out[N++]);
    }
  }
  if (Rc != SQLITE_DONE)
    return storeError(Path, Db, "cannot read the facts store");
  return N;
}

// Rows a thread of the parallel read takes at the least.
constexpr int64_t RowsPerThread = 1 << 18;

} // namespace

// How many threads read a store of \p Rows rows: one a core, for every
// RowsPerThread rows at the least; one for a store in write-ahead-log mode
// (the cache), whose writers a read transaction does not hold off.
unsigned FactStore::readThreads(uint64_t Rows) {
  Stmt Mode(Db, "PRAGMA journal_mode");
  if (Mode && Mode.step() == SQLITE_ROW && Mode.text(0) == "wal")
    return 1;
  if (ReadThreads)
    return static_cast<unsigned>(std::clamp<uint64_t>(Rows, 1, ReadThreads));
  return static_cast<unsigned>(std::clamp<uint64_t>(
      Rows / RowsPerThread, 1, hardware_concurrency().compute_thread_count()));
}

// Runs \p Part(I, connection) for each I below \p N: part 0 on this thread
// and this connection, the others on threads and connections of their
// own. The connections see one state of the file: the caller's read
// transaction holds off writers. A part its connection could not run (a
// writer waiting to commit keeps new readers out) runs again on this one,
// which may; a part must be one that can run again.
Error FactStore::readInParts(size_t N,
                             function_ref<Error(size_t, sqlite3 *)> Part) {
  std::vector<char> Failed(N, false);
  std::vector<std::thread> Workers;
  for (size_t I = 1; I < N; ++I)
    Workers.emplace_back([&, I] {
      sqlite3 *Conn = nullptr;
      if (sqlite3_open_v2(Path.c_str(), &Conn, SQLITE_OPEN_READONLY | NoMutex,
                          nullptr) != SQLITE_OK)
        Failed[I] = true;
      else if (Error E = Part(I, Conn))
        Failed[I] = (consumeError(std::move(E)), true);
      sqlite3_close(Conn);
    });
  Error MainError = N ? Part(0, Db) : Error::success();
  for (std::thread &W : Workers)
    W.join();
  if (MainError)
    return MainError;
  for (size_t I = 1; I < N; ++I)
    if (Failed[I])
      if (Error E = Part(I, Db))
        return E;
  return Error::success();
}

// Every use of the store, its rowid range cut into one range per thread,
// each read on a connection of its own into its part of Facts.Uses. SQLite
// stepping through rows and handing out columns is most of a load; on
// more cores it is that much faster.
Error FactStore::readAllUses(FactSet &Facts, bool &Bad, bool Parallel) {
  Expected<std::optional<Rowids>> Ends = rowids(Db, Path, "uses");
  if (!Ends)
    return Ends.takeError();
  if (!*Ends)
    return Error::success(); // no uses
  int64_t Lo = (*Ends)->Lo, Hi = (*Ends)->Hi;
  // A slot for every rowid of the range; rowids too far apart for that
  // are read on one connection, with a slot for every row.
  bool Dense = (*Ends)->Span > 0;
  int64_t Span = static_cast<int64_t>((*Ends)->Span);
  int64_t Slots = Span;
  if (!Dense) {
    Stmt Count(Db, "SELECT count(*) FROM uses");
    if (!Count || Count.step() != SQLITE_ROW)
      return storeError(Path, Db, "cannot read the facts store");
    Slots = Count.integer(0);
  }
  int64_t Threads = Parallel && Dense ? readThreads(Span) : 1;
  size_t Base = Facts.Uses.size();
  Facts.Uses.resize(Base + Slots);
  struct Range {
    int64_t Lo = 0, Hi = 0;
    size_t Read = 0;
    std::vector<UseFact> Reliant;
    bool Bad = false;
  };
  std::vector<Range> Ranges;
  for (int64_t I = 0; I < Threads; ++I) {
    Ranges.emplace_back();
    Ranges.back().Lo = Threads == 1 ? Lo : Lo + Span * I / Threads;
    Ranges.back().Hi = Threads == 1 ? Hi : Lo + Span * (I + 1) / Threads - 1;
  }
  auto SlotsOf = [&](const Range &R) {
    return &Facts.Uses[Base + (R.Lo - Lo)];
  };
  if (Error E =
          readInParts(Ranges.size(), [&](size_t I, sqlite3 *Conn) -> Error {
            Range &R = Ranges[I];
            R.Reliant.clear();
            R.Bad = false;
            Expected<size_t> N = readUses(Conn, Path, R.Lo, R.Hi, Strings,
                                          SlotsOf(R), R.Reliant, R.Bad);
            if (!N)
              return N.takeError();
            R.Read = *N;
            return Error::success();
          }))
    return E;
  size_t Out = Base;
  for (Range &R : Ranges) {
    UseFact *From = SlotsOf(R);
    for (size_t I = 0; I < R.Read; ++I)
      Facts.Uses[Out++] = std::move(From[I]);
    llvm::append_range(Facts.Reliant, R.Reliant);
    Bad |= R.Bad;
  }
  Facts.Uses.resize(Out);
  return Error::success();
}

// The packs of every unit, or of unit \p Unit, unpacked into Facts (each
// table grown once, each unit written into its own slots); false when a
// unit has no pack, and the rows are to be read instead. Units are laid
// out in the order of their first use's file: units of different files
// then follow each other in order, and normalize has little left to merge.
Expected<bool> FactStore::readPacks(FactSet &Facts, std::optional<int64_t> Unit,
                                    bool &Bad, bool Parallel) {
  struct Packed {
    int64_t Id;
    uint64_t Size;
    PackHeader H;
    size_t At[PackTables];
  };
  std::vector<Packed> Units;
  {
    Stmt List(Db, std::string("SELECT id, length(pack) FROM units") +
                      (Unit ? " WHERE id = ?" : ""));
    if (!List)
      return storeError(Path, Db, "cannot read the facts store");
    if (Unit)
      List.bind(1, *Unit);
    int Rc;
    while ((Rc = List.step()) == SQLITE_ROW) {
      if (sqlite3_column_type(List.get(), 1) == SQLITE_NULL)
        return false;
      Units.push_back({List.integer(0), uint64_t(List.integer(1)), {}, {}});
    }
    if (Rc != SQLITE_DONE)
      return storeError(Path, Db, "cannot read the facts store");
  }
  // Headers first, from each pack's first bytes (SQLite's blob I/O reads
  // no more of it).
  for (Packed &P : Units) {
    sqlite3_blob *Blob = nullptr;
    char Head[96];
    int N = static_cast<int>(std::min<uint64_t>(sizeof(Head), P.Size));
    bool Ok = sqlite3_blob_open(Db, "main", "units", "pack", P.Id, 0, &Blob) ==
                  SQLITE_OK &&
              sqlite3_blob_read(Blob, Head, N, 0) == SQLITE_OK;
    sqlite3_blob_close(Blob);
    if (!Ok)
      return storeError(Path, Db, "cannot read the facts store");
    if (!readPackHeader(StringRef(Head, N), P.Size, P.H) ||
        P.H.Lead >= Strings.size()) {
      Bad = true;
      return true;
    }
  }
  llvm::stable_sort(Units, [&](const Packed &A, const Packed &B) {
    return Strings[A.H.Lead] < Strings[B.H.Lead];
  });
  size_t Table = 0;
  uint64_t Records = 0;
  eachTable(Facts, [&](auto &Into) {
    size_t At = Into.size();
    for (Packed &P : Units) {
      P.At[Table] = At;
      At += P.H.Counts[Table];
      Records += P.H.Counts[Table];
    }
    Into.resize(At);
    ++Table;
  });
  // Contiguous runs of units, about as many records each, one a thread.
  size_t Threads = Parallel ? readThreads(Records) : 1;
  std::vector<size_t> Starts{0};
  uint64_t Seen = 0;
  for (size_t I = 0; I < Units.size(); ++I) {
    if (Starts.size() < Threads && Seen * Threads >= Records * Starts.size() &&
        I > Starts.back())
      Starts.push_back(I);
    for (uint64_t Count : Units[I].H.Counts)
      Seen += Count;
  }
  Starts.push_back(Units.size());
  std::vector<char> PartBad(Starts.size() - 1, false);
  if (Error E =
          readInParts(PartBad.size(), [&](size_t Part, sqlite3 *Conn) -> Error {
            Stmt Get(Conn, "SELECT pack FROM units WHERE id = ?");
            if (!Get)
              return storeError(Path, Conn, "cannot read the facts store");
            PartBad[Part] = false;
            for (size_t I = Starts[Part]; I < Starts[Part + 1]; ++I) {
              const Packed &P = Units[I];
              Get.bind(1, P.Id);
              if (Get.step() != SQLITE_ROW)
                return storeError(Path, Conn, "cannot read the facts store");
              if (!unpack(Get.blob(0), P.H, Strings, Facts, P.At))
                PartBad[Part] = true;
              Get.reset();
            }
            return Error::success();
          }))
    return E;
  Bad |= llvm::is_contained(PartBad, true);
  return true;
}

Error FactStore::readRows(FactSet &Facts, std::optional<int64_t> Unit) {
  // One read transaction: every table is read from one state of the file.
  bool Own = sqlite3_get_autocommit(Db);
  if (Own)
    if (Error E = exec(Db, Path, "BEGIN"))
      return E;
  auto End = make_scope_exit([&] {
    if (Own)
      consumeError(exec(Db, Path, "COMMIT"));
  });
  if (Error E = loadStrings())
    return E;
  bool Bad = false;
  Expected<bool> Packed =
      readPacks(Facts, Unit, Bad, /*Parallel=*/Own && !Unit);
  if (!Packed)
    return Packed.takeError();
  // A unit without a pack (a store edited by hand) has its rows read.
  auto ReadRows = [&]() -> Error {
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
    if (!Unit)
      return readAllUses(Facts, Bad, /*Parallel=*/Own);
    return Rows(tables()[4], Facts.Uses, [&](RowIn &R, std::vector<UseFact> &) {
      UseFact U;
      bool Reliant = false;
      R.num(Reliant);
      fields(R, U);
      (Reliant ? Facts.Reliant : Facts.Uses).push_back(std::move(U));
    });
  };
  if (!*Packed)
    if (Error E = ReadRows())
      return E;
  if (Bad)
    return fileError(Path, *Packed ? "the facts store is corrupt (a unit's "
                                     "packed facts cannot be read)"
                                   : "the facts store is corrupt (a row "
                                     "refers to a string or kind that does "
                                     "not exist)");
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

} // namespace strata::store
