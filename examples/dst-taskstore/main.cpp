// The scenario runner: ./attest_example_dst_taskstore --help
#include "actors.hpp"

int main(int argc, char** argv) { return taskcoree2e::Main(argc, argv, example::MakeActors); }
