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

// brotli's hash.h includes hash_longest_match_inc.h, which has no guard,
// once per definition of HASHER: each inclusion declares other functions,
// and no inclusion is unused, the first included. A guarded header
// included twice is read once: the second include is unused.
TEST(IncludeAdviceTest, HeadersReadAgainWithoutAGuardAreTextual) {
  auto R = verdicts("#define NAME one\n#include \"frag.h\"\n#undef NAME\n"
                    "#define NAME two\n#include \"frag.h\"\n"
                    "#include \"g.h\"\n#include \"g.h\"\n"
                    "int f() { return one() + two() + g(); }\n",
                    {{"/proj/frag.h", "int NAME();\n"},
                     {"/proj/g.h", "#ifndef G_H\n#define G_H\nint g();\n"
                                   "#endif\n"}});
  EXPECT_THAT(ofMain(R), ElementsAre("6 used/itself", "7 unused"));
  EXPECT_EQ(R.Unclassified, 2u);
}

// A header that relies on its includer for a declaration keeps the
// include that brings it first, and only that one: lua's lcode.c reaches
// lstate.h through an include it needs before ldebug.h, so ldebug.h does
// not stay for the headers that rely on lstate.h.
TEST(IncludeAdviceTest, ReliantHeadersKeepTheFirstIncludeThatServes) {
  Files Headers = {{"/proj/decl.h", "#pragma once\nstruct Decl { int x; };\n"},
                   {"/proj/first.h", "#pragma once\n#include \"decl.h\"\n"
                                     "int first();\n"},
                   {"/proj/extra.h", "#pragma once\n#include \"decl.h\"\n"},
                   {"/proj/reliant.h",
                    "#pragma once\ninline int g(Decl *d) { return d->x; }\n"}};
  const char *Main = "#include \"first.h\"\n#include \"extra.h\"\n"
                     "#include \"reliant.h\"\n"
                     "int f() { return first() + g(nullptr); }\n";
  EXPECT_THAT(ofMain(verdicts(Main, Headers)),
              ElementsAre("1 used/itself", "2 unused", "3 used/itself"));

  // Without decl.h behind first.h, extra.h brings it before reliant.h.
  Headers[1].second = "#pragma once\nint first();\n";
  EXPECT_THAT(ofMain(verdicts(Main, Headers)),
              ElementsAre("1 used/itself", "2 used/reliant", "3 used/itself"));

  // A reliant header that arrives through a header bringing the
  // declaration first needs nothing from the includer (brotli's
  // encoder_dict.c need not include hash_base.h for the *_inc.h headers
  // that hash.h includes after its own hash_base.h).
  Files Wrapped = {
      {"/proj/decl.h", "#pragma once\nstruct Decl { int x; };\n"},
      {"/proj/reliant.h",
       "#pragma once\ninline int g(Decl *d) { return d->x; }\n"},
      {"/proj/wrap.h",
       "#pragma once\n#include \"decl.h\"\n#include \"reliant.h\"\n"}};
  EXPECT_THAT(ofMain(verdicts("#include \"decl.h\"\n#include \"wrap.h\"\n"
                              "int f() { return g(nullptr); }\n",
                              Wrapped)),
              ElementsAre("1 unused", "2 used/itself"));

  // A header without a guard that arrived before the include arrives again
  // after it (brotli's cluster.c reads cluster_inc.h through cluster.h,
  // then with bodies after bit_cost.h): the include stays for it.
  auto Again = verdicts(
      "#include \"cl.h\"\n#include \"bc.h\"\n#define WITH_BODY\n"
      "#include \"inc.h\"\n",
      {{"/proj/cl.h", "#pragma once\n#include \"inc.h\"\n"},
       {"/proj/bc.h", "#pragma once\nint helper();\n"},
       {"/proj/inc.h", "#ifdef WITH_BODY\n"
                       "inline int body() { return helper(); }\n#endif\n"}});
  EXPECT_THAT(ofMain(Again),
              ElementsAre("1 unused", "2 used/reliant", "4 unused"));
}

// A typedef whose header only declares the class (include-what-you-use's
// non-providing typedef): a variable of the typedef needs the class
// complete, so the include of the class's header stays. Deleting it:
// `variable has incomplete type`. When the typedef's header brings the
// definition itself, the class's own include is not needed.
TEST(IncludeAdviceTest, NonProvidingTypedefsNeedTheClass) {
  Files Headers = {{"/proj/c.h", "#pragma once\nclass C { int x; };\n"},
                   {"/proj/t.h", "#pragma once\nclass C;\ntypedef C CT;\n"}};
  const char *Main = "#include \"c.h\"\n#include \"t.h\"\nCT value;\n";
  EXPECT_THAT(ofMain(verdicts(Main, Headers)),
              ElementsAre("1 used/itself", "2 used/itself"));
  // The same through a using-declaration of the typedef.
  Headers.push_back({"/proj/u.h", "#pragma once\n#include \"t.h\"\n"
                                  "namespace n { using ::CT; }\n"});
  EXPECT_THAT(ofMain(verdicts("#include \"c.h\"\n#include \"u.h\"\n"
                              "n::CT value;\n",
                              Headers)),
              ElementsAre("1 used/itself", "2 used/itself"));
  Headers[1].second = "#pragma once\n#include \"c.h\"\ntypedef C CT;\n";
  EXPECT_THAT(ofMain(verdicts(Main, Headers)),
              ElementsAre("1 unused", "2 used/itself"));
}

// A call that leaves an argument to its default needs the declaration that
// gives it (`too few arguments` without it), though an earlier include
// declares the function too.
TEST(IncludeAdviceTest, DefaultArgumentsNeedTheirDeclaration) {
  auto R = verdicts("#include \"a.h\"\n#include \"b.h\"\n"
                    "int g() { return f(1); }\n",
                    {{"/proj/a.h", "#pragma once\nint f(int, int);\n"},
                     {"/proj/b.h", "#pragma once\n#include \"a.h\"\n"
                                   "int f(int, int = 0);\n"}});
  EXPECT_THAT(ofMain(R), ElementsAre("1 used/itself", "2 used/itself"));
}

// Destroying a temporary calls its destructor; one defined inline in
// another header than its class must be seen where it is used (an inline
// function is defined in every TU that uses it), or nothing emits it.
TEST(IncludeAdviceTest, DestructorsDefinedOutOfTheirClass) {
  auto R = verdicts(
      "#include \"f.h\"\n#include \"d.h\"\nvoid g() { make(); }\n",
      {{"/proj/c.h", "#pragma once\nstruct C { ~C(); };\n"},
       {"/proj/d.h", "#pragma once\n#include \"c.h\"\ninline C::~C() {}\n"},
       {"/proj/f.h", "#pragma once\n#include \"c.h\"\nC make();\n"}});
  EXPECT_THAT(ofMain(R), ElementsAre("1 used/itself", "2 used/itself"));
}

// A type names the specialization it gets: a partial or explicit
// specialization in another header is a use of that header, and so is an
// explicit instantiation declaration (`extern template`). Without them the
// file compiles into another instantiation than the rest of the program
// (an ODR violation), so include-what-you-use keeps them too.
TEST(IncludeAdviceTest, SpecializationsAndExplicitInstantiations) {
  Files Headers = {
      {"/proj/x.h", "#pragma once\ntemplate <class T> struct X { T v; };\n"},
      {"/proj/xp.h", "#pragma once\n#include \"x.h\"\n"
                     "template <class T> struct X<T *> { int p; };\n"},
      {"/proj/xs.h", "#pragma once\n#include \"x.h\"\n"
                     "template <> struct X<char> { int c; };\n"},
      {"/proj/xi.h", "#pragma once\n#include \"x.h\"\n"
                     "extern template struct X<int>;\n"}};
  auto R = verdicts("#include \"x.h\"\n#include \"xp.h\"\n#include \"xs.h\"\n"
                    "#include \"xi.h\"\nX<int *> a;\nX<char> b;\nX<int> c;\n",
                    Headers);
  EXPECT_THAT(ofMain(R), ElementsAre("1 used/itself", "2 used/itself",
                                     "3 used/itself", "4 used/itself"));
  // An explicit instantiation written here instantiates the partial
  // specialization it selects (xp.h brings x.h along).
  auto Written = verdicts("#include \"x.h\"\n#include \"xp.h\"\n"
                          "template struct X<long *>;\n",
                          Headers);
  EXPECT_THAT(ofMain(Written), ElementsAre("1 unused", "2 used/itself"));
}

// Naming a member through a class needs the class complete, even through
// an alias in a template (abseil's btree.h names
// `typename layout_type::template WithStaticSizes<...>`): a forward
// declaration of Layout gives `implicit instantiation of undefined
// template`.
TEST(IncludeAdviceTest, MembersNamedThroughAClassNeedItComplete) {
  auto R = verdicts(
      "#include \"l.h\"\ntemplate <class T> struct Node {\n"
      "  using L = Layout<T *>;\n"
      "  using W = typename L::template With<1>;\n};\n",
      {{"/proj/l.h", "#pragma once\ntemplate <class... T> struct Layout {\n"
                     "  template <int N> using With = int;\n};\n"}});
  EXPECT_THAT(ofMain(R), ElementsAre("1 used/itself"));
}

// A member call needs the class complete, not the member's definition:
// yaml-cpp's regex_yaml.h ends by including regeximpl.h, which defines its
// inline members, so a file that includes both needs only the first. An
// -inl.h the class's header does not bring is needed where its inline
// members are called (the TU must see their definitions).
TEST(IncludeAdviceTest, InlineMembersDefinedInAHeaderTheClassBrings) {
  Files Headers = {{"/proj/r.h", "#pragma once\nstruct R { int m() const; };\n"
                                 "#include \"ri.h\"\n"},
                   {"/proj/ri.h", "#pragma once\n#include \"r.h\"\n"
                                  "inline int R::m() const { return 1; }\n"}};
  const char *Main = "#include \"r.h\"\n#include \"ri.h\"\n"
                     "int f(const R &r) { return r.m(); }\n";
  EXPECT_THAT(ofMain(verdicts(Main, Headers)),
              ElementsAre("1 used/itself", "2 unused"));
  // (ri.h brings r.h too: main.cpp's own reference needs only `struct R;`.)
  Headers[0].second = "#pragma once\nstruct R { int m() const; };\n";
  EXPECT_THAT(ofMain(verdicts(Main, Headers)),
              ElementsAre("1 forward-declarable", "2 used/itself"));
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
      "#include \"lib2.h\"\n"
      "fs::path p;\nusing namespace lib;\nnamespace l2 = lib2;\n",
      {{"/sys/fs.h", "#pragma once\nnamespace std2::fsx { class path {}; }\n"},
       {"/proj/alias.h",
        "#pragma once\n#include <fs.h>\nnamespace fs = std2::fsx;\n"},
       {"/proj/lib.h", "#pragma once\nnamespace lib { int x; }\n"},
       {"/proj/lib2.h", "#pragma once\nnamespace lib2 { int y; }\n"}});
  // An alias's namespace needs a declaration too (`namespace l2 = lib2;`).
  EXPECT_THAT(ofMain(R),
              ElementsAre("2 used/itself", "3 used/itself", "4 used/itself"));
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

// A name in the body of a macro that m.h defines is m.h's use
// (include-what-you-use's rule): m.h's include of b.h stays although
// main.cpp, which expands the macro, includes b.h itself. main.cpp gets
// helper() through m.h, so its own include of b.h is unused (lua's lzio.c
// includes lmem.h for what lzio.h's luaZ_resizebuffer calls); deleting it
// compiles, since m.h brings b.h.
TEST(IncludeAdviceTest, MacroBodiesUseWhatTheyName) {
  auto R = verdicts("#include \"b.h\"\n#include \"m.h\"\n"
                    "int f() { return CALL(); }\n",
                    {{"/proj/b.h", "#pragma once\nint helper();\n"},
                     {"/proj/m.h", "#pragma once\n#include \"b.h\"\n"
                                   "#define CALL() helper()\n"}});
  ASSERT_TRUE(at(R, "m.h", 2));
  EXPECT_EQ(at(R, "m.h", 2)->Status, graph::IncludeStatusKind::Used);
  EXPECT_EQ(at(R, "m.h", 2)->KeptFor, graph::KeptForKind::Itself);
  EXPECT_THAT(ofMain(R), ElementsAre("1 unused", "2 used/itself"));

  // Through a macro that calls another (lua's luaZ_resizebuffer in lzio.h
  // calls lmem.h's luaM_reallocvector): the file needs the header of the
  // macro it expands, which brings the other.
  auto Nested = verdicts(
      "#include \"i.h\"\n#include \"m.h\"\nint f() { return OUTER(); }\n",
      {{"/proj/b.h", "#pragma once\nint helper();\n"},
       {"/proj/i.h", "#pragma once\n#include \"b.h\"\n"
                     "#define INNER() helper()\n"},
       {"/proj/m.h", "#pragma once\n#include \"i.h\"\n"
                     "#define OUTER() INNER()\n"}});
  EXPECT_THAT(ofMain(Nested), ElementsAre("1 unused", "2 used/itself"));

  // A macro the file defines names another in its body: the file uses it,
  // expanded or not (include-what-you-use's macro_body.cc); a function-like
  // one only when called.
  auto Defined =
      verdicts("#include \"obj.h\"\n#include \"fn.h\"\n#define MINE(x) OBJ\n"
               "#define OTHER(x) FN\n",
               {{"/proj/obj.h", "#pragma once\n#define OBJ int\n"},
                {"/proj/fn.h", "#pragma once\n#define FN(x) x\n"}});
  EXPECT_THAT(ofMain(Defined), ElementsAre("1 used/itself", "2 unused"));

  // A macro whose header does not see what its body names leaves that to
  // the files that expand it: without b.h, CALL() does not compile.
  auto Blind = verdicts("#include \"b.h\"\n#include \"m.h\"\n"
                        "int f() { return CALL(); }\n",
                        {{"/proj/b.h", "#pragma once\nint helper();\n"},
                         {"/proj/m.h", "#pragma once\n"
                                       "#define CALL() helper()\n"}});
  EXPECT_THAT(ofMain(Blind), ElementsAre("1 used/itself", "2 used/itself"));

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
