//===- Transport.h - LSP base protocol framing ------------------*- C++ -*-===//
//
// Messages on stdio: "Content-Length: N\r\n\r\n" and N bytes of JSON. A
// reader thread turns the input into a queue of events, so that the server
// keeps reading while it works.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LIB_LSP_TRANSPORT_H
#define STRATA_LIB_LSP_TRANSPORT_H

#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace strata::lsp {

/// What reading one framed message gave: a body, a frame to skip (its
/// headers are consumed; the reason is in Problem), or the end of a stream
/// that can give nothing more (the reason, if any, in Problem).
enum class Frame { Message, Skipped, End };
Frame readMessage(std::FILE *In, std::string &Body, std::string &Problem);

void writeMessage(llvm::raw_ostream &Out, const nlohmann::json &Message);

/// A blocking queue between threads.
template <typename T> class Queue {
public:
  void push(T Item) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Items.push_back(std::move(Item));
    }
    Ready.notify_one();
  }
  T pop() {
    std::unique_lock<std::mutex> Lock(Mutex);
    Ready.wait(Lock, [&] { return !Items.empty(); });
    T Item = std::move(Items.front());
    Items.pop_front();
    return Item;
  }

  /// The next item, if one comes within \p Wait.
  std::optional<T> popFor(std::chrono::milliseconds Wait) {
    std::unique_lock<std::mutex> Lock(Mutex);
    if (!Ready.wait_for(Lock, Wait, [&] { return !Items.empty(); }))
      return std::nullopt;
    T Item = std::move(Items.front());
    Items.pop_front();
    return Item;
  }

private:
  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<T> Items;
};

} // namespace strata::lsp

#endif
