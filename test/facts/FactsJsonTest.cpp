//===- FactsJsonTest.cpp - The facts file ---------------------------------===//
#include "strata/facts/FactsJson.h"

#include <gtest/gtest.h>

using namespace strata::facts;

namespace {

FactSet sample() {
  FactSet F;
  F.Root = "/p";
  F.TUs.push_back({"a.cpp", TUStatus::Failed, 2, "a.cpp:3:1: error: x"});
  F.Files.push_back({"a.h", false, "abc", true});
  F.Files.push_back({"/usr/include/stdio.h", true, "", true});
  F.Includes.push_back({"a.cpp", 1, 10, "a.h", "a.h", false, false, false});
  F.Includes.push_back(
      {"a.cpp", 2, 10, "stdio.h", "/usr/include/stdio.h", true, true, true});
  EntityFact E;
  E.Name = "ns::A";
  E.Kind = EntityKind::Class;
  E.File = "a.h";
  E.Line = 3;
  E.Column = 7;
  E.Parent = "ns";
  E.Definition = true;
  E.Abstract = true;
  F.Entities.push_back(E);
  UseFact U;
  U.File = "a.cpp";
  U.Line = 5;
  U.Column = 3;
  U.Kind = UseKind::Base;
  U.Context = "ns::B";
  U.FromClass = "ns::B";
  U.FromNamespace = "ns";
  U.Target = "ns::A";
  U.TargetKind = EntityKind::Class;
  U.TargetFile = "a.h";
  U.TargetLine = 3;
  U.ToClass = "ns::A";
  U.ToNamespace = "ns";
  U.NeedsDefinition = true;
  U.Via = 1;
  F.Uses.push_back(U);
  // Version 2: a function's link identity on its entity and on the call.
  EntityFact Fn;
  Fn.Name = "ns::f";
  Fn.Kind = EntityKind::Function;
  Fn.File = "a.h";
  Fn.Line = 4;
  Fn.Column = 6;
  Fn.Parent = "ns";
  Fn.Symbol = "c0ffee";
  F.Entities.push_back(Fn);
  UseFact Call;
  Call.File = "a.cpp";
  Call.Line = 6;
  Call.Column = 3;
  Call.Kind = UseKind::Call;
  Call.Target = "ns::f";
  Call.TargetKind = EntityKind::Function;
  Call.TargetFile = "a.h";
  Call.TargetLine = 4;
  Call.Via = 1;
  Call.Symbol = "c0ffee";
  F.Uses.push_back(Call);
  // A header using what only its includer declared.
  UseFact Reliant;
  Reliant.File = "a.h";
  Reliant.Line = 2;
  Reliant.Column = 1;
  Reliant.Kind = UseKind::Param;
  Reliant.Target = "Config";
  Reliant.TargetKind = EntityKind::Struct;
  Reliant.TargetFile = "a.cpp";
  Reliant.TargetLine = 1;
  F.Reliant.push_back(Reliant);
  F.normalize();
  return F;
}

std::string toJson(const FactSet &F) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  writeFactsJson(F, OS);
  return S;
}

std::string errorOf(llvm::StringRef Json) {
  auto R = parseFactsJson(Json, "f.json");
  if (R)
    return "";
  return llvm::toString(R.takeError());
}

} // namespace

TEST(FactsJsonTest, RoundTripIsExact) {
  FactSet F = sample();
  std::string Json = toJson(F);
  auto Back = parseFactsJson(Json, "f.json");
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_TRUE(*Back == F);
  EXPECT_EQ(toJson(*Back), Json);
}

// Rows are written without nlohmann's tree, escaped as nlohmann escapes:
// quotes, backslashes, control characters (\u00XX, lower case), UTF-8 as
// it is and invalid UTF-8 replaced (U+FFFD, in the bytes EF BF BD).
TEST(FactsJsonTest, StringsAreEscapedAsJsonRequires) {
  FactSet F;
  F.Root = "/p";
  F.TUs.push_back(
      {"q\"uote\\back.cpp", TUStatus::Failed, 1, "tab\tnew\nline\x01\x1f\x7f"});
  F.TUs.push_back({"caf\xc3\xa9.cpp", TUStatus::Failed, 1, "bad\xff"});
  std::string Json = toJson(F);
  EXPECT_NE(Json.find(R"({"errors":1,"file":"q\"uote\\back.cpp",)"
                      R"("first_error":"tab\tnew\nline\u0001\u001f)"
                      "\x7f"
                      R"(",)"
                      R"("status":"failed"})"),
            std::string::npos)
      << Json;
  EXPECT_NE(Json.find("\"file\":\"caf\xc3\xa9.cpp\""), std::string::npos)
      << Json;
  EXPECT_NE(Json.find("\"first_error\":\"bad\xef\xbf\xbd\""), std::string::npos)
      << Json;
  auto Back = parseFactsJson(Json, "f.json");
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(Back->TUs[1].File, F.TUs[0].File);
  EXPECT_EQ(Back->TUs[1].FirstError, F.TUs[0].FirstError);
}

TEST(FactsJsonTest, OneFactPerLine) {
  std::string Json = toJson(sample());
  EXPECT_NE(Json.find("\n    {\"col\":10,\"file\":\"a.cpp\",\"line\":1,"
                      "\"spelled\":\"a.h\",\"target\":\"a.h\"}"),
            std::string::npos)
      << Json;
}

// Every field of version 2 is written (the needs of a use always, the rest
// only when set) and read back: the round trip above compares them all.
TEST(FactsJsonTest, WritesTheFieldsOfVersion2) {
  std::string Json = toJson(sample());
  EXPECT_NE(Json.find("\"version\": 2,"), std::string::npos) << Json;
  // The base class at a.cpp:5 needs the definition and is seen through the
  // include on line 1.
  EXPECT_NE(Json.find("\"line\":5,\"needs\":\"definition\""), std::string::npos)
      << Json;
  EXPECT_NE(Json.find("\"target_line\":3,\"to_class\":\"ns::A\",\"to_ns\":"
                      "\"ns\",\"via\":1}"),
            std::string::npos)
      << Json;
  // The call needs a declaration; it and its entity carry the symbol.
  EXPECT_NE(Json.find("\"line\":6,\"needs\":\"declaration\",\"symbol\":"
                      "\"c0ffee\""),
            std::string::npos)
      << Json;
  EXPECT_NE(Json.find("\"name\":\"ns::f\",\"parent\":\"ns\",\"symbol\":"
                      "\"c0ffee\"}"),
            std::string::npos)
      << Json;
  // The reliant use has its own table, last.
  size_t Reliant = Json.find("\"reliant_uses\": [\n    {\"col\":1,"
                             "\"file\":\"a.h\",\"kind\":\"param\"");
  ASSERT_NE(Reliant, std::string::npos) << Json;
  EXPECT_GT(Reliant, Json.find("\"uses\": ["));
  EXPECT_EQ(Json.substr(Json.size() - 4), "]\n}\n");

  auto Back = parseFactsJson(Json, "f.json");
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  ASSERT_EQ(Back->Uses.size(), 2u);
  EXPECT_TRUE(Back->Uses[0].NeedsDefinition);
  EXPECT_EQ(Back->Uses[0].Via, 1u);
  EXPECT_EQ(Back->Uses[1].Symbol, "c0ffee");
  EXPECT_FALSE(Back->Uses[1].NeedsDefinition);
  ASSERT_EQ(Back->Entities.size(), 2u);
  EXPECT_EQ(Back->Entities[1].Symbol, "c0ffee");
  ASSERT_EQ(Back->Reliant.size(), 1u);
  EXPECT_EQ(Back->Reliant[0].TargetFile, "a.cpp");
}

TEST(FactsJsonTest, RejectsOtherVersions) {
  EXPECT_EQ(
      errorOf(R"({"format":"strata-facts","version":99,"root":"/"})"),
      "f.json: facts file version 99 is not supported (this strata reads 2)");
  // An older strata's facts: extracting again is the way out.
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":1,"root":"/"})"),
            "f.json: facts file version 1 was written by an older strata "
            "(this strata reads 2); run 'strata extract' again");
}

TEST(FactsJsonTest, ANeedIsDefinitionOrDeclaration) {
  const char *Head = R"({"format":"strata-facts","version":2,"root":"/",
      "uses":[{"file":"a","line":1,"col":1,"kind":"call","target":"f",
               "target_kind":"function","target_file":"a","target_line":1)";
  EXPECT_EQ(errorOf(std::string(Head) + "}]}"),
            "f.json: uses[0]: missing field 'needs'");
  EXPECT_EQ(errorOf(std::string(Head) + R"(,"needs":"full"}]})"),
            "f.json: uses[0]: field 'needs' has unknown value 'full'");
  EXPECT_EQ(errorOf(std::string(Head) + R"(,"needs":"declaration"}]})"), "");
  // Reliant uses are read by the same rules.
  std::string Reliant = Head;
  Reliant.replace(Reliant.find("\"uses\""), 6, "\"reliant_uses\"");
  EXPECT_EQ(errorOf(Reliant + R"(,"via":-1,"needs":"declaration"}]})"),
            "f.json: reliant_uses[0]: field 'via' is not a count (an integer "
            "from 0 to 2^32-1)");
}

TEST(FactsJsonTest, RejectsMalformedInput) {
  EXPECT_EQ(errorOf("{\"format\": "),
            "f.json: not a valid JSON document (line 1, column 12: syntax "
            "error while parsing value - unexpected end of input; expected "
            "'[', '{', or a literal)");
  EXPECT_EQ(errorOf("[]"),
            "f.json: not a strata facts file (expected an object)");
  EXPECT_EQ(errorOf(R"({"format":"other","version":1})"),
            "f.json: not a strata facts file (format is not "
            "'strata-facts')");
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":2,"root":"/",
                        "uses":[{"file":"a"}]})"),
            "f.json: uses[0]: missing field 'line'");
  // Found by fuzzing: a count out of range was converted with undefined
  // behaviour; now it is an error, as is a negative one.
  for (const char *Line : {"1e40", "-1", "4294967296", "2.5"})
    EXPECT_EQ(errorOf(std::string(R"({"format":"strata-facts","version":2,
                        "root":"/","uses":[{"file":"a","line":)") +
                      Line + "}]}"),
              "f.json: uses[0]: field 'line' is not a count (an integer from "
              "0 to 2^32-1)")
        << Line;
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":2,"root":"/",
                        "files":[{"path":3}]})"),
            "f.json: files[0]: field 'path' has the wrong type");
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":2,"root":"/",
                        "translation_units":[{"file":"a","status":"meh"}]})"),
            "f.json: translation_units[0]: field 'status' has unknown value "
            "'meh'");
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":2,"root":"/",
                        "includes":{}})"),
            "f.json: 'includes' is not an array");
}

// Rows are read while the file is parsed, a row at a time; what is checked
// and in which order must stay what it was when the whole tree was read.
TEST(FactsJsonTest, RowsReadWhileParsingKeepTheirErrors) {
  // The format is checked before any row, wherever the rows stand.
  EXPECT_EQ(errorOf(R"({"uses":[{"file":"a"}],"format":"other","version":2})"),
            "f.json: not a strata facts file (format is not "
            "'strata-facts')");
  // A row that is not an object, then a bad one: the first is reported.
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":2,"root":"/",
                        "files":[{"path":"a"},3,{"path":4}]})"),
            "f.json: files[1] is not an object");
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":2,"root":"/",
                        "files":[{"path":"a"},[1]]})"),
            "f.json: files[1] is not an object");
  // A table inside another object is not a table.
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":2,"root":"/",
                        "extra":{"files":[{"path":3}]}})"),
            "");
  llvm::Expected<FactSet> F = parseFactsJson(
      R"({"format":"strata-facts","version":2,"root":"/",
          "files":[{"path":"b"},{"path":"a","external":true}],
          "extra":[{"path":"c"}]})",
      "f.json");
  ASSERT_TRUE(static_cast<bool>(F)) << llvm::toString(F.takeError());
  ASSERT_EQ(F->Files.size(), 2u); // normalized: sorted by path
  EXPECT_EQ(F->Files[0].Path, "a");
  EXPECT_TRUE(F->Files[0].External);
  EXPECT_EQ(F->Files[1].Path, "b");
}
