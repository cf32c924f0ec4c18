// Definitions of attest::http::Client (declared in attest/http/client.hpp).
#pragma once

#include "attest/http/client.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "attest/http/detail/attempt.hpp"
#include "attest/http/detail/connection_pool.hpp"
#include "attest/http/detail/exchange.hpp"
#include "attest/http/detail/request_writer.hpp"
#include "attest/http/detail/retry_policy.hpp"
#include "attest/http/detail/transport_error_text.hpp"

namespace attest::http {

ATTEST_INLINE Client::Client() : Client(ClientOptions{}) {}

ATTEST_INLINE Client::Client(ClientOptions options)
    : pool_(std::make_shared<detail::ConnectionPool>(options)) {}

ATTEST_INLINE Result Client::Send(const Endpoint& endpoint, const Request& request,
                                  std::chrono::milliseconds timeout) const {
  const auto started = detail::Clock::now();
  const std::string wire = detail::WriteRequest(endpoint, request);
  const bool idempotent = detail::IsIdempotent(request.method);
  detail::EndpointSlot& slot = pool_->Slot(endpoint);

  detail::Exchange exchange;
  exchange.wire = wire;
  exchange.head = request.method == "HEAD";
  exchange.keep = !detail::AsksToClose(request.headers);
  exchange.deadline = started + timeout;

  Result result;
  std::vector<detail::Attempt> failed;
  detail::RetryBudget budget;
  for (;;) {
    detail::Attempt attempt;
    auto response = detail::RunAttempt(*pool_, slot, exchange, attempt);
    if (attempt.bytes_sent > 0) ++result.attempts;
    result.reused = attempt.reused;
    if (response) {
      result.response = std::move(response);
      break;
    }
    const auto retry = detail::MayRetry(attempt, idempotent, budget);
    failed.push_back(std::move(attempt));
    if (retry == detail::RetryReason::None || detail::Clock::now() >= exchange.deadline) break;
    detail::Spend(budget, retry);
    exchange.fresh_only = true;
  }
  result.latency = detail::Clock::now() - started;
  if (!result.response) {
    result.error =
        detail::MakeTransportError(failed, endpoint, request.method, idempotent, budget, timeout, started);
  }
  return result;
}

ATTEST_INLINE Result Client::Get(const Endpoint& endpoint, std::string path,
                                 std::chrono::milliseconds timeout) const {
  return Send(endpoint, Request{"GET", std::move(path), {}, {}}, timeout);
}

ATTEST_INLINE Result Client::Delete(const Endpoint& endpoint, std::string path,
                                    std::chrono::milliseconds timeout) const {
  return Send(endpoint, Request{"DELETE", std::move(path), {}, {}}, timeout);
}

ATTEST_INLINE Result Client::Put(const Endpoint& endpoint, std::string path, std::string body,
                                 std::chrono::milliseconds timeout) const {
  return Send(endpoint, Request{"PUT", std::move(path), std::move(body), {}}, timeout);
}

ATTEST_INLINE Result Client::Post(const Endpoint& endpoint, std::string path, std::string body,
                                  std::chrono::milliseconds timeout) const {
  return Send(endpoint, Request{"POST", std::move(path), std::move(body), {}}, timeout);
}

ATTEST_INLINE Result Client::Patch(const Endpoint& endpoint, std::string path, std::string body,
                                   std::chrono::milliseconds timeout) const {
  return Send(endpoint, Request{"PATCH", std::move(path), std::move(body), {}}, timeout);
}

ATTEST_INLINE void Client::CloseIdleConnections() const { pool_->CloseIdle(); }

ATTEST_INLINE std::size_t Client::IdleConnections(const Endpoint& endpoint) const {
  return pool_->IdleCount(endpoint);
}

}  // namespace attest::http
