// Notifier that prints each notification to a stream.
#pragma once

#include "ports/notifier.h"

#include <ostream>

namespace pay {

class ConsoleNotifier final : public Notifier {
public:
  explicit ConsoleNotifier(std::ostream &Stream) : Out(Stream) {}

  void notify(const Notification &Message) override;

  int sentCount() const { return Sent; }

private:
  std::ostream &Out;
  int Sent = 0;
};

} // namespace pay
