#include "adapters/console_notifier.h"

namespace pay {

static const char *tagFor(NotificationKind Kind) {
  switch (Kind) {
  case NotificationKind::PaymentSent:
    return "sent";
  case NotificationKind::PaymentReceived:
    return "received";
  case NotificationKind::PaymentRejected:
    return "rejected";
  }
  return "notice";
}

void ConsoleNotifier::notify(const Notification &Message) {
  ++Sent;
  Out << "  [notify " << Message.Recipient << " / " << tagFor(Message.Kind)
      << "] " << Message.Subject;
  if (!Message.Body.empty())
    Out << " -- " << Message.Body;
  Out << "\n";
}

} // namespace pay
