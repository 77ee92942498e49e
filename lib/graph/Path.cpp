//===- Path.cpp - Why does A depend on B? ---------------------------------===//
#include "strata/graph/Path.h"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>

namespace strata::graph {

std::optional<std::vector<unsigned>> shortestPath(const DependencyGraph &G,
                                                  unsigned From, unsigned To) {
  if (From == To)
    return std::vector<unsigned>();
  using CSR = boost::compressed_sparse_row_graph<boost::directedS>;
  std::vector<std::pair<unsigned, unsigned>> Pairs;
  for (const Edge &E : G.edges())
    Pairs.emplace_back(E.From, E.To);
  CSR Csr(boost::edges_are_sorted, Pairs.begin(), Pairs.end(), G.size());
  // Edges of the CSR graph are numbered in the order given, which is the
  // order of G.edges(), so an edge's index maps back directly.
  const unsigned None = ~0u;
  std::vector<unsigned> ViaEdge(G.size(), None);
  std::vector<boost::default_color_type> Color(G.size());
  struct Recorder : boost::default_bfs_visitor {
    std::vector<unsigned> *Via;
    const CSR *Graph;
    void tree_edge(boost::graph_traits<CSR>::edge_descriptor E,
                   const CSR &) const {
      (*Via)[boost::target(E, *Graph)] =
          boost::get(boost::edge_index, *Graph, E);
    }
  } Visitor;
  Visitor.Via = &ViaEdge;
  Visitor.Graph = &Csr;
  boost::breadth_first_search(
      Csr, From,
      boost::visitor(Visitor).color_map(boost::make_iterator_property_map(
          Color.begin(), boost::get(boost::vertex_index, Csr))));
  if (ViaEdge[To] == None)
    return std::nullopt;
  std::vector<unsigned> Path;
  for (unsigned V = To; V != From; V = G.edges()[ViaEdge[V]].From)
    Path.push_back(ViaEdge[V]);
  std::reverse(Path.begin(), Path.end());
  return Path;
}

std::optional<unsigned> resolveNode(const DependencyGraph &G,
                                    llvm::StringRef Name,
                                    const ModuleMap &Modules) {
  if (std::optional<unsigned> N = G.find(Name))
    return N;
  std::string ViaFile = nodeNameOfFile(Name, G.level(), Modules);
  if (ViaFile.empty())
    return std::nullopt;
  // Only a file that really belongs to the node names it.
  std::optional<unsigned> N = G.find(ViaFile);
  if (N && llvm::is_contained(G.nodes()[*N].Files, Name))
    return N;
  // A source paired with a header elsewhere (include/ and src/) lives in
  // the header's component.
  for (unsigned I = 0; I < G.size(); ++I)
    if (llvm::is_contained(G.nodes()[I].Files, Name))
      return I;
  return std::nullopt;
}

} // namespace strata::graph
