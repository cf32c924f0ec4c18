// Cross-step variables of one scenario run: `set("taskId", id)` in one step,
// `get<std::int64_t>("taskId")` in a later one (or in a call of a parallel step).
//
// Values are stored with their exact type; `get<T>` with another type, or a name never
// set, throws attest::UsageError naming the variable, the stored and the requested
// type. A string literal is stored as std::string, so `set("k", "v")` pairs with
// `get<std::string>("k")`.
#pragma once

#include <any>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "attest/detail/strings.hpp"
#include "attest/dst/detail/describe.hpp"
#include "attest/error.hpp"

namespace attest::dst {

// Thread-safe: the actors of a parallel step may read and write concurrently.
class Variables {
 public:
  template <class T>
  void Set(std::string name, T&& value) {
    using Stored = StoredType<T>;
    Slot slot{std::any(Stored(std::forward<T>(value))), detail::TypeName<Stored>()};
    std::lock_guard lock(mutex_);
    values_.insert_or_assign(std::move(name), std::move(slot));
  }

  // A copy of the value stored under `name`, which must have exactly type T.
  template <class T>
  T Get(std::string_view name) const {
    static_assert(!std::is_reference_v<T>, "get<T>: T must be a value type; a copy is returned");
    std::lock_guard lock(mutex_);
    auto found = values_.find(name);
    if (found == values_.end()) throw Missing(name, detail::TypeName<T>());
    if (const T* value = std::any_cast<T>(&found->second.value)) return *value;
    throw UsageError("get<" + detail::TypeName<T>() + ">(\"" + std::string(name) + "\"): variable \"" +
                     std::string(name) + "\" holds a " + found->second.type_name + ", not a " +
                     detail::TypeName<T>());
  }

  bool Has(std::string_view name) const {
    std::lock_guard lock(mutex_);
    return values_.find(name) != values_.end();
  }
  std::vector<std::string> Names() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    for (const auto& entry : values_) names.push_back(entry.first);
    return names;
  }

 private:
  template <class T>
  using StoredType =
      std::conditional_t<std::is_convertible_v<std::decay_t<T>, const char*>, std::string, std::decay_t<T>>;
  struct Slot {
    std::any value;
    std::string type_name;
  };

  UsageError Missing(std::string_view name, const std::string& requested) const {
    std::vector<std::string> names;
    for (const auto& entry : values_) names.push_back(entry.first);
    const std::string known = attest::detail::Join(names);
    return UsageError("get<" + requested + ">(\"" + std::string(name) + "\"): no variable \"" +
                      std::string(name) + "\" was set in this scenario run (set so far: " +
                      (known.empty() ? std::string("none") : known) + ")");
  }

  mutable std::mutex mutex_;
  std::map<std::string, Slot, std::less<>> values_;
};

namespace detail {
// The variables of the scenario run the current thread works for. The runtime sets it
// on the script's thread and on every actor thread, so the free functions below work
// in generated code without passing anything around.
inline Variables*& CurrentVariables() noexcept {
  thread_local Variables* current = nullptr;
  return current;
}

class ScopedVariables {
 public:
  explicit ScopedVariables(Variables& variables) noexcept
      : previous_(std::exchange(CurrentVariables(), &variables)) {}
  ~ScopedVariables() { CurrentVariables() = previous_; }
  ScopedVariables(const ScopedVariables&) = delete;
  ScopedVariables& operator=(const ScopedVariables&) = delete;

 private:
  Variables* previous_;
};

inline Variables& RequireCurrentVariables(std::string_view what, std::string_view name) {
  if (Variables* current = CurrentVariables()) return *current;
  throw UsageError(std::string(what) + "(\"" + std::string(name) +
                   "\") called outside a scenario run: variables exist only in scripts and "
                   "calls run by a scenario (not on threads they start themselves)");
}
}  // namespace detail

// Stores `value` under `name` for the later steps of the current scenario run.
template <class T>
void set(std::string name, T&& value) {
  Variables& variables = detail::RequireCurrentVariables("set", name);
  variables.Set(std::move(name), std::forward<T>(value));
}

// The value an earlier step stored under `name`; see Variables::Get.
template <class T>
T get(std::string_view name) {
  return detail::RequireCurrentVariables("get", name).Get<T>(name);
}

}  // namespace attest::dst
