//===- HtmlBrowserTest.cpp - The HTML report in a real browser ------------===//
//
// Renders `strata report --format html` in headless Chromium and checks the
// DOM after the inline script ran: the verdict, one DSM cell per drawn edge,
// the script finishing, and hostile file names staying text. Skipped where
// /usr/bin/chromium is missing. Set STRATA_SCREENSHOT_DIR to keep a
// screenshot of each example's report.
//
//===----------------------------------------------------------------------===//
#include "Process.h"
#include "TestSupport.h"
#include "strata/report/Html.h"

#include <cstdlib>
#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

using namespace strata;
using namespace strata::test;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

constexpr const char *Chromium = "/usr/bin/chromium";

/// Chromium on \p Html with a fresh profile and its background network
/// features off, plus \p Extra (--dump-dom or --screenshot=...).
RunResult runChromium(const std::string &Html,
                      const std::vector<std::string> &Extra) {
  TempDir Profile;
  std::vector<std::string> Args = {Chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--user-data-dir=" + Profile.Path};
  Args.insert(Args.end(), Extra.begin(), Extra.end());
  Args.push_back("file://" + Html);
  return runProgram(Args);
}

size_t count(const std::string &Haystack, const std::string &Needle) {
  size_t N = 0;
  for (size_t P = Haystack.find(Needle); P != std::string::npos;
       P = Haystack.find(Needle, P + Needle.size()))
    ++N;
  return N;
}

std::string realPath(const std::string &P) {
  llvm::SmallString<256> Real;
  return llvm::sys::fs::real_path(P, Real) ? P : std::string(Real);
}

class HtmlBrowserTest : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    if (!llvm::sys::fs::exists(Chromium))
      GTEST_SKIP() << Chromium << " is not installed";
    Source =
        realPath(std::string(STRATA_SOURCE_DIR) + "/examples/" + GetParam());
    RunResult C = runProgram({STRATA_CMAKE_COMMAND, "-S", Source, "-B",
                              Dir.path("build"), "-G", "Ninja"});
    ASSERT_EQ(C.Exit, 0) << C.Out << C.Err;
  }

  RunResult strata(const std::string &Command, const std::string &Format,
                   const std::string &Out) {
    return runStrata({Command, "-p", Dir.path("build"), "--project-root",
                      Source, "--format", Format, "-o", Out, "--quiet"});
  }

  TempDir Dir;
  std::string Source;
};

TEST_P(HtmlBrowserTest, RendersTheVerdictMatricesAndScript) {
  std::string Html = Dir.path("report.html");
  RunResult R = strata("report", "html", Html);
  ASSERT_EQ(R.Exit, 0) << R.Err;
  R = strata("analyze", "json", Dir.path("analysis.json"));
  ASSERT_EQ(R.Exit, 0) << R.Err;
  nlohmann::json A = nlohmann::json::parse(readFile(Dir.path("analysis.json")));
  const nlohmann::json &Components = A["levels"]["component"]["summary"];
  size_t ModuleEdges = A["levels"]["module"]["summary"]["edges"];
  // The component matrix is drawn only up to the report's limit.
  size_t ComponentEdges = Components["nodes"].get<size_t>() <=
                                  report::HtmlOptions().MaxComponentsDrawn
                              ? Components["edges"].get<size_t>()
                              : 0;
  ASSERT_GT(ModuleEdges + ComponentEdges, 0u);

  RunResult Dom = runChromium(Html, {"--dump-dom"});
  ASSERT_EQ(Dom.Exit, 0) << Dom.Err; // its stderr matters only on failure
  const char *Label =
      GetParam() == "tangled" ? "tightly coupled MVP" : "modular production";
  EXPECT_THAT(Dom.Out, HasSubstr("id=\"verdict\">" + std::string(Label) + "<"));
  EXPECT_EQ(count(Dom.Out, "class=\"dsm-cell\""), ModuleEdges + ComponentEdges);
  EXPECT_THAT(Dom.Out,
              ::testing::ContainsRegex("<body[^>]* data-script-ok=\"1\""));

  std::string Png = Dir.path(GetParam() + ".png");
  RunResult Shot =
      runChromium(Html, {"--screenshot=" + Png, "--window-size=1400,4000",
                         "--hide-scrollbars"});
  ASSERT_EQ(Shot.Exit, 0) << Shot.Err;
  uint64_t Size = 0;
  ASSERT_FALSE(llvm::sys::fs::file_size(Png, Size)) << Shot.Err;
  EXPECT_GT(Size, 10000u); // a blank page compresses far below this
  if (const char *Keep = std::getenv("STRATA_SCREENSHOT_DIR")) {
    llvm::sys::fs::create_directories(Keep);
    EXPECT_FALSE(llvm::sys::fs::copy_file(Png, std::string(Keep) + "/" +
                                                   GetParam() + ".png"));
  }
}

INSTANTIATE_TEST_SUITE_P(Bundled, HtmlBrowserTest,
                         ::testing::Values("tangled", "layered"));

// A header whose name is markup that would mark the page if it ran: the
// report must show the name as text and the browser must not run it.
TEST(HtmlBrowserEscapeTest, HostileFileNameStaysText) {
  if (!llvm::sys::fs::exists(Chromium))
    GTEST_SKIP() << Chromium << " is not installed";
  const std::string Evil =
      "<img src=x onerror=document.body.setAttribute('data-pwned','1')>";
  TempDir Dir;
  Dir.write("src/" + Evil + ".h", "inline int pwned() { return 1; }\n");
  Dir.write("src/main.cpp",
            "#include \"" + Evil + ".h\"\nint main() { return pwned(); }\n");
  Dir.write("build/compile_commands.json",
            "[{\"directory\": \"" + Dir.path("src") +
                "\", \"file\": \"main.cpp\", \"arguments\": [\"c++\", "
                "\"-c\", \"main.cpp\"]}]");
  std::string Html = Dir.path("report.html");
  RunResult R = runStrata({"report", "--format", "html", "-o", Html, "-p",
                           Dir.path("build"), "--project-root", Dir.path("src"),
                           "--quiet"});
  ASSERT_EQ(R.Exit, 0) << R.Err;
  ASSERT_THAT(readFile(Html), HasSubstr("&lt;img src=x"));

  RunResult Dom = runChromium(Html, {"--dump-dom"});
  ASSERT_EQ(Dom.Exit, 0) << Dom.Err;
  EXPECT_THAT(Dom.Out, HasSubstr("data-script-ok=\"1\""));
  EXPECT_THAT(Dom.Out, Not(HasSubstr("data-pwned=")));
  // The serialized DOM escapes text nodes again: the name was text.
  EXPECT_THAT(Dom.Out,
              HasSubstr("&lt;img src=x onerror=document.body.setAttribute("
                        "'data-pwned','1')&gt;.h"));
}

} // namespace
