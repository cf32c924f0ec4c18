// A user of attest_dst_generate: implements the generated interface and hands the
// command line to the generated Main (--scenario <name> runs one scenario).
#include <atomic>
#include <memory>

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
  return consumer::Main(argc, argv, [](attest::dst::Context&) {
    consumer::Actors actors;
    actors.counter = std::make_shared<AtomicCounter>();
    return actors;
  });
}
