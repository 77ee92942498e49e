// Types, enums and small helpers that every part of the shop uses.
#pragma once

#include <map>
#include <string>
#include <vector>

typedef std::string Sku;
typedef long long Cents;
typedef int OrderId;
using CustomerName = std::string;

enum OrderStatusKind {
  OS_New,
  OS_Reserved,
  OS_Invoiced,
  OS_Paid,
  OS_Shipped,
  OS_Cancelled
};

enum PaymentKind { PK_Cash, PK_Card, PK_Invoice };

enum CommandKind {
  CK_Unknown,
  CK_Order,
  CK_Pay,
  CK_Receive,
  CK_Cancel,
  CK_Stock,
  CK_Report
};

inline const char *statusName(OrderStatusKind Status) {
  switch (Status) {
  case OS_New:
    return "new";
  case OS_Reserved:
    return "reserved";
  case OS_Invoiced:
    return "invoiced";
  case OS_Paid:
    return "paid";
  case OS_Shipped:
    return "shipped";
  case OS_Cancelled:
    return "cancelled";
  }
  return "?";
}

inline const char *paymentName(PaymentKind Kind) {
  switch (Kind) {
  case PK_Cash:
    return "cash";
  case PK_Card:
    return "card";
  case PK_Invoice:
    return "invoice";
  }
  return "?";
}

inline PaymentKind paymentFromString(const std::string &Text) {
  if (Text == "cash")
    return PK_Cash;
  if (Text == "invoice")
    return PK_Invoice;
  return PK_Card;
}

inline std::string formatCents(Cents Amount) {
  std::string Sign = Amount < 0 ? "-" : "";
  if (Amount < 0)
    Amount = -Amount;
  std::string Fraction = std::to_string(Amount % 100);
  if (Fraction.size() < 2)
    Fraction = "0" + Fraction;
  return Sign + std::to_string(Amount / 100) + "." + Fraction;
}

// Owning map from id to heap object; whoever holds it calls deleteAll.
template <typename T> using IdMap = std::map<int, T *>;

template <typename T> void deleteAll(IdMap<T> &Map) {
  for (auto &Entry : Map)
    delete Entry.second;
  Map.clear();
}

template <typename T, typename Pred>
std::vector<T *> selectWhere(const IdMap<T> &Map, Pred Keep) {
  std::vector<T *> Selected;
  for (const auto &Entry : Map)
    if (Keep(*Entry.second))
      Selected.push_back(Entry.second);
  return Selected;
}
