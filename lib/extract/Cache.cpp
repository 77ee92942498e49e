//===- Cache.cpp - Per-TU facts kept between runs -------------------------===//
//
// The cache is a facts store, "facts.db" in the cache directory: an entry is
// a unit named by its key, holding the TU's facts, with a note of one line of
// JSON that lists the inputs and the body ownership.
//
//===----------------------------------------------------------------------===//
#include "strata/extract/Cache.h"

#include "strata/facts/FactsJson.h"
#include "strata/store/FactStore.h"
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

// Bumped whenever what a TU records changes, so that no entry of an older
// rule is reused. 7: macro bodies' uses, an undefined macro in view keys,
// declarations chosen by place, partial specializations only for complete
// types, class template constructors' names (issue 21, session 13).
constexpr int CacheVersion = 7;
constexpr StringRef CacheFormat = "strata-cache";

} // namespace

std::string contentHash(StringRef Content) {
  return utohexstr(xxh3_64bits(Content), /*LowerCase=*/true, /*Width=*/16);
}

FactCache::FactCache(std::string Dir) : Dir(std::move(Dir)) {}
FactCache::~FactCache() = default;

Error FactCache::prepare(StringRef Root, std::string &Warning) {
  if (std::error_code EC = sys::fs::create_directories(Dir))
    return fileError(Dir, "cannot create cache directory: " + EC.message());
  // Entries of the cache before it was a store: one file each, named by
  // the key (16 hex digits) and ".facts". Nothing reads them any more.
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (Name.size() == 22 && Name.ends_with(".facts") &&
        llvm::all_of(Name.drop_back(6), llvm::isHexDigit))
      sys::fs::remove(It->path());
  }
  SmallString<256> Path(Dir);
  sys::path::append(Path, "facts.db");
  std::string Dropped;
  Expected<std::unique_ptr<store::FactStore>> S =
      store::FactStore::openShared(Path, Root, Dropped);
  if (!S)
    return S.takeError();
  if (!Dropped.empty())
    Warning =
        (Path + ": ignoring the cache (" + Dropped + "); rebuilding it").str();
  Store = std::move(*S);
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

std::optional<TUResult> parseCacheNote(StringRef Note, StringRef Path,
                                       std::string &Warning) {
  auto Corrupt = [&](const Twine &Why) -> std::optional<TUResult> {
    Warning =
        (Path + ": ignoring cache entry (" + Why + "); rebuilding it").str();
    return std::nullopt;
  };
  json Header = json::parse(Note.begin(), Note.end(), nullptr,
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
  return R;
}

std::optional<TUResult> FactCache::lookup(StringRef Key, std::string &Warning) {
  std::lock_guard<std::mutex> Lock(StoreMutex);
  std::string Where = (Store->path() + " (" + Key + ")").str();
  auto Unreadable = [&](Error E) -> std::optional<TUResult> {
    Warning = (Twine(Where) + ": ignoring cache entry (" +
               toString(std::move(E)) + "); rebuilding it")
                  .str();
    return std::nullopt;
  };
  Expected<std::optional<std::string>> Note = Store->note(Key);
  if (!Note)
    return Unreadable(Note.takeError());
  if (!*Note)
    return std::nullopt; // not cached yet
  std::optional<TUResult> R = parseCacheNote(**Note, Where, Warning);
  // A stale entry is only out of date, and its facts need not be read.
  if (!R || !llvm::all_of(R->Inputs, [&](const InputFile &I) {
        return currentHash(I.Path) == I.Hash;
      }))
    return std::nullopt;
  Expected<std::optional<facts::FactSet>> Facts = Store->readUnit(Key);
  if (!Facts)
    return Unreadable(Facts.takeError());
  if (!*Facts || (*Facts)->TUs.size() != 1) {
    Warning =
        (Twine(Where) + ": ignoring cache entry (expected the facts of one "
                        "translation unit); rebuilding it")
            .str();
    return std::nullopt;
  }
  R->Facts = std::move(**Facts);
  R->FromCache = true;
  return R;
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
  std::lock_guard<std::mutex> Lock(StoreMutex);
  if (Error E = Store->replaceUnit(Key, R.Facts, dumpJson(Header)))
    Warning = toString(std::move(E));
}

} // namespace strata::extract
