// Compiled, never linked, by check_compile.cmake: a Check built and dropped without
// .Run() must draw a nodiscard warning (an error under -Werror) on its own line, and the
// same statements ending in .Run() must compile without a single diagnostic.
//
// ATTEST_COMPILE_FAIL_<CASE> picks what is dropped; without one, every check is run.
// A line marked `nodiscard: <case>` is where that case's diagnostic must point.
#include <attest/attest.hpp>

using namespace attest;
using namespace std::chrono_literals;

void DroppedCheckProbe(Do& d) {
#if defined(ATTEST_COMPILE_FAIL_DROPPED_GET)
  d.GET(Node("n1"), "/kv/key");  // nodiscard: dropped_get
#elif defined(ATTEST_COMPILE_FAIL_DROPPED_STATUS)
  d.GET(Node("n1"), "/kv/key").Status(Is(200));  // nodiscard: dropped_status
#elif defined(ATTEST_COMPILE_FAIL_DROPPED_MODIFIERS)
  d.PUT(Node("n1"), "/kv/key", "value", H{{"X-Test", "1"}});     // nodiscard: dropped_modifiers
  d.POST(Node("n1"), "/kv/key", "value").Body(Is("ok"));         // nodiscard: dropped_modifiers
  d.DELETE(Node("n1"), "/kv/key").JSON("term", GreaterThan(3));  // nodiscard: dropped_modifiers
  d.PATCH(Node("n1"), "/kv/key").Header("Location", IsNull());   // nodiscard: dropped_modifiers
  d.GET(Node("n1"), "/kv/key").Hint("register GET /kv/{key}");   // nodiscard: dropped_modifiers
  d.GET(Node("n1"), "/kv/key").Eventually(2s);                   // nodiscard: dropped_modifiers
  d.GET(Node("n1"), "/kv/key").Status(Is(200)).Consistently();   // nodiscard: dropped_modifiers
#else
  d.GET(Node("n1"), "/kv/key").Run();
  d.GET(Node("n1"), "/kv/key").Status(Is(200)).Run();
  d.PUT(Node("n1"), "/kv/key", "value", H{{"X-Test", "1"}}).Run();
  d.POST(Node("n1"), "/kv/key", "value").Body(Is("ok")).Run();
  d.DELETE(Node("n1"), "/kv/key").JSON("term", GreaterThan(3)).Run();
  d.PATCH(Node("n1"), "/kv/key").Header("Location", IsNull()).Run();
  d.GET(Node("n1"), "/kv/key").Hint("register GET /kv/{key}").Run();
  d.GET(Node("n1"), "/kv/key").Eventually(2s).Run();
  d.GET(Node("n1"), "/kv/key").Status(Is(200)).Consistently().Run();
#endif
}
