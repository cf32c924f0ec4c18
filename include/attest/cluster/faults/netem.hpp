// Network impairments as tc commands: the argv of the one `tc qdisc replace ... netem`
// that puts a node's impairments on its device, the argv that removes them, and the
// reading of tc's answers (nothing to delete; no netem in this kernel). Nothing here
// runs a process; the Docker backend runs the commands through network_control.hpp.
//
//   run(prefix + NetemReplaceArgs("eth0", {Delay(100ms, 20ms), Loss(10)}));
//   // failed: throw InfrastructureError(ExplainTcFailure("n1", code, out), command, out)
//
// netem shapes a device's outgoing traffic only: impairing every node of a pair delays
// both directions, impairing one node delays what it sends.
#pragma once

#include <string>
#include <vector>

#include "attest/cluster/impairment.hpp"
#include "attest/detail/inline.hpp"

namespace attest::faults {

// argv of the one tc call that puts `impairments` on `device`'s root qdisc, replacing any
// earlier one (so Impair twice keeps the second set only). The parts come in a fixed
// order whatever the order given: delay, loss, duplicate, reorder.
//   Delay(100ms, 20ms)  "delay" "100ms" "20ms" "25%" "distribution" "normal"
//   Delay(100ms)        "delay" "100ms"   (netem takes correlation and a distribution
//                                          only with a jitter)
//   Loss(10)            "loss" "10%" "25%"
//   Duplicate(1)        "duplicate" "1%"
//   Reorder(25)         "reorder" "25%" "25%"
//
//   NetemReplaceArgs("eth0", {Delay(100ms, 20ms), Loss(10)}) ==
//     {"tc","qdisc","replace","dev","eth0","root","netem",
//      "delay","100ms","20ms","25%","distribution","normal","loss","10%","25%"}
//
// Times are whole milliseconds ("100ms") or else microseconds ("1500us"); percentages
// are the shortest exact decimal ("0.5%", never an exponent). The normal distribution is
// a table tc reads from its library directory (Debian: /usr/lib/x86_64-linux-gnu/tc/
// normal.dist), so wherever tc runs needs that file next to it.
// Throws UsageError for what ValidateImpairments rejects (none given, a kind twice,
// Reorder without Delay) and for a device name that is not one (empty, longer than 15
// characters, with '/', ':' or white space).
std::vector<std::string> NetemReplaceArgs(const std::string& device,
                                          const std::vector<Impairment>& impairments);

// argv that removes the impairments: {"tc","qdisc","del","dev","eth0","root"} (the device
// falls back to its default qdisc). Throws UsageError for a bad device name.
std::vector<std::string> NetemDeleteArgs(const std::string& device);

// argv that shows the device's qdiscs: {"tc","qdisc","show","dev","eth0"}; the output
// has a line starting "qdisc netem" while impairments are on. Throws UsageError for a
// bad device name.
std::vector<std::string> NetemShowArgs(const std::string& device);

// True when a failed `tc qdisc del` only says there was nothing to delete (the device
// has its default qdisc): "Error: Cannot delete qdisc with handle of zero." on current
// kernels, "RTNETLINK answers: No such file or directory" on older ones. Repair of a
// node that was never impaired is then no error.
//   IsNothingToDelete(2, "Error: Cannot delete qdisc with handle of zero.\n") == true
bool IsNothingToDelete(int exit_code, const std::string& output);

// True when tc failed because the kernel has no netem qdisc ("Error: Specified qdisc kind
// is unknown.", exit code 2) or tc itself lacks netem support ("Unknown qdisc").
bool IsNetemMissing(int exit_code, const std::string& output);

// When `tc` failed, the message for the user, naming the node. For a kernel without
// sch_netem it says that the kernel lacks the netem qdisc (CONFIG_NET_SCH_NETEM / the
// sch_netem module), that nothing was impaired, and what would be needed (a kernel with
// netem: `modprobe sch_netem` on the engine's host, or another host). Other failures it
// names in words where it can (tc missing where it ran, no permission, no such device)
// and always quotes tc's own complaint.
//
//   ExplainTcFailure("n1", 2, "Error: Specified qdisc kind is unknown.\n")
//   // "node \"n1\": cannot impair the network: this kernel has no netem qdisc ..."
// (a failed `tc qdisc replace` leaves the qdisc the device had, so other failures say so)
std::string ExplainTcFailure(const std::string& node, int exit_code, const std::string& output);

}  // namespace attest::faults

#if ATTEST_HEADER_ONLY
#include "attest/cluster/faults/detail/netem_inl.hpp"
#endif
