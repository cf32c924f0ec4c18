// A user of attest_dst_generate: implements the generated interface and hands the
// command line to the generated Main (--scenario <name> runs one scenario).
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "consumer_scenarios.hpp"

namespace {

class AtomicCounter final : public consumer::Counter {
 public:
  void Add(attest::dst::Context&, int by) override { value_ += by; }
  int Value() const override { return value_.load(); }

 private:
  std::atomic<int> value_{0};
};

}  // namespace

int main(int argc, char** argv) {
  // ENVIRONMENT of attest_dst_add_scenario_tests: both variables arrive, and the file the
  // required fixture made exists.
  if (const char* check = std::getenv("CONSUMER_CHECK"); check != nullptr) {
    const char* fixture = std::getenv("CONSUMER_FIXTURE");
    if (std::string(check) != "on" || fixture == nullptr || !std::ifstream(fixture)) {
      std::fprintf(stderr, "consumer: the test's environment or fixture is missing\n");
      return 3;
    }
  }
  return consumer::Main(argc, argv, [](attest::dst::Context&) {
    consumer::Actors actors;
    actors.counter = std::make_shared<AtomicCounter>();
    return actors;
  });
}
