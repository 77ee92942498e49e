//===- CMakeTextTest.cpp - Reading CMake command invocations --------------===//
//
// Lines are counted by hand from the first line of each raw string, which
// starts right after R"( .
//
//===----------------------------------------------------------------------===//
#include "strata/build/CMakeText.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace strata::build;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

using Kind = CMakeArgument::Kind;

std::vector<CMakeCommand> parse(llvm::StringRef Content) {
  auto Commands = parseCMakeCommands(Content, "f.cmake");
  if (!Commands) {
    ADD_FAILURE() << llvm::toString(Commands.takeError());
    return {};
  }
  return std::move(*Commands);
}

CMakeCommand only(llvm::StringRef Content) {
  std::vector<CMakeCommand> Commands = parse(Content);
  EXPECT_EQ(Commands.size(), 1u);
  return Commands.empty() ? CMakeCommand() : Commands.front();
}

std::string errorOf(llvm::StringRef Content) {
  auto Commands = parseCMakeCommands(Content, "f.cmake");
  return Commands ? std::string("no error")
                  : llvm::toString(Commands.takeError());
}

std::string errorAt(llvm::StringRef Content, unsigned Line) {
  auto C = cmakeCommandAt(Content, Line, "f.cmake");
  return C ? "found " + C->Name : llvm::toString(C.takeError());
}

std::vector<std::string> texts(const CMakeCommand &C) {
  std::vector<std::string> Texts;
  for (const CMakeArgument &A : C.Arguments)
    Texts.push_back(A.Text);
  return Texts;
}

std::vector<unsigned> lines(const CMakeCommand &C) {
  std::vector<unsigned> Lines;
  for (const CMakeArgument &A : C.Arguments)
    Lines.push_back(A.Line);
  return Lines;
}

std::vector<Kind> kinds(const CMakeCommand &C) {
  std::vector<Kind> Kinds;
  for (const CMakeArgument &A : C.Arguments)
    Kinds.push_back(A.How);
  return Kinds;
}

LinkCall linkCall(llvm::StringRef Content) {
  std::optional<LinkCall> L = linkCallOf(only(Content));
  EXPECT_TRUE(L.has_value());
  return L.value_or(LinkCall());
}

std::vector<std::string> itemNames(const LinkCall &L) {
  std::vector<std::string> Names;
  for (const LinkItem &I : L.Items)
    Names.push_back(I.Name);
  return Names;
}

std::vector<LinkScope> itemScopes(const LinkCall &L) {
  std::vector<LinkScope> Scopes;
  for (const LinkItem &I : L.Items)
    Scopes.push_back(I.Scope);
  return Scopes;
}

std::vector<bool> itemLiterals(const LinkCall &L) {
  std::vector<bool> Literals;
  for (const LinkItem &I : L.Items)
    Literals.push_back(I.Literal);
  return Literals;
}

} // namespace

TEST(CMakeTextTest, MultiLineCallWithCommentsBetweenArguments) {
  std::vector<CMakeCommand> Commands = parse(R"(project(demo)
add_library(foo # the library
  a.cpp #[[ inline ]] b.cpp
  # a whole line
  c.cpp)
)");
  ASSERT_EQ(Commands.size(), 2u);
  EXPECT_EQ(Commands[0].Name, "project");
  EXPECT_EQ(Commands[0].Line, 1u);
  EXPECT_EQ(Commands[1].Name, "add_library");
  EXPECT_EQ(Commands[1].Line, 2u);
  EXPECT_THAT(texts(Commands[1]),
              ElementsAre("foo", "a.cpp", "b.cpp", "c.cpp"));
  EXPECT_THAT(lines(Commands[1]), ElementsAre(2u, 3u, 3u, 5u));
}

TEST(CMakeTextTest, NameKeepsItsSpellingAndMaySpaceBeforeParen) {
  CMakeCommand C = only("  Add_Library  (x)\n");
  EXPECT_EQ(C.Name, "Add_Library");
  EXPECT_THAT(texts(C), ElementsAre("x"));
}

TEST(CMakeTextTest, QuotedArgumentsResolveEscapes) {
  CMakeCommand C = only(R"(set(X "a \"b\" c;d" "e\;f" "tab\there" "one\
two" "multi
line" ""))");
  EXPECT_THAT(texts(C), ElementsAre("X", "a \"b\" c;d", "e\\;f", "tab\there",
                                    "onetwo", "multi\nline", ""));
  EXPECT_THAT(kinds(C), ElementsAre(Kind::Unquoted, Kind::Quoted, Kind::Quoted,
                                    Kind::Quoted, Kind::Quoted, Kind::Quoted,
                                    Kind::Quoted));
  EXPECT_THAT(lines(C), ElementsAre(1u, 1u, 1u, 1u, 1u, 2u, 3u));
  // \q is no CMake escape: kept as written; \$ and \( are identities.
  EXPECT_THAT(texts(only(R"(f("\q\$\(x"))")), ElementsAre("\\q$(x"));
}

TEST(CMakeTextTest, UnquotedArgumentsKeepSemicolonsAndEscapes) {
  CMakeCommand C = only(R"(set(L a;b\;c ${V}/x $<$<CONFIG:Debug>:d> a\ b))");
  EXPECT_THAT(texts(C), ElementsAre("L", "a;b\\;c", "${V}/x",
                                    "$<$<CONFIG:Debug>:d>", "a\\ b"));
}

TEST(CMakeTextTest, LegacyUnquotedArguments) {
  // CMake still reads quotes inside an unquoted argument and $(VAR).
  CMakeCommand C = only(R"cm(add_definitions(-DA="b c" $(MAKEVAR) x"(y)"))cm");
  EXPECT_THAT(texts(C), ElementsAre("-DA=\"b c\"", "$(MAKEVAR)", "x", "(y)"));
  EXPECT_THAT(kinds(C), ElementsAre(Kind::Unquoted, Kind::Unquoted,
                                    Kind::Unquoted, Kind::Quoted));
}

TEST(CMakeTextTest, BracketArgumentsSpanLines) {
  std::vector<CMakeCommand> Commands = parse(R"(message([=[
first ]] "not quoted"
second]=] [[x]] [y])
next()
)");
  ASSERT_EQ(Commands.size(), 2u);
  EXPECT_THAT(texts(Commands[0]),
              ElementsAre("first ]] \"not quoted\"\nsecond", "x", "[y]"));
  EXPECT_THAT(kinds(Commands[0]),
              ElementsAre(Kind::Bracket, Kind::Bracket, Kind::Unquoted));
  EXPECT_THAT(lines(Commands[0]), ElementsAre(1u, 3u, 3u));
  EXPECT_EQ(Commands[1].Line, 4u);
}

TEST(CMakeTextTest, NestedParenthesesAreArguments) {
  CMakeCommand C = only("if((A) AND (B OR (C)))\n");
  EXPECT_EQ(C.Name, "if");
  EXPECT_THAT(texts(C), ElementsAre("(", "A", ")", "AND", "(", "B", "OR", "(",
                                    "C", ")", ")"));
}

TEST(CMakeTextTest, BracketCommentsMayHoldParentheses) {
  std::vector<CMakeCommand> Commands = parse(R"(#[==[ a comment ) with
  ]] and ( inside ]==]
foo(a #[[ ) ]] b)
# bar() in a line comment
)");
  ASSERT_EQ(Commands.size(), 1u);
  EXPECT_EQ(Commands[0].Name, "foo");
  EXPECT_EQ(Commands[0].Line, 3u);
  EXPECT_THAT(texts(Commands[0]), ElementsAre("a", "b"));
}

TEST(CMakeTextTest, CallInsideIfOnItsOwnLine) {
  llvm::StringRef Text = R"(if(WIN32 AND
   NOT MINGW)
  target_link_libraries(app PRIVATE ws2_32)
endif()
)";
  auto C = cmakeCommandAt(Text, 3, "f.cmake");
  ASSERT_TRUE(bool(C)) << llvm::toString(C.takeError());
  EXPECT_EQ(C->Name, "target_link_libraries");
  EXPECT_THAT(texts(*C), ElementsAre("app", "PRIVATE", "ws2_32"));
  EXPECT_EQ(parse(Text).size(), 3u);
}

TEST(CMakeTextTest, AbseilShape) {
  llvm::StringRef Text = R"(absl_cc_library(
  NAME
    strings
  DEPS
    absl::base   # comment
    absl::int128
  PUBLIC
)
)";
  auto C = cmakeCommandAt(Text, 1, "CMakeLists.txt");
  ASSERT_TRUE(bool(C)) << llvm::toString(C.takeError());
  EXPECT_EQ(C->Name, "absl_cc_library");
  EXPECT_THAT(texts(*C), ElementsAre("NAME", "strings", "DEPS", "absl::base",
                                     "absl::int128", "PUBLIC"));
  EXPECT_THAT(lines(*C), ElementsAre(2u, 3u, 4u, 5u, 6u, 7u));
}

TEST(CMakeTextTest, CrlfAndByteOrderMark) {
  std::vector<CMakeCommand> Commands = parse("\xEF\xBB\xBF"
                                             "a(x\r\n  y)\r\nb([[\r\nz]])\r\n");
  ASSERT_EQ(Commands.size(), 2u);
  EXPECT_EQ(Commands[0].Name, "a");
  EXPECT_THAT(texts(Commands[0]), ElementsAre("x", "y"));
  EXPECT_THAT(lines(Commands[0]), ElementsAre(1u, 2u));
  EXPECT_EQ(Commands[1].Line, 3u);
  EXPECT_THAT(texts(Commands[1]), ElementsAre("z"));
}

TEST(CMakeTextTest, LinkScopes) {
  LinkCall L = linkCall(R"(target_link_libraries(app
  PUBLIC a
  PRIVATE b c
  INTERFACE d
  LINK_PUBLIC e LINK_PRIVATE f LINK_INTERFACE_LIBRARIES g))");
  EXPECT_EQ(L.Target, "app");
  EXPECT_TRUE(L.TargetLiteral);
  EXPECT_THAT(itemNames(L), ElementsAre("a", "b", "c", "d", "e", "f", "g"));
  EXPECT_THAT(itemScopes(L),
              ElementsAre(LinkScope::Public, LinkScope::Private,
                          LinkScope::Private, LinkScope::Interface,
                          LinkScope::Public, LinkScope::Private,
                          LinkScope::Interface));
  ASSERT_EQ(L.Items.size(), 7u);
  EXPECT_EQ(L.Items[0].Line, 2u);
  EXPECT_EQ(L.Items[2].Line, 3u);
}

TEST(CMakeTextTest, OldSignatureDropsConfigurationKeywords) {
  LinkCall L = linkCall(
      "TARGET_LINK_LIBRARIES(app debug foo optimized bar general baz qux)");
  EXPECT_EQ(L.Target, "app");
  EXPECT_THAT(itemNames(L), ElementsAre("foo", "bar", "baz", "qux"));
  EXPECT_THAT(itemScopes(L), ElementsAre(LinkScope::Plain, LinkScope::Plain,
                                         LinkScope::Plain, LinkScope::Plain));
}

TEST(CMakeTextTest, NonLiteralItems) {
  LinkCall L = linkCall(R"(target_link_libraries(${PROJECT_NAME} PRIVATE
  ${VAR} $<$<CONFIG:Debug>:foo> -Wl,--as-needed fmt::fmt "$ENV{LIB}"))");
  EXPECT_EQ(L.Target, "${PROJECT_NAME}");
  EXPECT_FALSE(L.TargetLiteral);
  EXPECT_THAT(itemNames(L),
              ElementsAre("${VAR}", "$<$<CONFIG:Debug>:foo>", "-Wl,--as-needed",
                          "fmt::fmt", "$ENV{LIB}"));
  EXPECT_THAT(itemLiterals(L), ElementsAre(false, false, false, true, false));
  ASSERT_EQ(L.Items.size(), 5u);
  EXPECT_EQ(nameInGeneratorExpression(L.Items[1].Name), "foo");
  EXPECT_EQ(nameInGeneratorExpression(L.Items[2].Name), "");
}

TEST(CMakeTextTest, UnquotedItemsSplitAsLists) {
  LinkCall L = linkCall(
      R"(target_link_libraries(t a;b;;c "d;e" [[f;g]] h\;i x[1;2];y))");
  EXPECT_THAT(itemNames(L),
              ElementsAre("a", "b", "c", "d;e", "f;g", "h\\;i", "x[1;2]", "y"));
}

TEST(CMakeTextTest, NotALinkCall) {
  EXPECT_FALSE(linkCallOf(only("add_library(a b)")).has_value());
  LinkCall L = linkCall("target_link_libraries()");
  EXPECT_EQ(L.Target, "");
  EXPECT_THAT(L.Items, IsEmpty());
}

TEST(CMakeTextTest, NameInGeneratorExpression) {
  EXPECT_EQ(nameInGeneratorExpression("$<$<CONFIG:Debug>:foo>"), "foo");
  EXPECT_EQ(nameInGeneratorExpression("$<LINK_ONLY:bar>"), "bar");
  EXPECT_EQ(nameInGeneratorExpression("$<BUILD_INTERFACE:baz>"), "baz");
  EXPECT_EQ(nameInGeneratorExpression("$<BUILD_INTERFACE:$<LINK_ONLY:a::b>>"),
            "a::b");
  EXPECT_EQ(nameInGeneratorExpression(
                "$<$<AND:$<CONFIG:Debug>,$<BOOL:${X}>>:absl::base>"),
            "absl::base");
  EXPECT_EQ(nameInGeneratorExpression("$<1:one>"), "one");
}

TEST(CMakeTextTest, NameInGeneratorExpressionRejectsOtherShapes) {
  EXPECT_EQ(nameInGeneratorExpression("foo"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<CONFIG:Debug>"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<TARGET_FILE:foo>"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<IF:$<BOOL:x>,a,b>"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<$<CONFIG:Debug>:-Wl,--foo>"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<$<CONFIG:Debug>:-lfoo>"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<A>$<LINK_ONLY:b>"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<$<CONFIG:Debug>:a;b>"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<LINK_ONLY:${X}>"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<LINK_ONLY:>"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<LINK_ONLY:a>b>"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<LINK_ONLY:a"), "");
  EXPECT_EQ(nameInGeneratorExpression("$<LINK_ONLY:a>$<LINK_ONLY:b>"), "");
}

TEST(CMakeTextTest, UnterminatedCallNamesItsLine) {
  EXPECT_EQ(errorOf(R"(project(x)

add_library(foo
  a.cpp
)"),
            "f.cmake:3: unterminated call to 'add_library'");
  EXPECT_EQ(errorOf("if((a)\n"), "f.cmake:1: unterminated call to 'if'");
}

TEST(CMakeTextTest, UnterminatedArgumentsAndComments) {
  EXPECT_EQ(errorOf("a()\nb(\"x)\n"),
            "f.cmake:2: unterminated quoted argument");
  EXPECT_EQ(errorOf("a(\n  [==[ x ]=] ]]\n)\n"),
            "f.cmake:2: unterminated bracket argument");
  EXPECT_EQ(errorOf("\n#[[ x ]\na()\n"),
            "f.cmake:2: unterminated bracket comment");
}

TEST(CMakeTextTest, OtherSyntaxErrors) {
  EXPECT_EQ(errorOf("a\n(x)\n"), "f.cmake:1: expected '(' after 'a'");
  EXPECT_EQ(errorOf("a() b()\n"),
            "f.cmake:1: expected a newline before the next command");
  EXPECT_EQ(errorOf("#[[x]] b()\n"),
            "f.cmake:1: expected a newline before the next command");
  EXPECT_EQ(errorOf("a() # x\n#[[y]] # z\nb()\n"), "no error");
  EXPECT_EQ(errorOf("a()\n\"x\"\n"),
            "f.cmake:2: expected a command name, found '\"'");
  EXPECT_EQ(errorOf("a(x\\\n)"),
            "f.cmake:1: unexpected '\\' at the end of a line");
}

TEST(CMakeTextTest, CommandAtLineWithoutCommand) {
  llvm::StringRef Text = R"(# a comment
foo(a
  b)

bar()
)";
  EXPECT_EQ(errorAt(Text, 1), "f.cmake:1: no command starts on this line");
  EXPECT_EQ(errorAt(Text, 3), "f.cmake:3: no command starts on this line (it "
                              "is inside 'foo' from line 2)");
  EXPECT_EQ(errorAt(Text, 4), "f.cmake:4: no command starts on this line");
  EXPECT_EQ(errorAt(Text, 9), "f.cmake:9: no command starts on this line");
  EXPECT_EQ(errorAt(Text, 5), "found bar");
}

TEST(CMakeTextTest, CommandAtIgnoresErrorsAfterIt) {
  llvm::StringRef Text = "a(x)\nb(y)\nc(\"unterminated\n";
  EXPECT_EQ(errorAt(Text, 2), "found b");
  EXPECT_EQ(errorAt(Text, 3), "f.cmake:3: unterminated quoted argument");
}
