//===- Transport.cpp - LSP base protocol framing --------------------------===//
#include "Transport.h"

#include "strata/support/Json.h"
#include "strata/support/Output.h"
#include "llvm/ADT/StringRef.h"

using namespace llvm;
using nlohmann::json;

namespace strata::lsp {

Frame readMessage(std::FILE *In, std::string &Body, std::string &Problem) {
  size_t Length = 0;
  bool HaveLength = false, AnyHeader = false;
  std::string Line, Value;
  for (;;) {
    Line.clear();
    int C;
    while ((C = std::fgetc(In)) != EOF && C != '\n')
      Line += static_cast<char>(C);
    if (C == EOF) {
      Problem = AnyHeader || !Line.empty()
                    ? "the input ended inside a message's headers"
                    : "";
      return Frame::End;
    }
    StringRef L = StringRef(Line).rtrim("\r");
    if (L.empty()) {
      if (!AnyHeader)
        continue; // blank lines between messages
      break;
    }
    AnyHeader = true;
    if (L.consume_front_insensitive("Content-Length:")) {
      Value = L.trim().str();
      HaveLength = !StringRef(Value).getAsInteger(10, Length);
    }
  }
  // As clangd does: a frame without a usable length is skipped, and the
  // next header line starts the next message.
  if (!HaveLength) {
    Problem = Value.empty() ? "a message without a Content-Length header"
                            : "a message whose Content-Length '" +
                                  oneLine(Value) + "' is not a number";
    return Frame::Skipped;
  }
  // A bound on a single message keeps a broken client from exhausting
  // memory; its body cannot be told from the next message, so the stream
  // is given up.
  if (Length > (256u << 20)) {
    Problem = "a message of " + std::to_string(Length) +
              " bytes, more than the 256 MiB strata reads";
    return Frame::End;
  }
  Body.resize(Length);
  size_t Read = std::fread(Body.data(), 1, Length, In);
  if (Read != Length) {
    Problem = "the input ended inside a message (" + std::to_string(Read) +
              " of its " + std::to_string(Length) + " bytes)";
    return Frame::End;
  }
  return Frame::Message;
}

void writeMessage(raw_ostream &Out, const json &Message) {
  std::string Body = dumpJson(Message);
  Out << "Content-Length: " << Body.size() << "\r\n\r\n" << Body;
  Out.flush();
}

} // namespace strata::lsp
