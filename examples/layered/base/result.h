// Result<T> holds either a T or an Error; Status is the value-less form.
#pragma once

#include "base/error.h"

#include <optional>
#include <utility>
#include <variant>

namespace pay {

template <typename T> class Result {
public:
  Result(T Value) : Storage(std::move(Value)) {}
  Result(Error Err) : Storage(std::move(Err)) {}

  bool ok() const { return std::holds_alternative<T>(Storage); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  const T &value() const { return std::get<T>(Storage); }
  T &value() { return std::get<T>(Storage); }
  T takeValue() { return std::move(std::get<T>(Storage)); }

  // REQUIRES: !ok().
  const Error &error() const { return std::get<Error>(Storage); }

  const T &valueOr(const T &Fallback) const {
    return ok() ? value() : Fallback;
  }

  // Applies Fn to the value, or passes the error through unchanged.
  template <typename Fn>
  auto map(Fn F) const -> Result<decltype(F(std::declval<const T &>()))> {
    if (!ok())
      return error();
    return F(value());
  }

private:
  std::variant<T, Error> Storage;
};

class Status {
public:
  Status() = default;
  Status(Error Err) : Err(std::move(Err)) {}

  static Status success() { return Status(); }

  bool ok() const { return !Err.has_value(); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: !ok().
  const Error &error() const { return *Err; }

private:
  std::optional<Error> Err;
};

// Turns a Result into a Status, dropping the value.
template <typename T> Status toStatus(const Result<T> &R) {
  return R.ok() ? Status::success() : Status(R.error());
}

} // namespace pay
