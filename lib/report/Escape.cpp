//===- Escape.cpp - Escaping names for each format ------------------------===//
#include "strata/report/Escape.h"

namespace strata::report {

std::string escapeHtml(llvm::StringRef S) {
  std::string Out;
  Out.reserve(S.size());
  for (char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

std::string escapeMarkdown(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '&':
      Out += "&amp;";
      break;
    case '\n':
    case '\r':
      Out += ' ';
      break;
    // Parentheses, '#' and '+' only matter after ']' or at a line start,
    // which escaped text never produces.
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '!':
    case '|':
    case '~':
      Out += '\\';
      Out += C;
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

std::string markdownCode(llvm::StringRef S) {
  // '|' ends a table cell even inside a code span, and not every renderer
  // keeps '<' literal there: such names become escaped text.
  if (S.find_first_of("`\n\r<>&|") != llvm::StringRef::npos)
    return escapeMarkdown(S);
  return "`" + S.str() + "`";
}

std::string escapeDot(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '"' || C == '\\')
      Out += '\\';
    if (C == '\n' || C == '\r') {
      Out += "\\n";
      continue;
    }
    Out += C;
  }
  return Out;
}

std::string escapeMermaid(llvm::StringRef S) {
  // Mermaid labels take HTML-like entity codes written as #name;.
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '"':
      Out += "#quot;";
      break;
    case '<':
      Out += "#lt;";
      break;
    case '>':
      Out += "#gt;";
      break;
    case '&':
      Out += "#amp;";
      break;
    case '#':
      Out += "#35;";
      break;
    case '\n':
    case '\r':
      Out += ' ';
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

} // namespace strata::report
