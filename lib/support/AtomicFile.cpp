//===- AtomicFile.cpp - Atomic output files -------------------------------===//
#include "strata/support/Output.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Errc.h"

using namespace llvm;

namespace strata {

Error fileError(StringRef Path, const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Path + ": " + Message);
}

std::string oneLine(StringRef Message, bool AsciiOnly) {
  std::string Out;
  Out.reserve(Message.size());
  for (unsigned char C : Message) {
    if (C < 0x20 || C == 0x7f || (AsciiOnly && C > 0x7f))
      Out += "\\x" + utohexstr(C, /*LowerCase=*/true, /*Width=*/2);
    else
      Out += char(C);
  }
  return Out;
}

Error writeOutput(StringRef Path, function_ref<void(raw_ostream &)> Write) {
  // llvm::writeToOutput writes to "<path>.temp-stream-XXXXXX", renames it
  // into place on success and deletes it on failure or on a signal.
  Error E = llvm::writeToOutput(Path, [&](raw_ostream &OS) -> Error {
    Write(OS);
    return Error::success();
  });
  if (!E)
    return Error::success();
  std::string Message = toString(std::move(E));
  // writeToOutput's messages already start with the temporary file's name;
  // keep only the reason so the message names the file the user asked for.
  size_t Colon = Message.rfind(": ");
  if (Colon != std::string::npos)
    Message = Message.substr(Colon + 2);
  return fileError(Path, "cannot write output: " + Message);
}

} // namespace strata
