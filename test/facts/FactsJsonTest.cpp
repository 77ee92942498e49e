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
  F.Uses.push_back(U);
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

TEST(FactsJsonTest, OneFactPerLine) {
  std::string Json = toJson(sample());
  EXPECT_NE(Json.find("\n    {\"col\":10,\"file\":\"a.cpp\",\"line\":1,"
                      "\"spelled\":\"a.h\",\"target\":\"a.h\"}"),
            std::string::npos)
      << Json;
}

TEST(FactsJsonTest, RejectsOtherVersions) {
  EXPECT_EQ(
      errorOf(R"({"format":"strata-facts","version":99,"root":"/"})"),
      "f.json: facts file version 99 is not supported (this strata reads 1)");
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
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":1,"root":"/",
                        "uses":[{"file":"a"}]})"),
            "f.json: uses[0]: missing field 'line'");
  // Found by fuzzing: a count out of range was converted with undefined
  // behaviour; now it is an error, as is a negative one.
  for (const char *Line : {"1e40", "-1", "4294967296", "2.5"})
    EXPECT_EQ(errorOf(std::string(R"({"format":"strata-facts","version":1,
                        "root":"/","uses":[{"file":"a","line":)") +
                      Line + "}]}"),
              "f.json: uses[0]: field 'line' is not a count (an integer from "
              "0 to 2^32-1)")
        << Line;
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":1,"root":"/",
                        "files":[{"path":3}]})"),
            "f.json: files[0]: field 'path' has the wrong type");
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":1,"root":"/",
                        "translation_units":[{"file":"a","status":"meh"}]})"),
            "f.json: translation_units[0]: field 'status' has unknown value "
            "'meh'");
  EXPECT_EQ(errorOf(R"({"format":"strata-facts","version":1,"root":"/",
                        "includes":{}})"),
            "f.json: 'includes' is not an array");
}
