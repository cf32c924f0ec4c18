// The challenge runner: list the stages, run one, several or all of them.
#include <attest/attest.hpp>

int main(int argc, char** argv) { return attest::Main(argc, argv); }
