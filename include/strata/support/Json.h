//===- strata/support/Json.h - Reading and writing JSON safely --*- C++ -*-===//
//
// Every JSON document strata reads may come from an unreviewed pull request,
// and every one it writes may carry a file name that is not valid UTF-8
// (POSIX allows any bytes but '/' and NUL). These two helpers are the only
// way strata parses or prints JSON, so neither case can throw.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_SUPPORT_JSON_H
#define STRATA_SUPPORT_JSON_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace strata {

/// Parses \p Content, read from \p Path. The error is one line naming the
/// file and where and why parsing stopped. \p Callback (nlohmann's parser
/// callback) may drop values from the tree as they are parsed.
llvm::Expected<nlohmann::json>
parseJsonDocument(llvm::StringRef Content, llvm::StringRef Path,
                  const nlohmann::json::parser_callback_t &Callback = nullptr);

/// Checks that \p Root is an object whose "format" is \p Format and whose
/// "version" is \p Version. \p Noun names the kind of document in the
/// errors ("facts file", "baseline").
llvm::Error checkFormat(const nlohmann::json &Root, llvm::StringRef Path,
                        llvm::StringRef Format, int Version,
                        llvm::StringRef Noun);

/// \p Value as an unsigned number of at most 32 bits, if it is one. Reading
/// a field with get<unsigned>() instead converts 1e40 or -1 without a word
/// (and, for a float out of range, with undefined behaviour).
std::optional<unsigned> asUnsigned(const nlohmann::json &Value);

/// Prints \p Value as nlohmann's dump() does (\p Indent < 0: one line), but
/// replaces bytes that are not valid UTF-8 with U+FFFD instead of throwing.
std::string dumpJson(const nlohmann::json &Value, int Indent = -1);

} // namespace strata

#endif
