//===- strata/report/Escape.h - Escaping names for each format --*- C++ -*-===//
//
// File and entity names come from the analyzed tree, which may be hostile: a
// file may be named `<img src=x onerror=alert(1)>.h`. Every writer passes
// every name through the escaper of its format.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_REPORT_ESCAPE_H
#define STRATA_REPORT_ESCAPE_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace strata::report {

/// For HTML text and attribute values (also SVG): & < > " ' escaped.
std::string escapeHtml(llvm::StringRef S);

/// For Markdown text and table cells: Markdown punctuation backslash-escaped,
/// < > & as entities, | escaped, newlines as spaces.
std::string escapeMarkdown(llvm::StringRef S);

/// \p S as Markdown inline code: verbatim between backticks, where escapes
/// would show literally; as escaped text when it holds a backtick, a line
/// break, '|' (which ends a table cell anyway) or HTML metacharacters.
std::string markdownCode(llvm::StringRef S);

/// For the inside of a double-quoted DOT string.
std::string escapeDot(llvm::StringRef S);

/// For the inside of a double-quoted Mermaid label.
std::string escapeMermaid(llvm::StringRef S);

} // namespace strata::report

#endif
