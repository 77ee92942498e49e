//===- CMakeText.cpp - CMake command invocations --------------------------===//
#include "strata/build/CMakeText.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>

using namespace llvm;
using namespace strata::build;

namespace {

Error errorAt(StringRef FileName, unsigned Line, const Twine &Message) {
  return createStringError(inconvertibleErrorCode(),
                           FileName + ":" + Twine(Line) + ": " + Message);
}

bool isIdentifierStart(char C) { return isAlpha(C) || C == '_'; }
bool isIdentifierChar(char C) { return isAlnum(C) || C == '_'; }
// '\r' counts as a space so that CRLF files read like LF ones.
bool isBlank(char C) { return C == ' ' || C == '\t' || C == '\r'; }

// The lexer of cmake-language(7), one command invocation at a time, so that
// a caller looking for one line need not read (or parse) the rest.
class Reader {
public:
  Reader(StringRef Content, StringRef FileName)
      : Rest(Content), FileName(FileName) {
    // CMake skips a UTF-8 byte order mark.
    Rest.consume_front("\xEF\xBB\xBF");
  }

  /// The next command invocation; nullopt at the end of the text.
  Expected<std::optional<CMakeCommand>> next();

  /// The line the reader has reached.
  unsigned line() const { return Line; }

private:
  StringRef Rest;
  StringRef FileName;
  unsigned Line = 1;
  // Set by a command's ')': CMake wants a newline before the next command,
  // which is what lets a backtrace's line name one command.
  bool NeedNewline = false;

  Error error(unsigned At, const Twine &Message) const {
    return errorAt(FileName, At, Message);
  }
  char peek(size_t Ahead = 0) const {
    return Ahead < Rest.size() ? Rest[Ahead] : '\0';
  }
  StringRef take(size_t N) {
    StringRef Taken = Rest.take_front(N);
    Line += Taken.count('\n');
    Rest = Rest.drop_front(Taken.size());
    return Taken;
  }

  std::optional<size_t> bracketOpenAt(size_t At) const;
  size_t makeVariableEnd(size_t At) const;
  size_t legacyQuoteEnd(size_t At) const;
  Expected<std::string> bracket(StringRef What);
  Error comment();
  Expected<CMakeArgument> quoted();
  Expected<CMakeArgument> unquoted();
  Error arguments(CMakeCommand &C);
};

// The number of '=' when "[=*[" opens a bracket at Rest[At].
std::optional<size_t> Reader::bracketOpenAt(size_t At) const {
  if (peek(At) != '[')
    return std::nullopt;
  size_t Equals = 0;
  while (peek(At + 1 + Equals) == '=')
    ++Equals;
  if (peek(At + 1 + Equals) != '[')
    return std::nullopt;
  return Equals;
}

// The end of a make-style "$(VAR)" at Rest[At], or 0. CMake still accepts
// these in unquoted arguments, where '(' would otherwise end the argument.
size_t Reader::makeVariableEnd(size_t At) const {
  if (peek(At) != '$' || peek(At + 1) != '(')
    return 0;
  size_t I = At + 2;
  while (isIdentifierChar(peek(I)))
    ++I;
  return peek(I) == ')' ? I + 1 : 0;
}

// The end of a quoted part inside an unquoted argument (-DA="b c"), or 0
// when it is not one, as with the legacy rule of CMake's lexer: no newline,
// parenthesis or '#' inside, else the '"' starts a quoted argument.
size_t Reader::legacyQuoteEnd(size_t At) const {
  for (size_t I = At + 1; I < Rest.size();) {
    char C = Rest[I];
    if (C == '"')
      return I + 1;
    if (size_t End = makeVariableEnd(I)) {
      I = End;
    } else if (C == '\\' && I + 1 < Rest.size() && Rest[I + 1] != '\n') {
      I += 2;
    } else if (C == '\n' || C == '\r' || C == '(' || C == ')' || C == '#' ||
               C == '\\') {
      return 0;
    } else {
      ++I;
    }
  }
  return 0;
}

// Rest starts with a bracket opening; what is inside, up to the matching
// close. \p What names the construct in the error.
Expected<std::string> Reader::bracket(StringRef What) {
  unsigned Start = Line;
  size_t Equals = *bracketOpenAt(0);
  take(Equals + 2);
  // As in CMake, a newline right after the opening is not content.
  if (Rest.starts_with("\r\n"))
    take(2);
  else if (Rest.starts_with("\n"))
    take(1);
  std::string Close = "]" + std::string(Equals, '=') + "]";
  size_t End = Rest.find(Close);
  if (End == StringRef::npos)
    return error(Start, "unterminated bracket " + What);
  std::string Content = take(End).str();
  take(Close.size());
  return Content;
}

Error Reader::comment() {
  if (bracketOpenAt(1)) {
    take(1);
    return bracket("comment").takeError();
  }
  take(std::min(Rest.find('\n'), Rest.size()));
  return Error::success();
}

Expected<CMakeArgument> Reader::quoted() {
  CMakeArgument A{"", Line, CMakeArgument::Kind::Quoted};
  take(1);
  while (!Rest.empty()) {
    char C = take(1)[0];
    if (C == '"')
      return A;
    if (C != '\\') {
      A.Text += C;
      continue;
    }
    if (Rest.empty())
      break;
    char E = take(1)[0];
    if (E == '\r' && peek() == '\n')
      E = take(1)[0];
    if (E == '\n') // a line continuation
      continue;
    if (E == 't' || E == 'n' || E == 'r')
      A.Text += E == 't' ? '\t' : E == 'n' ? '\n' : '\r';
    else if (E == ';' || isAlnum(E))
      // "\;" keeps protecting the ';' when the value is split as a list;
      // CMake rejects other letters and digits, so they stay as written.
      A.Text += {'\\', E};
    else
      A.Text += E;
  }
  return error(A.Line, "unterminated quoted argument");
}

Expected<CMakeArgument> Reader::unquoted() {
  size_t N = 0;
  while (N < Rest.size()) {
    char C = Rest[N];
    if (isBlank(C) || C == '\n' || C == '(' || C == ')' || C == '#')
      break;
    if (C == '\\') {
      if (N + 1 == Rest.size() || Rest[N + 1] == '\n')
        break;
      N += 2;
    } else if (size_t End = makeVariableEnd(N)) {
      N = End;
    } else if (C == '"') {
      if (size_t End = legacyQuoteEnd(N))
        N = End;
      else
        break;
    } else {
      ++N;
    }
  }
  if (N == 0)
    return error(Line, "unexpected '\\' at the end of a line");
  return CMakeArgument{take(N).str(), Line, CMakeArgument::Kind::Unquoted};
}

// The arguments after '(' up to the matching ')'.
Error Reader::arguments(CMakeCommand &C) {
  unsigned Depth = 0;
  while (!Rest.empty()) {
    char Ch = peek();
    if (isBlank(Ch) || Ch == '\n') {
      take(1);
    } else if (Ch == '#') {
      if (Error E = comment())
        return E;
    } else if (Ch == ')' && Depth == 0) {
      take(1);
      return Error::success();
    } else if (Ch == '(' || Ch == ')') {
      Depth = Ch == '(' ? Depth + 1 : Depth - 1;
      C.Arguments.push_back({std::string(1, Ch), Line});
      take(1);
    } else if (bracketOpenAt(0)) {
      unsigned Start = Line;
      Expected<std::string> Content = bracket("argument");
      if (!Content)
        return Content.takeError();
      C.Arguments.push_back(
          {std::move(*Content), Start, CMakeArgument::Kind::Bracket});
    } else {
      Expected<CMakeArgument> A = Ch == '"' ? quoted() : unquoted();
      if (!A)
        return A.takeError();
      C.Arguments.push_back(std::move(*A));
    }
  }
  return error(C.Line, "unterminated call to '" + C.Name + "'");
}

Expected<std::optional<CMakeCommand>> Reader::next() {
  while (!Rest.empty()) {
    char C = peek();
    if (C == '\n') {
      NeedNewline = false;
      take(1);
    } else if (isBlank(C)) {
      take(1);
    } else if (C == '#') {
      // A bracket comment, like a command, must end its line (CMake 3.25
      // says "expected a newline" to "#[[x]] f()").
      bool Bracket = bracketOpenAt(1).has_value();
      if (Error E = comment())
        return E;
      NeedNewline |= Bracket;
    } else if (!isIdentifierStart(C)) {
      return error(Line, "expected a command name, found '" + Twine(C) + "'");
    } else if (NeedNewline) {
      return error(Line, "expected a newline before the next command");
    } else {
      CMakeCommand Cmd;
      Cmd.Line = Line;
      size_t N = 1;
      while (isIdentifierChar(peek(N)))
        ++N;
      Cmd.Name = take(N).str();
      while (peek() == ' ' || peek() == '\t')
        take(1);
      if (peek() != '(')
        return error(Cmd.Line, "expected '(' after '" + Cmd.Name + "'");
      take(1);
      if (Error E = arguments(Cmd))
        return E;
      NeedNewline = true;
      return Cmd;
    }
  }
  return std::nullopt;
}

} // namespace

Expected<std::vector<CMakeCommand>>
strata::build::parseCMakeCommands(StringRef Content, StringRef FileName) {
  Reader R(Content, FileName);
  std::vector<CMakeCommand> Commands;
  while (true) {
    Expected<std::optional<CMakeCommand>> C = R.next();
    if (!C)
      return C.takeError();
    if (!*C)
      return Commands;
    Commands.push_back(std::move(**C));
  }
}

Expected<CMakeCommand> strata::build::cmakeCommandAt(StringRef Content,
                                                     unsigned Line,
                                                     StringRef FileName) {
  Reader R(Content, FileName);
  while (true) {
    Expected<std::optional<CMakeCommand>> C = R.next();
    if (!C)
      return C.takeError();
    if (!*C || (*C)->Line > Line)
      break;
    if ((*C)->Line == Line)
      return std::move(**C);
    // A backtrace into the middle of a call is worth telling apart.
    if (R.line() >= Line)
      return errorAt(FileName, Line,
                     "no command starts on this line (it is inside '" +
                         (*C)->Name + "' from line " + Twine((*C)->Line) + ")");
  }
  return errorAt(FileName, Line, "no command starts on this line");
}

namespace {

bool isLiteral(StringRef S) {
  return !S.starts_with("-") && !S.contains("${") && !S.contains("$<") &&
         !S.contains("$ENV{") && !S.contains("$CACHE{");
}

std::optional<LinkScope> scopeKeyword(StringRef S) {
  return StringSwitch<std::optional<LinkScope>>(S)
      .Cases("PUBLIC", "LINK_PUBLIC", LinkScope::Public)
      .Cases("PRIVATE", "LINK_PRIVATE", LinkScope::Private)
      .Cases("INTERFACE", "LINK_INTERFACE_LIBRARIES", LinkScope::Interface)
      .Default(std::nullopt);
}

// The list elements CMake makes of \p A: an unquoted argument splits at ';'
// unless escaped or inside [], dropping empty elements; other arguments
// stay whole (dropped when empty).
SmallVector<StringRef, 1> listElements(const CMakeArgument &A) {
  StringRef Text = A.Text;
  SmallVector<StringRef, 1> Elements;
  if (A.How != CMakeArgument::Kind::Unquoted) {
    if (!Text.empty())
      Elements.push_back(Text);
    return Elements;
  }
  unsigned Depth = 0;
  size_t Start = 0;
  for (size_t I = 0; I < Text.size(); ++I) {
    if (Text[I] == '\\') {
      ++I;
    } else if (Text[I] == '[') {
      ++Depth;
    } else if (Text[I] == ']' && Depth > 0) {
      --Depth;
    } else if (Text[I] == ';' && Depth == 0) {
      Elements.push_back(Text.slice(Start, I));
      Start = I + 1;
    }
  }
  Elements.push_back(Text.drop_front(Start));
  erase_if(Elements, [](StringRef E) { return E.empty(); });
  return Elements;
}

// True when \p S is exactly one generator expression "$<...>".
bool isOneExpression(StringRef S) {
  if (!S.starts_with("$<"))
    return false;
  unsigned Depth = 0;
  for (size_t I = 0; I < S.size(); ++I) {
    if (S.substr(I).starts_with("$<")) {
      ++Depth;
      ++I;
    } else if (S[I] == '>' && --Depth == 0) {
      return I + 1 == S.size();
    }
  }
  return false;
}

} // namespace

std::optional<LinkCall> strata::build::linkCallOf(const CMakeCommand &C) {
  if (!StringRef(C.Name).equals_insensitive("target_link_libraries"))
    return std::nullopt;
  LinkCall Call;
  if (C.Arguments.empty())
    return Call;
  Call.Target = C.Arguments.front().Text;
  Call.TargetLiteral = isLiteral(Call.Target);
  LinkScope Scope = LinkScope::Plain;
  for (const CMakeArgument &A : drop_begin(C.Arguments))
    for (StringRef Element : listElements(A)) {
      if (std::optional<LinkScope> S = scopeKeyword(Element))
        Scope = *S;
      else if (!is_contained({"debug", "optimized", "general"}, Element))
        Call.Items.push_back(
            {Element.str(), A.Line, Scope, isLiteral(Element)});
    }
  return Call;
}

std::string strata::build::nameInGeneratorExpression(StringRef Item) {
  if (!Item.starts_with("$<") || !Item.ends_with(">"))
    return "";
  StringRef Inner = Item.drop_front(2).drop_back();
  // The ':' ending the head: the first one outside nested expressions.
  size_t Colon = StringRef::npos;
  int Depth = 0;
  for (size_t I = 0; I < Inner.size() && Colon == StringRef::npos; ++I) {
    if (Inner.substr(I).starts_with("$<")) {
      ++Depth;
      ++I;
    } else if (Inner[I] == '>') {
      --Depth;
    } else if (Inner[I] == ':' && Depth == 0) {
      Colon = I;
    }
  }
  if (Colon == StringRef::npos)
    return "";
  StringRef Head = Inner.take_front(Colon), Body = Inner.drop_front(Colon + 1);
  // A condition ("$<CONFIG:Debug>", "1") or a wrapper that passes its
  // content through in some contexts; $<IF:...> and the like name several.
  bool Conditional =
      isOneExpression(Head) ||
      is_contained({"0", "1", "LINK_ONLY", "BUILD_INTERFACE",
                    "BUILD_LOCAL_INTERFACE", "INSTALL_INTERFACE",
                    "COMPILE_ONLY", "TARGET_NAME", "TARGET_NAME_IF_EXISTS"},
                   Head);
  if (!Conditional)
    return "";
  if (Body.starts_with("$<"))
    return nameInGeneratorExpression(Body);
  if (Body.empty() || Body.starts_with("-") ||
      Body.find_first_of("$<>;, \t\"") != StringRef::npos)
    return "";
  return Body.str();
}
