//===- Extractor.cpp - Facts from a compile database ----------------------===//
//
// Runs one Clang invocation per selected command on a thread pool. Like
// clang-scan-deps, each TU writes only its own slot and the slots are merged
// in database order, so the output never depends on thread timing.
//
//===----------------------------------------------------------------------===//
#include "strata/extract/Extract.h"

#include "FactCollector.h"
#include "Parse.h"
#include "strata/support/Output.h"
#include "strata/support/Paths.h"
#include "clang/Driver/Types.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/ThreadPool.h"
#include <atomic>
#include <mutex>
#include <numeric>

using namespace clang;
using namespace llvm;

namespace strata::extract {

namespace {

bool matchesAny(ArrayRef<GlobPattern> Globs, StringRef Rel, StringRef Abs) {
  return llvm::any_of(Globs, [&](const GlobPattern &G) {
    return G.match(Rel) || G.match(Abs);
  });
}

} // namespace

std::string describeNotCOrCxx(const std::map<std::string, size_t> &Counts) {
  std::string Out;
  for (const auto &[Language, Count] : Counts)
    Out += (Out.empty() ? "" : ", ") + std::to_string(Count) + " " + Language;
  return Out;
}

std::string notCOrCxx(const CompileCommand &C) {
  namespace types = clang::driver::types;
  // The driver's own rule: the last -x before the file, else the extension.
  types::ID Type = types::TY_INVALID;
  for (size_t I = 1; I < C.Arguments.size(); ++I) {
    StringRef A = C.Arguments[I];
    std::string Spec;
    if (A == "-x" && I + 1 < C.Arguments.size())
      Spec = C.Arguments[++I];
    else if (A.starts_with("-x") && A.size() > 2)
      Spec = A.drop_front(2).str();
    else if (A == C.File ||
             sys::path::filename(A) == sys::path::filename(C.File))
      break;
    if (!Spec.empty())
      Type = Spec == "none" ? types::TY_INVALID
                            : types::lookupTypeForTypeSpecifier(Spec.c_str());
  }
  if (Type == types::TY_INVALID) {
    StringRef Ext = sys::path::extension(C.File);
    Type = types::lookupTypeForExtension(Ext.drop_front());
    if (Type == types::TY_INVALID)
      return Ext.empty() ? "no extension" : ("'" + Ext + "' file").str();
  }
  // CUDA and HIP need their toolkits' headers, which a compile database
  // cannot promise; assembler and resource scripts are not C at all.
  if (types::isCuda(Type) || types::isHIP(Type))
    return types::getTypeName(Type);
  if (types::isCXX(Type) || types::isObjC(Type) || Type == types::TY_C ||
      Type == types::TY_PP_C || Type == types::TY_CHeader ||
      Type == types::TY_PP_CHeader || Type == types::TY_CL)
    return "";
  return types::getTypeName(Type);
}

// The include directories a command names with -I or -iquote, absolute.
static std::vector<std::string> includeDirectories(const CompileCommand &C) {
  std::vector<std::string> Out;
  for (size_t I = 1; I < C.Arguments.size(); ++I) {
    StringRef A = C.Arguments[I];
    StringRef Dir;
    if ((A == "-I" || A == "-iquote") && I + 1 < C.Arguments.size())
      Dir = C.Arguments[++I];
    else if (A.consume_front("-iquote") || A.consume_front("-I"))
      Dir = A;
    if (!Dir.empty())
      Out.push_back(normalizePath(Dir, C.Directory));
  }
  return Out;
}

std::string defaultProjectRoot(const CompileDb &Db) {
  // Sources in the build directory (the database's own, where CMake and
  // bear write it) are generated, unless the build is in the source tree
  // and every source is there.
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  std::string BuildDir = parentDir(normalizePath(Db.Path, Cwd));
  std::vector<std::string> Sources, Generated;
  for (const CompileCommand &C : Db.Commands)
    (isUnder(C.File, BuildDir) ? Generated : Sources)
        .push_back(parentDir(C.File));
  bool InTree = Sources.empty();
  if (InTree)
    Sources = std::move(Generated);
  std::string Root = commonRoot(Sources);
  // A sibling include directory of the project's own headers (include/
  // beside src/) widens the root by one level; build and system
  // directories never do.
  std::string Parent = parentDir(Root);
  bool Widen = false;
  for (const CompileCommand &C : Db.Commands)
    for (const std::string &Dir : includeDirectories(C))
      Widen |= !isUnder(Dir, Root) && (InTree || !isUnder(Dir, BuildDir)) &&
               isUnder(Dir, Parent) && Parent != "/" &&
               sys::fs::is_directory(Dir);
  if (Widen)
    Root = Parent;
  // The project's configuration marks its root: a .strata.yaml above the
  // sources, within their repository, names paths from its directory.
  for (StringRef Dir = Root; !Dir.empty() && Dir != "/";
       Dir = sys::path::parent_path(Dir)) {
    SmallString<256> Config(Dir), Git(Dir);
    sys::path::append(Config, ".strata.yaml");
    sys::path::append(Git, ".git");
    if (sys::fs::exists(Config))
      return Dir.str();
    if (sys::fs::exists(Git))
      break;
  }
  return Root;
}

Expected<std::vector<CompileCommand>>
selectCommands(const CompileDb &Db, const ExtractOptions &Options,
               StringRef Root, std::vector<std::string> &Warnings,
               std::map<std::string, size_t> &NotCOrCxx) {
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);

  std::optional<Regex> Filter;
  if (!Options.SourceFilter.empty()) {
    Filter.emplace(Options.SourceFilter);
    std::string Problem;
    if (!Filter->isValid(Problem))
      return createStringError(inconvertibleErrorCode(),
                               "--source-filter: invalid regular expression "
                               "'" +
                                   Options.SourceFilter + "': " + Problem);
  }
  std::vector<GlobPattern> Excludes;
  for (const std::string &Glob : Options.Excludes) {
    Expected<GlobPattern> Pattern = GlobPattern::create(Glob);
    if (!Pattern)
      return createStringError(inconvertibleErrorCode(),
                               "--exclude: invalid glob '" + Glob +
                                   "': " + toString(Pattern.takeError()));
    Excludes.push_back(std::move(*Pattern));
  }

  StringSet<> Wanted;
  for (const std::string &S : Options.Sources) {
    std::string Abs = normalizePath(S, Cwd);
    if (!sys::fs::exists(Abs))
      return fileError(S, "source file does not exist");
    Wanted.insert(Abs);
  }
  // Sources may be named through a symlinked path; compare real paths too.
  auto RealPath = [](StringRef P) {
    SmallString<256> Real;
    return sys::fs::real_path(P, Real) ? std::string(P) : std::string(Real);
  };
  StringSet<> Found;

  std::vector<CompileCommand> Selected;
  for (const CompileCommand &C : Db.Commands) {
    if (!Wanted.empty()) {
      StringRef Key = Wanted.contains(C.File) ? StringRef(C.File) : "";
      std::string Real;
      if (Key.empty()) {
        Real = RealPath(C.File);
        if (Wanted.contains(Real))
          Key = Real;
      }
      if (Key.empty())
        continue;
      Found.insert(Key);
    }
    std::string Rel = relativeTo(C.File, Root);
    if (Filter && !Filter->match(C.File) && !Filter->match(Rel))
      continue;
    if (matchesAny(Excludes, Rel, C.File))
      continue;
    if (std::string Language = notCOrCxx(C); !Language.empty()) {
      ++NotCOrCxx[Language];
      continue;
    }
    sys::fs::file_status Status;
    std::error_code FileError = sys::fs::status(C.File, Status);
    if (!sys::fs::is_directory(C.Directory) || FileError) {
      std::string Problem =
          !sys::fs::is_directory(C.Directory)
              ? "its directory '" + C.Directory + "' does not exist"
          : FileError == std::errc::no_such_file_or_directory
              ? "the source file does not exist"
              : "the source file cannot be read: " + FileError.message();
      if (!Options.SkipMissing)
        return fileError(Db.Path, "entry for '" + Rel + "': " + Problem +
                                      " (regenerate the database, or pass "
                                      "--skip-missing)");
      Warnings.push_back(Db.Path + ": skipped '" + Rel + "': " + Problem);
      continue;
    }
    Selected.push_back(C);
  }
  for (const std::string &S : Options.Sources) {
    std::string Abs = normalizePath(S, Cwd);
    if (!Found.contains(Abs) && !Found.contains(RealPath(Abs)))
      return fileError(S, "not in the compilation database '" + Db.Path + "'");
  }
  if (Options.ShardCount > 1) {
    // Position in the selection, not a hash: shards are equal in size and
    // the same database always splits the same way.
    std::vector<CompileCommand> Shard;
    for (size_t I = Options.ShardIndex; I < Selected.size();
         I += Options.ShardCount)
      Shard.push_back(std::move(Selected[I]));
    return Shard;
  }
  return Selected;
}

Error parseShard(StringRef Spec, ExtractOptions &Options) {
  auto [K, N] = Spec.split('/');
  unsigned Index = 0, Count = 0;
  if (K.getAsInteger(10, Index) || N.getAsInteger(10, Count) || Count == 0 ||
      Index == 0 || Index > Count)
    return createStringError(inconvertibleErrorCode(),
                             "--shard: expected K/N with 1 <= K <= N, not '" +
                                 Spec + "'");
  Options.ShardIndex = Index - 1;
  Options.ShardCount = Count;
  return Error::success();
}

Expected<ExtractResult>
extractFacts(const ExtractOptions &Options,
             std::function<void(const TUReport &)> OnTUDone) {
  std::string DbPath = Options.BuildPath;
  if (DbPath.empty()) {
    if (Options.Sources.empty())
      return createStringError(inconvertibleErrorCode(),
                               "no compilation database: pass -p BUILD_DIR "
                               "(a directory with compile_commands.json)");
    Expected<std::string> Found = findCompileDbFor(Options.Sources.front());
    if (!Found)
      return Found.takeError();
    DbPath = *Found;
  }
  Expected<CompileDb> Db = loadCompileDb(DbPath);
  if (!Db)
    return Db.takeError();
  if (Db->Commands.empty())
    return fileError(Db->Path, "the compilation database has no entries");

  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  std::string Root = Options.ProjectRoot.empty()
                         ? defaultProjectRoot(*Db)
                         : normalizePath(Options.ProjectRoot, Cwd);
  SmallString<256> RealRoot;
  if (std::error_code EC = sys::fs::real_path(Root, RealRoot))
    return fileError(Root, "cannot access project root: " + EC.message());
  if (!sys::fs::is_directory(RealRoot))
    return fileError(Root, "project root is not a directory");
  Root = std::string(RealRoot);

  ExtractResult Result;
  if (Db->DuplicatesDropped)
    Result.Warnings.push_back(Db->Path + ": " +
                              std::to_string(Db->DuplicatesDropped) +
                              " duplicate entries ignored (the first entry "
                              "for each file is used)");
  Expected<std::vector<CompileCommand>> Commands =
      selectCommands(*Db, Options, Root, Result.Warnings, Result.NotCOrCxx);
  if (!Commands)
    return Commands.takeError();
  if (Commands->empty() && !Result.NotCOrCxx.empty())
    return fileError(Db->Path, "no selected entry is C or C++, only " +
                                   describeNotCOrCxx(Result.NotCOrCxx));

  CrashRecoveryContext::Enable();
  const size_t N = Commands->size();
  HeaderClaims Claims;
  ParseOptions Parse;
  Parse.Mode = Options.Mode;
  std::shared_ptr<SharedFileCache> Files = makeSharedFileCache();
  Parse.Files = Files.get();
  Parse.Bodies.SkipExternal = Options.SkipBodies;
  Parse.Bodies.Claims = Options.SkipBodies ? &Claims : nullptr;
  std::string ModeTag = (Options.Mode == ExtractMode::Includes ? "includes"
                         : Options.SkipBodies                  ? "full-skip"
                                                               : "full");

  std::optional<FactCache> Cache;
  if (Options.UseCache) {
    std::string Dir = Options.CacheDir;
    if (Dir.empty()) {
      SmallString<256> Default(parentDir(Db->Path));
      sys::path::append(Default, ".strata-cache");
      Dir = std::string(Default);
    }
    Cache.emplace(Dir);
    std::string Warning;
    Error E = Cache->prepare(Root, Warning);
    if (!Warning.empty())
      Result.Warnings.push_back(std::move(Warning));
    if (E) {
      Result.Warnings.push_back(toString(std::move(E)) +
                                "; running without a cache");
      Cache.reset();
    }
  }
  Parse.CollectInputs = Cache.has_value();

  std::vector<TUResult> Slots(N);
  std::vector<std::string> Keys(N);
  std::vector<std::string> SlotWarnings(N);
  std::mutex ReportMutex;
  size_t Done = 0;
  auto Report = [&](size_t I) {
    if (!OnTUDone)
      return;
    const facts::TUFact &TU = Slots[I].Facts.TUs.front();
    std::lock_guard<std::mutex> Lock(ReportMutex);
    TUReport R{Done++,
               N,
               TU.File.str(),
               TU.Status,
               TU.FirstError.str(),
               Slots[I].FromCache};
    OnTUDone(R);
  };
  auto Run = [&](size_t I, ParseOptions With,
                 const TUHooks &Hooks) -> TUResult {
    try {
      return extractCommandWith((*Commands)[I], Root, Options.Arguments, With,
                                Hooks);
    } catch (const std::exception &E) {
      // Errors users can cause are values; anything thrown (out of memory,
      // say) fails this TU, not silently and not the whole run. A task's
      // exception would otherwise vanish into a future nobody reads.
      facts::TUFact TU;
      TU.File = relativeTo((*Commands)[I].File, Root);
      TU.Status = facts::TUStatus::Failed;
      TU.Errors = 1;
      TU.FirstError = std::string("internal error: ") + E.what();
      TUResult Failed;
      Failed.Facts.TUs.push_back(std::move(TU));
      return Failed;
    }
  };
  // A failed TU is not cached: what made it fail (a missing header, say)
  // may be fixed without any of its inputs changing.
  auto store = [&](size_t I) {
    if (Cache && Slots[I].Facts.TUs.front().Status == facts::TUStatus::Ok)
      Cache->store(Keys[I], Slots[I], SlotWarnings[I]);
  };
  std::atomic<size_t> PchUsed = 0, PchRefused = 0;
  auto Parse1 = [&](size_t I, ParseOptions With,
                    const PrefixPch *Pch = nullptr) {
    if (Pch) {
      LeadingIncludes Leading;
      TUResult R = Run(I, With, {&Leading, false, Pch});
      // The parse is this TU's only if the TU really begins with the
      // precompiled headers; otherwise it is done again without them. A
      // failed parse is redone too, so that its error is the compiler's.
      if (R.Facts.TUs.front().Status == facts::TUStatus::Ok &&
          Leading.Paths.size() >= Pch->Paths.size() &&
          std::equal(Pch->Paths.begin(), Pch->Paths.end(),
                     Leading.Paths.begin())) {
        Slots[I] = std::move(R);
        ++PchUsed;
      } else {
        if (With.Bodies.Claims)
          With.Bodies.Claims->release(R.OwnedFiles);
        ++PchRefused;
        Slots[I] = Run(I, With, {});
      }
    } else {
      Slots[I] = Run(I, With, {});
    }
    store(I);
  };
  auto RunAll = [&](auto Fn, const std::vector<size_t> &Which) {
    DefaultThreadPool Pool(hardware_concurrency(Options.Jobs));
    for (size_t I : Which)
      Pool.async(Fn, I);
    Pool.wait();
  };
  std::vector<size_t> All(N);
  std::iota(All.begin(), All.end(), 0);

  // 1. Cache hits. Their parsed header bodies are claimed before anything
  //    is parsed, so that the TUs parsed now skip them consistently.
  std::vector<size_t> Misses;
  if (Cache) {
    RunAll(
        [&](size_t I) {
          const CompileCommand &C = (*Commands)[I];
          Keys[I] =
              FactCache::key(adjustCommandLine(C.Arguments, Options.Arguments),
                             C.Directory, Root, ModeTag);
          if (std::optional<TUResult> Hit =
                  Cache->lookup(Keys[I], SlotWarnings[I])) {
            Slots[I] = std::move(*Hit);
            Report(I);
          }
        },
        All);
    for (size_t I = 0; I < N; ++I) {
      if (Slots[I].FromCache)
        for (const std::string &Owned : Slots[I].OwnedFiles)
          Claims.claim(Owned);
      else
        Misses.push_back(I);
    }
  } else {
    Misses = All;
  }

  // 2. Parse what the cache did not have. TUs that begin with the same
  //    external headers under the same flags share a precompiled header of
  //    them; an include-mode pre-scan (about 1% of a parse) finds them.
  std::vector<PchGroup> Groups;
  std::vector<LeadingIncludes> Leading;
  std::vector<std::vector<std::string>> LeadingPaths;
  if (Options.Mode == ExtractMode::Full && Options.SharedPch &&
      Misses.size() > 1) {
    Leading.resize(Misses.size());
    ParseOptions Scan;
    Scan.Mode = ExtractMode::Includes;
    Scan.Files = Parse.Files;
    std::vector<size_t> Positions(Misses.size());
    std::iota(Positions.begin(), Positions.end(), 0);
    RunAll(
        [&](size_t P) {
          Run(Misses[P], Scan, {&Leading[P], /*RecordKey=*/true, nullptr});
        },
        Positions);
    std::vector<std::string> GroupKeys;
    for (LeadingIncludes &L : Leading) {
      GroupKeys.push_back(std::move(L.Key));
      LeadingPaths.push_back(std::move(L.Paths));
    }
    Groups = planSharedPch(GroupKeys, LeadingPaths, /*MinShare=*/3);
  }
  std::vector<bool> Grouped(Misses.size());
  for (const PchGroup &G : Groups)
    for (size_t P : G.Members)
      Grouped[P] = true;
  std::atomic<size_t> PchBuilt = 0;
  {
    DefaultThreadPool Pool(hardware_concurrency(Options.Jobs));
    // One header is built at a time, each as its predecessor's TUs start,
    // so that a few live at once however many groups there are.
    std::function<void(size_t)> Build = [&](size_t G) {
      const std::vector<size_t> &Members = Groups[G].Members;
      size_t First = Members.front(), Length = Groups[G].Length;
      std::shared_ptr<PrefixPch> Pch = buildPrefixPch(
          (*Commands)[Misses[First]], Root, Options.Arguments, Parse,
          ArrayRef(Leading[First].Spelled).take_front(Length),
          ArrayRef(LeadingPaths[First]).take_front(Length));
      if (Pch)
        ++PchBuilt;
      if (G + 1 < Groups.size())
        Pool.async([&Build, G] { Build(G + 1); });
      for (size_t P : Members)
        Pool.async([&, I = Misses[P], Pch] {
          Parse1(I, Parse, Pch.get());
          Report(I);
        });
    };
    if (!Groups.empty())
      Pool.async([&Build] { Build(0); });
    for (size_t P = 0; P < Misses.size(); ++P)
      if (!Grouped[P])
        Pool.async([&, I = Misses[P]] {
          Parse1(I, Parse);
          Report(I);
        });
    Pool.wait();
  }
  // 3. A TU that was first to a header view but had skipped the header's
  //    bodies (another TU parsed them, for another view) recorded it in
  //    part. Unless a TU recorded that view whole, it is parsed again with
  //    every body, keeping the views it holds.
  if (Parse.Bodies.Claims) {
    auto Claimed = [&](const TUResult &R, StringRef Prefix) {
      std::vector<StringRef> Out;
      for (const std::string &O : R.OwnedFiles)
        if (StringRef(O).starts_with(Prefix))
          Out.push_back(StringRef(O).drop_front(Prefix.size()));
      return Out;
    };
    StringSet<> Whole;
    for (const TUResult &R : Slots)
      for (StringRef K : Claimed(R, "full\n"))
        Whole.insert(K);
    std::vector<size_t> Partial;
    for (size_t I = 0; I < N; ++I)
      if (llvm::any_of(Claimed(Slots[I], "part\n"),
                       [&](StringRef K) { return !Whole.contains(K); }))
        Partial.push_back(I);
    RunAll(
        [&](size_t I) {
          // It keeps the views it won and the bodies it parsed.
          StringSet<> Held;
          std::vector<std::string> Bodies;
          for (const std::string &O : Slots[I].OwnedFiles) {
            if (StringRef(O).starts_with("view\n"))
              Held.insert(O);
            else if (StringRef(O).starts_with("body\n"))
              Bodies.push_back(O);
          }
          ParseOptions Again = Parse;
          Again.Bodies.ParseAll = true;
          Again.Bodies.PreOwned = &Held;
          TUResult R = Run(I, Again, {});
          llvm::append_range(R.OwnedFiles, Bodies);
          llvm::sort(R.OwnedFiles);
          Slots[I] = std::move(R);
          store(I);
        },
        Partial);
    Result.Reparsed = Partial.size();
  }
  Result.PchBuilt = PchBuilt;
  Result.PchUsed = PchUsed;
  Result.PchRefused = PchRefused;

  // 4. A cached TU that skipped a header's bodies relies on another TU's
  //    facts for them; if no TU of this run parsed those bodies (their owner
  //    left the database), parse it again in full.
  if (Cache && Parse.Bodies.Claims) {
    StringSet<> Owned;
    for (const TUResult &R : Slots)
      for (const std::string &O : R.OwnedFiles)
        Owned.insert(O);
    std::vector<size_t> Orphans;
    for (size_t I = 0; I < N; ++I)
      if (Slots[I].FromCache &&
          llvm::any_of(Slots[I].SkippedFiles, [&](const std::string &S) {
            return !Owned.contains(S);
          }))
        Orphans.push_back(I);
    ParseOptions Full = Parse;
    Full.Bodies.Claims = nullptr;
    RunAll([&](size_t I) { Parse1(I, Full); }, Orphans);
  }

  std::vector<facts::FactSet> Facts;
  Facts.reserve(N);
  for (size_t I = 0; I < N; ++I) {
    Result.FromCache += Slots[I].FromCache;
    if (!SlotWarnings[I].empty())
      Result.Warnings.push_back(SlotWarnings[I]);
    Facts.push_back(std::move(Slots[I].Facts));
  }
  Result.Commands = *Commands;
  Result.Root = Root;
  // Kept facts are merged by copying facts, not whole parts: a copy of
  // every TU's facts was 35 MB of redis's 243 MB peak.
  Expected<facts::FactSet> Merged = Options.KeepPerTU
                                        ? facts::mergeCopies(Facts)
                                        : facts::mergeAll(std::move(Facts));
  if (!Merged)
    return Merged.takeError();
  if (Options.KeepPerTU)
    Result.PerTU = std::move(Facts);
  Result.Facts = std::move(*Merged);
  Result.Facts.Root = Root;
  for (const facts::TUFact &TU : Result.Facts.TUs)
    (TU.Status == facts::TUStatus::Ok ? Result.Parsed : Result.Failed)++;
  return Result;
}

} // namespace strata::extract
