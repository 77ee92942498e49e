//===- Pack.cpp - A unit's facts in one blob ------------------------------===//
#include "Pack.h"

#include "llvm/Support/LEB128.h"

using namespace llvm;
using namespace strata::facts;

namespace strata::store::detail {
namespace {

constexpr uint64_t PackVersion = 1;

// Numbers out of a blob; past its end, or on a number that is not one,
// Bad is set and every read gives 0.
struct Reader {
  const uint8_t *P, *End;
  bool &Bad;
  uint64_t next() {
    if (Bad)
      return 0;
    const char *Error = nullptr;
    uint64_t V = decodeULEB128AndInc(P, End, &Error);
    Bad |= Error != nullptr;
    return Bad ? 0 : V;
  }
};

// Appends \p V to \p Out as ULEB128 (a byte at a time through a stream
// was a third of renumbering a pack).
void put(std::string &Out, uint64_t V) {
  uint8_t Bytes[16];
  unsigned N = encodeULEB128(V, Bytes);
  Out.append(reinterpret_cast<const char *>(Bytes), N);
}

Reader readerOf(StringRef Blob, bool &Bad) {
  const auto *P = reinterpret_cast<const uint8_t *>(Blob.data());
  return {P, P + Blob.size(), Bad};
}

// fields() of a fact, written (PackOut), read (PackIn), or read and
// written again with its string ids renumbered (PackMap).
struct PackOut {
  std::string &Out;
  function_ref<std::optional<int64_t>(Str)> Intern;
  bool &Failed;
  template <typename T> void num(const T &V) {
    put(Out, static_cast<uint64_t>(V));
  }
  void str(Str V) {
    std::optional<int64_t> Id = V.empty() ? 0 : Intern(V);
    Failed |= !Id;
    put(Out, Id ? static_cast<uint64_t>(*Id) : 0);
  }
};
struct PackIn {
  Reader &R;
  const std::vector<Str> &Strings;
  template <typename T> void num(T &V) {
    fromInteger(static_cast<int64_t>(R.next()), V, R.Bad);
  }
  void str(Str &V) {
    V = stringOf(static_cast<int64_t>(R.next()), Strings, R.Bad);
  }
};
// String id \p Id renumbered by \p Map; -1 for one it does not have.
int64_t mapped(uint64_t Id, const std::vector<int64_t> &Map) {
  return Id == 0 ? 0 : Id < Map.size() ? Map[Id] : -1;
}

struct PackMap {
  Reader &R;
  std::string &Out;
  const std::vector<int64_t> &Map;
  template <typename T> void num(const T &) { put(Out, R.next()); }
  void str(const Str &) {
    uint64_t Id = R.next();
    int64_t To = mapped(Id, Map);
    R.Bad |= To < 0;
    put(Out, To < 0 ? 0 : static_cast<uint64_t>(To));
  }
};

} // namespace

bool pack(const FactSet &Facts,
          function_ref<std::optional<int64_t>(Str)> Intern, std::string &Out) {
  Out.clear();
  bool Failed = false;
  put(Out, PackVersion);
  eachTable(Facts, [&](const auto &Table) { put(Out, Table.size()); });
  PackOut W{Out, Intern, Failed};
  W.str(Facts.Uses.empty() ? Str() : Facts.Uses.front().File);
  eachTable(Facts, [&](const auto &Table) {
    for (const auto &F : Table)
      fields(W, F);
  });
  return !Failed;
}

bool readPackHeader(StringRef Blob, size_t BlobSize, PackHeader &H) {
  bool Bad = false;
  Reader R = readerOf(Blob, Bad);
  if (R.next() != PackVersion)
    return false;
  // A fact takes a byte a column at the least (its table's columns, but
  // `reliant` for uses): counts beyond the blob's size are corruption,
  // found before anything is allocated for them.
  uint64_t Total = 0;
  for (size_t I = 0; I < PackTables; ++I) {
    H.Counts[I] = R.next();
    size_t Columns = tables()[std::min<size_t>(I, 4)].Columns.size() - (I >= 4);
    Total += std::min<uint64_t>(H.Counts[I], BlobSize) * Columns;
  }
  H.Lead = R.next();
  H.Size = R.P - reinterpret_cast<const uint8_t *>(Blob.data());
  return !Bad && Total <= BlobSize;
}

bool unpack(StringRef Blob, const PackHeader &H,
            const std::vector<Str> &Strings, FactSet &Into,
            const size_t (&At)[PackTables]) {
  if (H.Size > Blob.size())
    return false;
  bool Bad = false;
  Reader R = readerOf(Blob.drop_front(H.Size), Bad);
  PackIn In{R, Strings};
  size_t Table = 0;
  eachTable(Into, [&](auto &Facts) {
    auto *Slots = Facts.data() + At[Table];
    for (uint64_t I = 0; I < H.Counts[Table] && !Bad; ++I)
      fields(In, Slots[I]);
    ++Table;
  });
  return !Bad && R.P == R.End;
}

bool repack(StringRef Blob, const std::vector<int64_t> &Map, std::string &Out) {
  PackHeader H;
  if (!readPackHeader(Blob, Blob.size(), H))
    return false;
  Out.clear();
  Out.reserve(Blob.size() + Blob.size() / 8);
  bool Bad = false;
  Reader R = readerOf(Blob.drop_front(H.Size), Bad);
  PackMap M{R, Out, Map};
  // The header again, its lead renumbered like every string.
  put(Out, PackVersion);
  for (uint64_t Count : H.Counts)
    put(Out, Count);
  int64_t Lead = mapped(H.Lead, Map);
  put(Out, Lead < 0 ? 0 : static_cast<uint64_t>(Lead));
  size_t Table = 0;
  FactSet Shapes; // a fact of each table, for fields()
  eachTable(Shapes, [&](auto &Facts) {
    typename std::remove_reference_t<decltype(Facts)>::value_type F;
    for (uint64_t I = 0; I < H.Counts[Table] && !Bad; ++I)
      fields(M, F);
    ++Table;
  });
  return Lead >= 0 && !Bad && R.P == R.End;
}

} // namespace strata::store::detail
