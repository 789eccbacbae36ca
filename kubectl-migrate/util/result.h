#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "util/error.h"

namespace km {

// Result<T> holds either a T or an error E (a small std::expected for C++20).
template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const& { assert(!ok()); return std::get<1>(state_); }
  E&& error() && { assert(!ok()); return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, E> state_;
};

// Result<void>: success or an error E.
template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  Result(E error) : error_(std::move(error)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const E& error() const& { assert(!ok_); return error_; }
  E&& error() && { assert(!ok_); return std::move(error_); }

 private:
  E error_{};
  bool ok_ = true;
};

using Status = Result<void>;

inline Status Ok() { return Status(); }

}  // namespace km

// Evaluates a Result-returning expression; returns its error from the
// enclosing function (which must return a Result or Status).
#define KM_TRY_STATUS(expr)                                  \
  do {                                                       \
    auto km_try_result_ = (expr);                            \
    if (!km_try_result_.ok()) return std::move(km_try_result_).error(); \
  } while (0)

#define KM_CONCAT_INNER_(a, b) a##b
#define KM_CONCAT_(a, b) KM_CONCAT_INNER_(a, b)
#define KM_TRY_ASSIGN_IMPL_(tmp, lhs, expr)     \
  auto tmp = (expr);                            \
  if (!tmp.ok()) return std::move(tmp).error(); \
  lhs = std::move(tmp).value()

// KM_TRY_ASSIGN(auto journal, ParseJournal(text)); returns the error on failure.
#define KM_TRY_ASSIGN(lhs, expr) \
  KM_TRY_ASSIGN_IMPL_(KM_CONCAT_(km_try_tmp_, __LINE__), lhs, expr)
