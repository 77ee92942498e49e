//===- PchPlan.cpp - Which TUs share a precompiled header -----------------===//
//
// Plain data in, plain data out: the planner needs no Clang, so it is tested
// on hand-made include lists.
//
//===----------------------------------------------------------------------===//
#include "strata/extract/Extract.h"

#include "llvm/ADT/StringMap.h"

using namespace llvm;

namespace strata::extract {

namespace {

// The trie node of a key and a prefix of leading includes, spelled out.
std::string nodeName(StringRef Key, ArrayRef<std::string> Prefix) {
  std::string Name = Key.str();
  for (const std::string &P : Prefix) {
    Name += '\0';
    Name += P;
  }
  return Name;
}

} // namespace

std::vector<PchGroup> planSharedPch(ArrayRef<std::string> Keys,
                                    ArrayRef<std::vector<std::string>> Leading,
                                    size_t MinShare) {
  // How many TUs begin with each prefix.
  StringMap<size_t> Count;
  for (size_t I = 0; I < Keys.size(); ++I) {
    if (Keys[I].empty())
      continue;
    for (size_t Len = 1; Len <= Leading[I].size(); ++Len)
      ++Count[nodeName(Keys[I], ArrayRef(Leading[I]).take_front(Len))];
  }
  // Each TU takes its longest prefix that enough TUs share.
  StringMap<size_t> GroupOf;
  std::vector<PchGroup> Groups;
  for (size_t I = 0; I < Keys.size(); ++I) {
    if (Keys[I].empty())
      continue;
    for (size_t Len = Leading[I].size(); Len > 0; --Len) {
      std::string Node =
          nodeName(Keys[I], ArrayRef(Leading[I]).take_front(Len));
      if (Count.lookup(Node) < std::max<size_t>(MinShare, 2))
        continue;
      auto [It, Inserted] = GroupOf.try_emplace(Node, Groups.size());
      if (Inserted)
        Groups.push_back({{}, Len});
      Groups[It->second].Members.push_back(I);
      break;
    }
  }
  llvm::erase_if(Groups,
                 [](const PchGroup &G) { return G.Members.size() < 2; });
  return Groups;
}

} // namespace strata::extract
