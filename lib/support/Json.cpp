//===- Json.cpp - Reading and writing JSON safely -------------------------===//
#include "strata/support/Json.h"

#include "strata/support/Output.h"
#include <limits>

using namespace llvm;
using nlohmann::json;

namespace strata {

Expected<json> parseJsonDocument(StringRef Content, StringRef Path,
                                 const json::parser_callback_t &Callback) {
  if (Content.trim().empty())
    return fileError(Path, "the file is empty (expected a JSON document)");
  try {
    return json::parse(Content.begin(), Content.end(), Callback);
  } catch (const json::exception &E) {
    // "[json.exception.parse_error.101] parse error at line 1, column 2:
    // syntax error ..." -> "line 1, column 2: syntax error ...".
    StringRef What = E.what();
    size_t At = What.find(" at line ");
    What = At == StringRef::npos
               ? What.drop_until([](char C) { return C == ' '; }).ltrim()
               : What.drop_front(At + 4);
    // The reason may quote the offending input, even a byte that is not
    // text.
    return fileError(Path, "not a valid JSON document (" +
                               oneLine(What, /*AsciiOnly=*/true) + ")");
  }
}

Error checkFormat(const json &Root, StringRef Path, StringRef Format,
                  int Version, StringRef Noun) {
  if (!Root.is_object())
    return fileError(Path, "not a strata " + Noun + " (expected an object)");
  auto F = Root.find("format");
  if (F == Root.end() || !F->is_string() || F->get<std::string>() != Format)
    return fileError(Path, "not a strata " + Noun + " (format is not '" +
                               Format + "')");
  auto V = Root.find("version");
  if (V == Root.end() || !V->is_number_integer() || *V != Version)
    return fileError(Path,
                     Noun + " version " +
                         // Scalars only: printing a nested value
                         // recurses, and it may be nested deeply.
                         (V == Root.end()     ? std::string("(none)")
                          : V->is_primitive() ? dumpJson(*V)
                                              : std::string(V->type_name())) +
                         " is not supported (this strata reads " +
                         Twine(Version) + ")");
  return Error::success();
}

std::optional<unsigned> asUnsigned(const json &Value) {
  if (!Value.is_number_unsigned())
    return std::nullopt;
  uint64_t V = Value.get<uint64_t>();
  if (V > std::numeric_limits<unsigned>::max())
    return std::nullopt;
  return unsigned(V);
}

std::string dumpJson(const json &Value, int Indent) {
  return Value.dump(Indent, ' ', /*ensure_ascii=*/false,
                    json::error_handler_t::replace);
}

} // namespace strata
