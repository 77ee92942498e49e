// Tells account holders what happened to their money.
#pragma once

#include "model/ids.h"
#include "model/payment.h"

#include <string>

namespace pay {

enum class NotificationKind { PaymentSent, PaymentReceived, PaymentRejected };

struct Notification {
  NotificationKind Kind = NotificationKind::PaymentSent;
  AccountId Recipient;
  std::string Subject;
  std::string Body;
};

class Notifier {
public:
  virtual ~Notifier();

  // Delivery is best effort; a notifier must not fail the payment.
  virtual void notify(const Notification &Message) = 0;
};

// Builds the message for one side of a payment.
Notification notificationFor(const Payment &P, NotificationKind Kind);

} // namespace pay
