//===- GraphFormats.cpp - DOT and Mermaid pictures ------------------------===//
//
// Both formats draw the same picture: nodes grouped by Lakos level with the
// highest level on top, so dependencies point down and anything pointing up
// is a cycle; nodes and edges of cycle groups in red; edges labeled with
// their weights. Node ids are n<index>; names appear only in escaped labels.
//
//===----------------------------------------------------------------------===//
#include "strata/report/Escape.h"
#include "strata/report/Report.h"

#include <fmt/format.h>
#include <map>

using namespace llvm;
using namespace strata::graph;

namespace strata::report {
namespace {

// Node indices by level, highest level first.
std::map<unsigned, std::vector<unsigned>, std::greater<unsigned>>
byLevel(const GraphMetrics &M) {
  std::map<unsigned, std::vector<unsigned>, std::greater<unsigned>> Out;
  for (unsigned V = 0; V < M.PerNode.size(); ++V)
    Out[M.PerNode[V].Level].push_back(V);
  return Out;
}

bool inCycle(const GraphMetrics &M, const Edge &E) {
  int G = M.PerNode[E.From].CycleGroup;
  return G >= 0 && G == M.PerNode[E.To].CycleGroup;
}

} // namespace

void writeDot(const Analysis &A, Level At, raw_ostream &OS) {
  const LevelAnalysis &L = A.at(At);
  const DependencyGraph &G = L.Graph;
  OS << fmt::format("// strata {} graph of {}\n", toString(At).str(),
                    escapeDot(A.Root));
  OS << "digraph strata {\n  rankdir=TB;\n  newrank=true;\n"
        "  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n"
        "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#888888\"];\n";
  for (const auto &[Level, Nodes] : byLevel(L.Metrics)) {
    OS << fmt::format("  subgraph cluster_level_{} {{\n    label=\"level "
                      "{}\";\n    style=dashed; color=\"#cccccc\";\n",
                      Level, Level);
    for (unsigned V : Nodes)
      OS << fmt::format(
          "    n{} [label=\"{}\"{}];\n", V, escapeDot(G.nodes()[V].Name),
          L.Metrics.PerNode[V].CycleGroup >= 0 ? ", color=red, fontcolor=red"
                                               : "");
    OS << "  }\n";
  }
  for (const Edge &E : G.edges())
    OS << fmt::format("  n{} -> n{} [label=\"{}\"{}];\n", E.From, E.To,
                      E.Weight, inCycle(L.Metrics, E) ? ", color=red" : "");
  OS << "}\n";
}

void writeMermaid(const Analysis &A, Level At, raw_ostream &OS) {
  const LevelAnalysis &L = A.at(At);
  const DependencyGraph &G = L.Graph;
  OS << "flowchart TB\n";
  for (const auto &[Level, Nodes] : byLevel(L.Metrics)) {
    OS << fmt::format("  subgraph level{}[\"level {}\"]\n", Level, Level);
    for (unsigned V : Nodes)
      OS << fmt::format("    n{}[\"{}\"]\n", V,
                        escapeMermaid(G.nodes()[V].Name));
    OS << "  end\n";
  }
  std::vector<unsigned> RedLinks;
  for (unsigned I = 0; I < G.edges().size(); ++I) {
    const Edge &E = G.edges()[I];
    OS << fmt::format("  n{} -->|{}| n{}\n", E.From, E.Weight, E.To);
    if (inCycle(L.Metrics, E))
      RedLinks.push_back(I);
  }
  OS << "  classDef cycle stroke:#d00,stroke-width:2px,color:#d00\n";
  std::string CycleNodes;
  for (unsigned V = 0; V < G.size(); ++V)
    if (L.Metrics.PerNode[V].CycleGroup >= 0)
      CycleNodes += (CycleNodes.empty() ? "n" : ",n") + std::to_string(V);
  if (!CycleNodes.empty())
    OS << "  class " << CycleNodes << " cycle\n";
  if (!RedLinks.empty()) {
    OS << "  linkStyle ";
    for (size_t I = 0; I < RedLinks.size(); ++I)
      OS << (I ? "," : "") << RedLinks[I];
    OS << " stroke:#d00\n";
  }
}

} // namespace strata::report
