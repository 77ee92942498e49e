//===- Pack.h - A unit's facts in one blob ----------------------*- C++ -*-===//
//
// Reading a whole store row by row is SQLite handing out 19 columns a use:
// about 2.5 million rows a second on one core, more than half of a load.
// So each unit also keeps its facts packed in one blob (`units.pack`),
// which strata reads instead; the rows stay for SQL. A pack is numbers in
// ULEB128: a version, the six tables' counts, the id of the first use's
// file (to read units in order, so that they need little merging), then
// each table's facts, column by column as in the rows (fields() in Rows.h),
// strings by their `strings.id`. Private to the store library.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LIB_STORE_PACK_H
#define STRATA_LIB_STORE_PACK_H

#include "Rows.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace strata::store::detail {

/// The tables of a pack, in its order.
constexpr size_t PackTables = 6;

/// What a pack says before its facts.
struct PackHeader {
  uint64_t Counts[PackTables] = {}; ///< TUs, files, includes, entities,
                                    ///< uses, reliant uses
  uint64_t Lead = 0; ///< string id of the first use's file; 0: no use
  size_t Size = 0;   ///< bytes of the header
};

/// Calls \p Each on each table of \p Facts, in the pack's order.
template <typename Set, typename Fn> void eachTable(Set &Facts, Fn Each) {
  Each(Facts.TUs);
  Each(Facts.Files);
  Each(Facts.Includes);
  Each(Facts.Entities);
  Each(Facts.Uses);
  Each(Facts.Reliant);
}

/// Packs \p Facts, naming each string by \p Intern's id; false when an
/// intern fails.
bool pack(const FactSet &Facts,
          llvm::function_ref<std::optional<int64_t>(Str)> Intern,
          std::string &Out);

/// The header of \p Blob (its first bytes may do); false when it is not
/// one, or its counts could not fit in \p BlobSize bytes.
bool readPackHeader(StringRef Blob, size_t BlobSize, PackHeader &H);

/// Unpacks \p Blob, whose header is \p H, into \p Into's tables, each from
/// its place \p At[table] on (the tables already have room for the
/// header's counts; units unpacked at once write places of their own);
/// strings from \p Strings, by id. False when it is corrupt (a fact it
/// cannot read, a string or kind that does not exist, bytes left over).
bool unpack(StringRef Blob, const PackHeader &H,
            const std::vector<Str> &Strings, FactSet &Into,
            const size_t (&At)[PackTables]);

/// \p Blob with every string id renumbered by \p Map (old id -> new id, -1
/// where none), into \p Out; false when it is corrupt or names an id the
/// map does not have.
bool repack(StringRef Blob, const std::vector<int64_t> &Map, std::string &Out);

} // namespace strata::store::detail

#endif
