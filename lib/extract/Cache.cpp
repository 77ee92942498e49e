//===- Cache.cpp - Per-TU facts kept between runs -------------------------===//
//
// An entry is a file "<key>.facts": one line of JSON with the inputs and the
// body ownership, then the TU's facts in the facts-file format.
//
//===----------------------------------------------------------------------===//
#include "strata/extract/Cache.h"

#include "strata/facts/FactsJson.h"
#include "strata/support/Json.h"
#include "strata/support/Output.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <nlohmann/json.hpp>

using namespace llvm;
using nlohmann::json;

namespace strata::extract {
namespace {

// 2: dependent operator calls no longer name their candidates.
constexpr int CacheVersion = 6;
constexpr StringRef CacheFormat = "strata-cache";

} // namespace

std::string contentHash(StringRef Content) {
  return utohexstr(xxh3_64bits(Content), /*LowerCase=*/true, /*Width=*/16);
}

Error FactCache::prepare() {
  if (std::error_code EC = sys::fs::create_directories(Dir))
    return fileError(Dir, "cannot create cache directory: " + EC.message());
  return Error::success();
}

std::string FactCache::key(ArrayRef<std::string> AdjustedArgs,
                           StringRef Directory, StringRef Root,
                           StringRef ModeTag) {
  std::string Text = (Twine(CacheFormat) + "\n" + Twine(CacheVersion) + "\n" +
                      Twine(facts::FactsVersion) + "\n" + LLVM_VERSION_STRING +
                      "\n" + Root + "\n" + Directory + "\n" + ModeTag + "\n")
                         .str();
  for (const std::string &A : AdjustedArgs)
    Text += A + '\0';
  return contentHash(Text);
}

std::string FactCache::entryPath(StringRef Key) const {
  SmallString<256> P(Dir);
  sys::path::append(P, Key + ".facts");
  return std::string(P);
}

std::string FactCache::currentHash(StringRef Path) {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = Hashes.find(Path);
    if (It != Hashes.end())
      return It->second;
  }
  std::string Hash;
  if (auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false))
    Hash = contentHash((*Buffer)->getBuffer());
  std::lock_guard<std::mutex> Lock(Mutex);
  Hashes[Path] = Hash;
  return Hash;
}

std::optional<TUResult>
parseCacheEntry(StringRef Content, StringRef Path, std::string &Warning,
                function_ref<bool(ArrayRef<InputFile>)> Fresh) {
  auto [HeaderLine, FactsText] = Content.split('\n');
  auto Corrupt = [&](const Twine &Why) -> std::optional<TUResult> {
    Warning =
        (Path + ": ignoring cache entry (" + Why + "); rebuilding it").str();
    return std::nullopt;
  };
  json Header = json::parse(HeaderLine.begin(), HeaderLine.end(), nullptr,
                            /*allow_exceptions=*/false);
  if (Header.is_discarded() || !Header.is_object())
    return Corrupt("unreadable header");
  TUResult R;
  try {
    if (Header.value("format", "") != CacheFormat)
      return Corrupt("not a strata cache entry");
    auto Version = Header.find("version");
    if (Version == Header.end() || *Version != CacheVersion)
      return std::nullopt; // another strata's entry: silently rebuilt
    for (const json &I : Header.at("inputs"))
      R.Inputs.push_back(
          {I.at(0).get<std::string>(), I.at(1).get<std::string>()});
    R.OwnedFiles = Header.at("owned").get<std::vector<std::string>>();
    R.SkippedFiles = Header.at("skipped").get<std::vector<std::string>>();
  } catch (const json::exception &E) {
    return Corrupt(E.what());
  }
  // A stale entry is only out of date, and its facts need not be read.
  if (Fresh && !Fresh(R.Inputs))
    return std::nullopt;
  Expected<facts::FactSet> Facts = facts::parseFactsJson(FactsText, Path);
  if (!Facts)
    return Corrupt(toString(Facts.takeError()));
  if (Facts->TUs.size() != 1)
    return Corrupt("expected the facts of one translation unit");
  R.Facts = std::move(*Facts);
  R.FromCache = true;
  return R;
}

std::optional<TUResult> FactCache::lookup(StringRef Key, std::string &Warning) {
  std::string Path = entryPath(Key);
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return std::nullopt; // not cached yet
  return parseCacheEntry((*Buffer)->getBuffer(), Path, Warning,
                         [&](ArrayRef<InputFile> Inputs) {
                           return llvm::all_of(Inputs, [&](const InputFile &I) {
                             return currentHash(I.Path) == I.Hash;
                           });
                         });
}

void FactCache::store(StringRef Key, const TUResult &R, std::string &Warning) {
  json Inputs = json::array();
  for (const InputFile &I : R.Inputs)
    Inputs.push_back({I.Path, I.Hash});
  json Header = {{"format", CacheFormat},
                 {"version", CacheVersion},
                 {"inputs", std::move(Inputs)},
                 {"owned", R.OwnedFiles},
                 {"skipped", R.SkippedFiles}};
  if (Error E = writeOutput(entryPath(Key), [&](raw_ostream &OS) {
        OS << dumpJson(Header) << "\n";
        facts::writeFactsJson(R.Facts, OS);
      }))
    Warning = toString(std::move(E));
}

} // namespace strata::extract
