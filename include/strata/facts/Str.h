//===- strata/facts/Str.h - Interned strings of facts -----------*- C++ -*-===//
//
// Facts repeat a few strings millions of times: a header's path in every use
// it makes, a class's name in every use of it. A Str is one pointer into a
// process-wide pool that holds each distinct string once, so a use costs
// its numbers and nine pointers, not nine strings of its own, and two Strs
// are equal exactly when their pointers are. The pool is never freed; it
// grows only with strings no earlier fact had (a long-running language
// server adds the names an edit introduces). Interning is thread-safe.
//
// Order is the strings' (byte-wise, like std::string), so sorted facts come
// out in the same order whatever the pool's addresses.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_FACTS_STR_H
#define STRATA_FACTS_STR_H

#include "llvm/ADT/StringRef.h"
#include <compare>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iosfwd>
#include <string>

namespace llvm {
class raw_ostream;
}

namespace strata::facts {

class Str {
public:
  Str() : Data(empty_rep()) {}
  Str(llvm::StringRef S) : Data(intern(S)) {}
  Str(const std::string &S) : Data(intern(S)) {}
  Str(const char *S) : Data(intern(S)) {}

  llvm::StringRef ref() const { return {Data, size()}; }
  operator llvm::StringRef() const { return ref(); }
  std::string str() const { return std::string(Data, size()); }
  const char *data() const { return Data; }
  /// NUL-terminated, like std::string's.
  const char *c_str() const { return Data; }
  size_t size() const {
    uint32_t N;
    std::memcpy(&N, Data - sizeof(N), sizeof(N));
    return N;
  }
  bool empty() const { return Data == empty_rep(); }
  bool starts_with(llvm::StringRef P) const { return ref().starts_with(P); }
  bool ends_with(llvm::StringRef P) const { return ref().ends_with(P); }
  size_t find(llvm::StringRef P, size_t From = 0) const {
    return ref().find(P, From);
  }
  size_t rfind(llvm::StringRef P, size_t From = llvm::StringRef::npos) const {
    return ref()
        .substr(0, From == llvm::StringRef::npos ? From : From + P.size())
        .rfind(P);
  }
  void clear() { Data = empty_rep(); }

  friend bool operator==(Str A, Str B) { return A.Data == B.Data; }
  friend std::strong_ordering operator<=>(Str A, Str B) {
    if (A.Data == B.Data)
      return std::strong_ordering::equal;
    return A.ref().compare(B.ref()) <=> 0;
  }
  // Exact matches for anything that reads as a string, so that comparing
  // with a literal neither interns it nor is ambiguous.
  template <typename T>
  requires(!std::same_as<std::remove_cvref_t<T>, Str> &&
           std::convertible_to<const T &, llvm::StringRef>) friend bool
  operator==(Str A, const T &B) {
    return A.ref() == llvm::StringRef(B);
  }
  template <typename T>
  requires(!std::same_as<std::remove_cvref_t<T>, Str> &&
           std::convertible_to<const T &,
                               llvm::StringRef>) friend std::strong_ordering
  operator<=>(Str A, const T &B) {
    return A.ref().compare(llvm::StringRef(B)) <=> 0;
  }

  /// Identity of the interned string, for hashing.
  const void *id() const { return Data; }

private:
  static const char *intern(llvm::StringRef S);
  static const char *empty_rep();

  const char *Data; ///< the pooled bytes; their length is stored before them
};

std::string operator+(const std::string &A, Str B);
std::string operator+(Str A, const std::string &B);
std::string operator+(const char *A, Str B);
std::string operator+(Str A, const char *B);
llvm::raw_ostream &operator<<(llvm::raw_ostream &OS, Str S);
std::ostream &operator<<(std::ostream &OS, Str S);

/// nlohmann::json writes and reads a Str as its string (found by ADL).
template <typename Json> void to_json(Json &J, Str S) { J = S.str(); }
template <typename Json> void from_json(const Json &J, Str &S) {
  S = Str(J.template get_ref<const typename Json::string_t &>());
}

} // namespace strata::facts

template <> struct std::hash<strata::facts::Str> {
  size_t operator()(strata::facts::Str S) const {
    return std::hash<const void *>()(S.id());
  }
};

#endif
