#include "base/error.h"

#include <utility>

namespace pay {

const char *errorKindName(ErrorKind Kind) {
  switch (Kind) {
  case ErrorKind::InvalidArgument:
    return "invalid-argument";
  case ErrorKind::NotFound:
    return "not-found";
  case ErrorKind::AlreadyExists:
    return "already-exists";
  case ErrorKind::InsufficientFunds:
    return "insufficient-funds";
  case ErrorKind::LimitExceeded:
    return "limit-exceeded";
  case ErrorKind::FailedPrecondition:
    return "failed-precondition";
  case ErrorKind::Internal:
    return "internal";
  }
  return "unknown";
}

Error::Error(ErrorKind Kind, std::string Message)
    : Kind(Kind), Message(std::move(Message)) {}

Error Error::invalidArgument(std::string Message) {
  return Error(ErrorKind::InvalidArgument, std::move(Message));
}

Error Error::notFound(std::string Message) {
  return Error(ErrorKind::NotFound, std::move(Message));
}

Error Error::alreadyExists(std::string Message) {
  return Error(ErrorKind::AlreadyExists, std::move(Message));
}

Error Error::failedPrecondition(std::string Message) {
  return Error(ErrorKind::FailedPrecondition, std::move(Message));
}

std::string Error::toString() const {
  return std::string(errorKindName(Kind)) + ": " + Message;
}

Error Error::withContext(const std::string &Context) const {
  return Error(Kind, Context + ": " + Message);
}

} // namespace pay
