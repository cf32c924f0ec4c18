// Definitions of cluster/docker/subnet.hpp.
#pragma once

#include "attest/cluster/docker/subnet.hpp"

namespace attest::docker {

ATTEST_INLINE std::optional<std::uint32_t> ParseIpv4(const std::string& text) {
  std::uint32_t address = 0;
  int parts = 0;
  std::size_t i = 0;
  while (parts < 4) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return std::nullopt;
    std::uint32_t part = 0;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      part = part * 10 + static_cast<std::uint32_t>(text[i] - '0');
      if (++digits > 3 || part > 255) return std::nullopt;
      ++i;
    }
    address = (address << 8) | part;
    ++parts;
    if (parts < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return address;
}

ATTEST_INLINE std::string Ipv4Text(std::uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xff) + "." +
         std::to_string((address >> 8) & 0xff) + "." + std::to_string(address & 0xff);
}

ATTEST_INLINE std::optional<Ipv4Subnet> Ipv4Subnet::Parse(const std::string& cidr) {
  const auto slash = cidr.find('/');
  if (slash == std::string::npos) return std::nullopt;
  const auto address = ParseIpv4(cidr.substr(0, slash));
  const std::string bits = cidr.substr(slash + 1);
  if (!address || bits.empty() || bits.size() > 2 ||
      bits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const int prefix = std::stoi(bits);
  if (prefix < 1 || prefix > 32) return std::nullopt;
  const std::uint32_t mask = prefix == 32 ? 0xffffffffu : ~(0xffffffffu >> prefix);
  return Ipv4Subnet{*address & mask, prefix};
}

ATTEST_INLINE std::string Ipv4Subnet::ToString() const {
  return Ipv4Text(base) + "/" + std::to_string(prefix);
}

ATTEST_INLINE std::string Ipv4Subnet::Gateway() const { return Ipv4Text(base + 1); }

ATTEST_INLINE std::string Ipv4Subnet::NodeAddress(int index) const {
  return Ipv4Text(base + 2 + static_cast<std::uint32_t>(index));
}

ATTEST_INLINE bool Ipv4Subnet::Overlaps(const Ipv4Subnet& other) const {
  const std::uint64_t a_end = std::uint64_t{base} + Size();
  const std::uint64_t b_end = std::uint64_t{other.base} + other.Size();
  return base < b_end && other.base < a_end;
}

ATTEST_INLINE std::vector<Ipv4Subnet> SubnetCandidates(int nodes, const std::vector<Ipv4Subnet>& taken,
                                                       std::size_t count) {
  int prefix = 24;
  while (prefix > 8 && Ipv4Subnet{0, prefix}.NodeCapacity() < nodes) --prefix;
  const std::uint32_t ten = 10u << 24;
  const std::uint64_t block = std::uint64_t{1} << (32 - prefix);
  const std::uint64_t blocks = (std::uint64_t{1} << 24) / block;  // in 10.0.0.0/8
  // Start at 10.0.42.0 (aligned down to the block size) and walk forward, wrapping.
  const std::uint64_t first = ((42u << 8) / block) % blocks;
  std::vector<Ipv4Subnet> candidates;
  for (std::uint64_t i = 0; i < blocks && candidates.size() < count; ++i) {
    const Ipv4Subnet subnet{static_cast<std::uint32_t>(ten + ((first + i) % blocks) * block), prefix};
    bool free = true;
    for (const auto& t : taken) free = free && !subnet.Overlaps(t);
    if (free) candidates.push_back(subnet);
  }
  return candidates;
}

ATTEST_INLINE std::vector<Ipv4Subnet> ParseRouteTable(const std::string& proc_net_route) {
  // Iface Destination Gateway Flags RefCnt Use Metric Mask ...; addresses are
  // hexadecimal in the kernel's (little-endian) byte order.
  std::vector<Ipv4Subnet> routes;
  std::size_t start = proc_net_route.find('\n');  // skip the header
  while (start != std::string::npos && start + 1 < proc_net_route.size()) {
    const auto end = proc_net_route.find('\n', start + 1);
    const std::string line =
        proc_net_route.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
    start = end;
    std::vector<std::string> fields;
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      const std::size_t from = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
      if (i > from) fields.push_back(line.substr(from, i - from));
    }
    if (fields.size() < 8) continue;
    auto hex = [](const std::string& text) -> std::optional<std::uint32_t> {
      if (text.size() != 8 || text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
        return std::nullopt;
      const auto value = static_cast<std::uint32_t>(std::stoul(text, nullptr, 16));
      // little-endian bytes -> host order address
      return ((value & 0xffu) << 24) | ((value & 0xff00u) << 8) | ((value >> 8) & 0xff00u) | (value >> 24);
    };
    const auto destination = hex(fields[1]);
    const auto mask = hex(fields[7]);
    if (!destination || !mask || *mask == 0) continue;
    int prefix = 0;
    for (std::uint32_t m = *mask; (m & 0x80000000u) != 0; m <<= 1) ++prefix;
    routes.push_back(Ipv4Subnet{*destination & *mask, prefix});
  }
  return routes;
}

}  // namespace attest::docker
