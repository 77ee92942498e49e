//===- IncludeAdviceTest.cpp - Include verdicts on parsed snippets --------===//
//
// The include verdicts (graph/Includes.h) on facts that Clang extracted from
// small snippets, one for each way a claim went wrong on real code (issue
// 22's audit). Each snippet is /proj/main.cpp with headers mapped beside
// it; /sys is a system include directory, so its headers play the standard
// library. Each test states what deleting the include would do to the
// compile, which is what the verdict must agree with.
//
//===----------------------------------------------------------------------===//
#include "strata/extract/Extract.h"
#include "strata/graph/Includes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace strata;
using ::testing::ElementsAre;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

graph::IncludeReport verdicts(llvm::StringRef Code, const Files &Headers) {
  facts::FactSet F = extract::extractFromCode(
      Code, "/proj/main.cpp", {"-std=c++20", "-I/proj", "-isystem", "/sys"},
      "/proj", Headers);
  return graph::classifyIncludes(F);
}

// "line status[/kept-for]" for main.cpp's includes of project headers.
std::vector<std::string> ofMain(const graph::IncludeReport &R) {
  std::vector<std::string> Out;
  for (const graph::IncludeVerdict &V : R.Includes) {
    if (V.File != "main.cpp")
      continue;
    std::string S = std::to_string(V.Line) + " " + toString(V.Status).str();
    if (V.Status == graph::IncludeStatusKind::Used)
      S += "/" + toString(V.KeptFor).str();
    Out.push_back(S);
  }
  return Out;
}

const graph::IncludeVerdict *at(const graph::IncludeReport &R,
                                llvm::StringRef File, unsigned Line) {
  return R.find(File, Line);
}

const char *StdString = "#pragma once\nnamespace std2 { class string {}; }\n";

} // namespace

// abseil's string_view.h says `using std::string_view;`: `absl::string_view`
// names the external class through the project header, and without the
// header `absl::string_view` does not exist.
TEST(IncludeAdviceTest, UsingDeclarationOfAnExternalTypeNeedsItsHeader) {
  auto R =
      verdicts("#include <str.h>\n#include \"sv.h\"\nabsl::string s;\n",
               {{"/sys/str.h", StdString},
                {"/proj/sv.h", "#pragma once\n#include <str.h>\n"
                               "namespace absl { using std2::string; }\n"}});
  EXPECT_THAT(ofMain(R), ElementsAre("2 used/itself"));
}

// A base's member through a derived pointer needs the derived class
// complete (`member access into incomplete type`).
TEST(IncludeAdviceTest, BaseMemberThroughADerivedPointerNeedsTheDerived) {
  auto R =
      verdicts("#include \"base.h\"\n#include \"derived.h\"\n"
               "int f(Derived *d) { return d->tag(); }\n",
               {{"/proj/base.h", "#pragma once\nstruct Base { int tag(); };\n"},
                {"/proj/derived.h", "#pragma once\n#include \"base.h\"\n"
                                    "struct Derived : Base {};\n"}});
  EXPECT_THAT(ofMain(R), ElementsAre("1 used/itself", "2 used/itself"));
}

// Converting a derived pointer to its base needs the derived class
// complete, though nothing of it is named (`Base` itself is only a
// pointer's type here: a declaration does).
TEST(IncludeAdviceTest, DerivedToBaseConversionNeedsTheDerived) {
  auto R = verdicts("#include \"base.h\"\n#include \"derived.h\"\n"
                    "void g(Base *b);\nvoid f(Derived *d) { g(d); }\n",
                    {{"/proj/base.h", "#pragma once\nstruct Base {};\n"},
                     {"/proj/derived.h", "#pragma once\n#include \"base.h\"\n"
                                         "struct Derived : Base {};\n"}});
  EXPECT_THAT(ofMain(R), ElementsAre("1 forward-declarable", "2 used/itself"));
}

// main.cpp's std2::string arrives only through h.h: deleting h.h breaks it.
// With its own <str.h> as well, the external include is the one it needs
// and h.h is unused.
TEST(IncludeAdviceTest, ExternalDeclarationsThroughAProjectHeader) {
  Files Headers = {{"/sys/str.h", StdString},
                   {"/proj/h.h", "#pragma once\n#include <str.h>\n"}};
  EXPECT_THAT(ofMain(verdicts("#include \"h.h\"\nstd2::string s;\n", Headers)),
              ElementsAre("1 used/itself"));
  EXPECT_THAT(
      ofMain(verdicts("#include \"h.h\"\n#include <str.h>\nstd2::string s;\n",
                      Headers)),
      ElementsAre("1 unused"));
}

// `make<Node>()` news a Node: the explicit argument of a function template
// needs the definition. A class template that holds its argument by value
// needs it too; one that holds a pointer does not.
TEST(IncludeAdviceTest, TemplateArgumentsThatMustBeComplete) {
  Files Headers = {{"/proj/node.h", "#pragma once\nstruct Node {};\n"},
                   {"/sys/tpl.h",
                    "#pragma once\ntemplate <class T> T *make() "
                    "{ return new T(); }\n"
                    "template <class T> struct Opt { struct S { T v; } s; };\n"
                    "template <class T> struct Ptr { T *p; };\n"}};
  EXPECT_THAT(ofMain(verdicts("#include \"node.h\"\n#include <tpl.h>\n"
                              "void f() { make<Node>(); }\n",
                              Headers)),
              ElementsAre("1 used/itself"));
  EXPECT_THAT(ofMain(verdicts("#include \"node.h\"\n#include <tpl.h>\n"
                              "struct H { Opt<Node> o; };\n",
                              Headers)),
              ElementsAre("1 used/itself"));
  EXPECT_THAT(ofMain(verdicts("#include \"node.h\"\n#include <tpl.h>\n"
                              "struct H { Ptr<Node> p; };\n",
                              Headers)),
              ElementsAre("1 forward-declarable"));
}

// redis's server.c includes its ASCII logo inside a function: the text
// declares a local array, and no verdict can be given on it.
TEST(IncludeAdviceTest, IncludeInsideAFunctionBodyIsTextual) {
  auto R = verdicts("int f() {\n#include \"logo.h\"\n  return logo[0];\n}\n"
                    "struct S {\n#include \"fields.h\"\n};\n",
                    {{"/proj/logo.h", "static const char logo[] = \"x\";\n"},
                     {"/proj/fields.h", "int a;\n"}});
  EXPECT_THAT(ofMain(R), ElementsAre());
  EXPECT_EQ(R.Unclassified, 2u);
}

// include-what-you-use's pragmas keep what nothing uses: keep and
// associated on the line, export on the line or in a block, and a private
// header that names its public one; strata's own `strata: keep` too.
TEST(IncludeAdviceTest, PragmasKeepIncludes) {
  Files Headers = {
      {"/proj/a.h", "#pragma once\n"},
      {"/proj/b.h", "#pragma once\n"},
      {"/proj/c.h", "#pragma once\n"},
      {"/proj/d.h", "#pragma once\n"},
      {"/proj/e.h", "#pragma once\n"},
      {"/proj/f.h", "#pragma once\n"},
      {"/proj/impl.h",
       "#pragma once\n// IWYU pragma: private, include \"api.h\"\n"},
      {"/proj/api.h", "#pragma once\n#include \"impl.h\"\n"
                      "#include \"f.h\"\n"}};
  auto R = verdicts("#include \"a.h\" // IWYU pragma: keep\n"
                    "#include \"b.h\"  /* IWYU pragma: associated */\n"
                    "// IWYU pragma: begin_exports\n"
                    "#include \"c.h\"\n"
                    "// IWYU pragma: end_exports\n"
                    "#include \"d.h\" // strata: keep\n"
                    "#include \"e.h\"\n"
                    "#include \"api.h\" // IWYU pragma: export\n",
                    Headers);
  EXPECT_THAT(ofMain(R),
              ElementsAre("1 used/pragma", "2 used/pragma", "4 used/pragma",
                          "6 used/pragma", "7 unused", "8 used/pragma"));
  // api.h exports the private header that names it, not f.h.
  ASSERT_TRUE(at(R, "api.h", 2));
  EXPECT_EQ(at(R, "api.h", 2)->KeptFor, graph::KeptForKind::Pragma);
  ASSERT_TRUE(at(R, "api.h", 3));
  EXPECT_EQ(at(R, "api.h", 3)->Status, graph::IncludeStatusKind::Unused);
}

// `fs::path` needs the header that says `namespace fs = ...`, and `using
// namespace lib;` a header that declares lib.
TEST(IncludeAdviceTest, NamespaceAliasesAndUsingDirectives) {
  auto R = verdicts(
      "#include <fs.h>\n#include \"alias.h\"\n#include \"lib.h\"\n"
      "fs::path p;\nusing namespace lib;\n",
      {{"/sys/fs.h", "#pragma once\nnamespace std2::fsx { class path {}; }\n"},
       {"/proj/alias.h",
        "#pragma once\n#include <fs.h>\nnamespace fs = std2::fsx;\n"},
       {"/proj/lib.h", "#pragma once\nnamespace lib { int x; }\n"}});
  EXPECT_THAT(ofMain(R), ElementsAre("2 used/itself", "3 used/itself"));
}

// The declarations a forward-declarable include is replaced with keep the
// inline namespace and the template parameters; a template with a default
// argument cannot be declared again with it, so its include stays.
TEST(IncludeAdviceTest, ForwardDeclarationsThatCompile) {
  auto R = verdicts(
      "#include \"c.h\"\n#include \"arr.h\"\n#include \"def.h\"\n"
      "void f(a::C *c, Arr<int, 3> *x, Def<int> *d);\n",
      {{"/proj/c.h",
        "#pragma once\nnamespace a { inline namespace v1 { class C {}; } }\n"},
       {"/proj/arr.h", "#pragma once\ntemplate <typename T, int N> "
                       "class Arr {};\n"},
       {"/proj/def.h", "#pragma once\ntemplate <typename T, typename U = T> "
                       "struct Def {};\n"}});
  EXPECT_THAT(ofMain(R), ElementsAre("1 forward-declarable",
                                     "2 forward-declarable", "3 used/itself"));
  ASSERT_TRUE(at(R, "main.cpp", 1) && at(R, "main.cpp", 2));
  EXPECT_EQ(graph::forwardDeclarations(*at(R, "main.cpp", 1)),
            "namespace a { inline namespace v1 { class C; } }\n");
  EXPECT_EQ(graph::forwardDeclarations(*at(R, "main.cpp", 2)),
            "template <typename T, int N> class Arr;\n");
}

// A name in the body of a macro that m.h defines is m.h's use too
// (include-what-you-use's rule): m.h's include of b.h stays although
// main.cpp, which expands the macro, includes b.h itself.
TEST(IncludeAdviceTest, MacroBodiesUseWhatTheyName) {
  auto R = verdicts("#include \"b.h\"\n#include \"m.h\"\n"
                    "int f() { return CALL(); }\n",
                    {{"/proj/b.h", "#pragma once\nint helper();\n"},
                     {"/proj/m.h", "#pragma once\n#include \"b.h\"\n"
                                   "#define CALL() helper()\n"}});
  ASSERT_TRUE(at(R, "m.h", 2));
  EXPECT_EQ(at(R, "m.h", 2)->Status, graph::IncludeStatusKind::Used);
  EXPECT_EQ(at(R, "m.h", 2)->KeptFor, graph::KeptForKind::Itself);
  EXPECT_THAT(ofMain(R), ElementsAre("1 used/itself", "2 used/itself"));

  // The same for a macro named in another macro's body (redis's release.h
  // builds REDIS_BUILD_ID_RAW from version.h's REDIS_VERSION).
  auto M =
      verdicts("#include \"version.h\"\n#include \"release.h\"\n"
               "const char *id = BUILD_ID;\n",
               {{"/proj/version.h", "#pragma once\n#define VERSION \"7\"\n"},
                {"/proj/release.h", "#pragma once\n#include \"version.h\"\n"
                                    "#define BUILD_ID VERSION \"-x\"\n"}});
  ASSERT_TRUE(at(M, "release.h", 2));
  EXPECT_EQ(at(M, "release.h", 2)->Status, graph::IncludeStatusKind::Used);
}

// fmacros.h defines _GNU_SOURCE before the system headers that test it, so
// that they declare accept4 (redis): the file whose include brings the
// system header in uses the macro, and fmacros.h stays.
TEST(IncludeAdviceTest, ProjectMacrosThatSystemHeadersTest) {
  auto R = verdicts(
      "#include \"fmacros.h\"\n#include <net.h>\nint f() { return accept4(); "
      "}\n",
      {{"/proj/fmacros.h", "#pragma once\n#define _GNU_SOURCE\n"},
       {"/sys/net.h", "#pragma once\n#ifdef _GNU_SOURCE\nint accept4();\n"
                      "#endif\n"}});
  EXPECT_THAT(ofMain(R), ElementsAre("1 used/itself"));
}
