// OCF exit codes and the result types every action and facade returns: a
// status plus one human line saying what is wrong and what to do.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace hanfs {

enum class OcfStatus : int {
  success = 0,
  err_generic = 1,
  err_args = 2,          // this node cannot host it now; may work elsewhere
  err_unimplemented = 3,
  err_perm = 4,
  err_installed = 5,
  err_configured = 6,    // never retry anywhere
  not_running = 7,
  running_promoted = 8,
  failed_promoted = 9,
  degraded = 190,
  degraded_promoted = 191,
};

// The OCF name of a status, e.g. "OCF_NOT_RUNNING".
std::string_view status_name(OcfStatus status);

// What an action (or anything it calls) came to. `reason` is the one line
// crm_mon shows; empty when there is nothing to explain.
struct Outcome {
  OcfStatus status = OcfStatus::success;
  std::string reason;

  bool ok() const { return status == OcfStatus::success; }
  static Outcome success() { return {}; }
};

inline Outcome outcome(OcfStatus status, std::string reason = {}) {
  return Outcome{status, std::move(reason)};
}

// What `fail` returns: converts to any Result as its error.
struct Failure {
  Outcome outcome;
};

// For `return fail(OcfStatus::err_configured, "...")` in a Result function.
inline Failure fail(OcfStatus status, std::string reason) {
  return Failure{Outcome{status, std::move(reason)}};
}
// Passes on another Result's error: `return fail(other.error())`.
inline Failure fail(Outcome why) { return Failure{std::move(why)}; }

// A value, or the Outcome that explains why there is none. The subset of
// std::expected the project uses: std::expected itself is not usable with
// clang 14 (the fuzz build) against libstdc++ 12.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Failure failure) : state_(std::in_place_index<1>, std::move(failure.outcome)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& operator*() & { return std::get<0>(state_); }
  const T& operator*() const& { return std::get<0>(state_); }
  T&& operator*() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }
  const Outcome& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Outcome> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Failure failure) : error_(std::move(failure.outcome)) {}

  bool has_value() const { return !error_; }
  explicit operator bool() const { return has_value(); }
  const Outcome& error() const { return *error_; }

 private:
  std::optional<Outcome> error_;
};

}  // namespace hanfs
