// Error values returned (never thrown) across module boundaries.
#pragma once

#include <string>

namespace pay {

enum class ErrorKind {
  InvalidArgument,
  NotFound,
  AlreadyExists,
  InsufficientFunds,
  LimitExceeded,
  FailedPrecondition,
  Internal
};

const char *errorKindName(ErrorKind Kind);

class Error {
public:
  Error(ErrorKind Kind, std::string Message);

  static Error invalidArgument(std::string Message);
  static Error notFound(std::string Message);
  static Error alreadyExists(std::string Message);
  static Error failedPrecondition(std::string Message);

  ErrorKind kind() const { return Kind; }
  const std::string &message() const { return Message; }

  // "not-found: account A-1"
  std::string toString() const;

  // Returns a copy whose message is prefixed with Context.
  Error withContext(const std::string &Context) const;

private:
  ErrorKind Kind;
  std::string Message;
};

} // namespace pay
