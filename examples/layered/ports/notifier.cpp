#include "ports/notifier.h"

namespace pay {

Notifier::~Notifier() = default;

Notification notificationFor(const Payment &P, NotificationKind Kind) {
  Notification Message;
  Message.Kind = Kind;
  switch (Kind) {
  case NotificationKind::PaymentSent:
    Message.Recipient = P.From;
    Message.Subject = "You sent " + P.Amount.toString();
    Message.Body = "Payment " + P.Id.str() + " to " + P.To.str() +
                   " completed, fee " + P.Fee.toString() + ".";
    break;
  case NotificationKind::PaymentReceived:
    Message.Recipient = P.To;
    Message.Subject = "You received " + P.Amount.toString();
    Message.Body = "Payment " + P.Id.str() + " from " + P.From.str() + ".";
    break;
  case NotificationKind::PaymentRejected:
    Message.Recipient = P.From;
    Message.Subject = "Payment " + P.Id.str() + " was rejected";
    Message.Body = P.FailureReason + ".";
    break;
  }
  if (!P.Reference.empty())
    Message.Body += " Reference: " + P.Reference;
  return Message;
}

} // namespace pay
