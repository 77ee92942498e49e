//===- Str.cpp - The pool behind interned fact strings --------------------===//
#include "strata/facts/Str.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <array>
#include <mutex>
#include <ostream>

using namespace llvm;

namespace strata::facts {
namespace {

// Extraction interns from every worker thread at once: the pool is split
// in shards by hash so that they rarely wait for each other.
struct Shard {
  std::mutex Mutex;
  DenseSet<StringRef> Strings; // each points at pooled bytes
  BumpPtrAllocator Memory;
};
constexpr size_t ShardCount = 64;

std::array<Shard, ShardCount> &shards() {
  // Never destroyed: facts in static storage may outlive any order of
  // destruction, and the memory goes back with the process.
  static auto *Pool = new std::array<Shard, ShardCount>();
  return *Pool;
}

// The empty string, with its length (0) before it like every pooled one.
alignas(uint32_t) constexpr char EmptyRep[sizeof(uint32_t) + 1] = {};

} // namespace

const char *Str::empty_rep() { return EmptyRep + sizeof(uint32_t); }

const char *Str::intern(StringRef S) {
  if (S.empty())
    return empty_rep();
  Shard &Sh = shards()[xxh3_64bits(S) % ShardCount];
  std::lock_guard<std::mutex> Lock(Sh.Mutex);
  auto It = Sh.Strings.find(S);
  if (It != Sh.Strings.end())
    return It->data();
  uint32_t N = static_cast<uint32_t>(S.size());
  char *Mem = static_cast<char *>(
      Sh.Memory.Allocate(sizeof(N) + S.size() + 1, alignof(uint32_t)));
  std::memcpy(Mem, &N, sizeof(N));
  char *Data = Mem + sizeof(N);
  std::memcpy(Data, S.data(), S.size());
  Data[S.size()] = '\0';
  Sh.Strings.insert(StringRef(Data, S.size()));
  return Data;
}

std::string operator+(const std::string &A, Str B) { return A + B.ref().str(); }
std::string operator+(Str A, const std::string &B) { return A.str() + B; }
std::string operator+(const char *A, Str B) { return A + B.str(); }
std::string operator+(Str A, const char *B) { return A.str() + B; }
raw_ostream &operator<<(raw_ostream &OS, Str S) { return OS << S.ref(); }
std::ostream &operator<<(std::ostream &OS, Str S) {
  return OS.write(S.data(), static_cast<std::streamsize>(S.size()));
}

} // namespace strata::facts
