// Definitions of cluster/docker/image.hpp.
#pragma once

#include "attest/cluster/docker/image.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>

#include "attest/cluster/docker/ldd.hpp"
#include "attest/cluster/docker/tar.hpp"
#include "attest/error.hpp"

namespace attest::docker {

namespace detail {

// A fast non-cryptographic hash, eight bytes a step (the files are megabytes).
ATTEST_INLINE std::uint64_t HashBytes(const std::string& data, std::uint64_t hash) {
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
  std::size_t i = 0;
  for (; i + 8 <= data.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, data.data() + i, 8);
    hash = (hash ^ word) * kMultiplier;
    hash ^= hash >> 29;
  }
  for (; i < data.size(); ++i) hash = (hash ^ static_cast<unsigned char>(data[i])) * 1099511628211ull;
  return (hash ^ data.size()) * kMultiplier;
}

ATTEST_INLINE std::string Hex16(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

ATTEST_INLINE std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

ATTEST_INLINE std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InfrastructureError("cannot read " + path + " to pack it into an image");
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

ATTEST_INLINE std::string ParentOf(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos || slash == 0 ? "/" : path.substr(0, slash);
}

ATTEST_INLINE std::string LastLines(const std::string& text, std::size_t lines) {
  std::size_t position = text.size();
  std::size_t seen = 0;
  while (position > 0) {
    const auto newline = text.rfind('\n', position - 1);
    if (newline == std::string::npos) return text;
    if (newline + 1 < text.size() && ++seen > lines) return "...\n" + text.substr(newline + 1);
    position = newline;
  }
  return text;
}

// Where a tool lives here: PATH, then the sbin directories a non-root PATH lacks.
ATTEST_INLINE std::optional<std::string> FindTool(const std::string& name) {
  if (auto found = process::FindProgram(name)) return found;
  for (const char* dir : {"/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"}) {
    if (auto found = process::FindProgram(dir + name)) return found;
  }
  return std::nullopt;
}

ATTEST_INLINE std::string RunLdd(const std::string& program) {
  process::Command command{{"ldd", program}};
  command.timeout = std::chrono::seconds(30);
  const process::Outcome outcome = process::Run(command);
  if (!outcome.started) {
    throw InfrastructureError("cannot run ldd to find the shared libraries of " + program + " (" +
                                  outcome.start_error + "); it comes with the C library (Debian: libc-bin)",
                              outcome.CommandLine());
  }
  // ldd exits 1 for a static program and says so; that is fine.
  if (!outcome.Ok() && outcome.Output().find("not a dynamic executable") == std::string::npos) {
    throw InfrastructureError(
        "ldd could not list the shared libraries of " + program + " (" + outcome.Describe() + ")",
        outcome.CommandLine(), outcome.Output());
  }
  return outcome.out + outcome.err;
}

}  // namespace detail

ATTEST_INLINE std::string RepositoryName(const std::string& prefix, const std::string& name) {
  std::string clean;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    clean += ok ? c : '-';
  }
  while (!clean.empty() && (clean.front() == '.' || clean.front() == '_' || clean.front() == '-'))
    clean.erase(0, 1);
  while (!clean.empty() && (clean.back() == '.' || clean.back() == '_' || clean.back() == '-'))
    clean.pop_back();
  if (clean.empty()) clean = "program";
  if (clean.size() > 64) clean.resize(64);
  return prefix + "/" + clean;
}

ATTEST_INLINE ImageRecipe BinaryRecipe(const std::string& program, const std::string& ldd_output) {
  const SharedLibraries libraries = ParseLdd(ldd_output);
  if (!libraries.missing.empty()) {
    std::string names;
    for (const auto& name : libraries.missing) names += (names.empty() ? "" : ", ") + name;
    throw InfrastructureError(
        "WithBinary: " + program + " needs shared libraries that this machine does not have (" + names +
            "): install them, or fix the program's RPATH, so that `ldd " + program + "` finds every one",
        "ldd " + program, ldd_output);
  }
  const std::string name = program.substr(program.rfind('/') + 1);
  ImageRecipe recipe;
  recipe.repository = RepositoryName("attest-binary", name);
  recipe.files.push_back(ImageFile{"/attest/bin/" + name, program, 0755});
  std::vector<std::string> library_dirs;
  for (const auto& path : libraries.paths) {
    recipe.files.push_back(ImageFile{path, path, 0755});
    if (path == libraries.interpreter) continue;
    const std::string dir = detail::ParentOf(path);
    if (std::find(library_dirs.begin(), library_dirs.end(), dir) == library_dirs.end())
      library_dirs.push_back(dir);
  }
  recipe.directories = {"/tmp"};
  recipe.entrypoint.push_back("/attest/bin/" + name);
  if (!library_dirs.empty()) {
    std::string joined;
    for (const auto& dir : library_dirs) joined += (joined.empty() ? "" : ":") + dir;
    // The loader finds the usual directories by itself; this covers libraries that
    // came from elsewhere (a build tree's RPATH, /usr/local/lib).
    recipe.env.emplace_back("LD_LIBRARY_PATH", joined);
  }
  return recipe;
}

namespace detail {

ATTEST_INLINE std::vector<std::string> ImportChanges(const ImageRecipe& recipe) {
  std::vector<std::string> changes;
  if (!recipe.entrypoint.empty()) {
    std::string array;
    for (const auto& arg : recipe.entrypoint) array += (array.empty() ? "" : ",") + JsonString(arg);
    changes.push_back("ENTRYPOINT [" + array + "]");
  }
  for (const auto& [key, value] : recipe.env) changes.push_back("ENV " + key + "=" + value);
  return changes;
}

// Everything about the recipe except the files' bytes.
ATTEST_INLINE std::string RecipeText(const ImageRecipe& recipe) {
  std::string text = "attest-image-format-2\n" + recipe.repository + "\n";
  for (const auto& file : recipe.files)
    text += "F " + file.image_path + " " + std::to_string(file.mode) + "\n";
  for (const auto& [path, target] : recipe.symlinks) text += "L " + path + " " + target + "\n";
  for (const auto& dir : recipe.directories) text += "D " + dir + "\n";
  for (const auto& change : ImportChanges(recipe)) text += "C " + change + "\n";
  return text;
}

// The files' identities on disk: while these stay the same, so does the content.
ATTEST_INLINE std::string FileStamps(const ImageRecipe& recipe) {
  std::string stamps;
  for (const auto& file : recipe.files) {
    struct stat info {};
    if (::stat(file.host_path.c_str(), &info) != 0) return "";  // let the read report it
    stamps += file.host_path + " " + std::to_string(info.st_size) + " " +
              std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec) + " " +
              std::to_string(info.st_ino) + "\n";
  }
  return stamps;
}

}  // namespace detail

ATTEST_INLINE std::string ImageTag(const ImageRecipe& recipe) {
  static std::mutex mutex;
  static std::map<std::string, std::string> known;  // recipe + stamps -> tag
  const std::string recipe_text = detail::RecipeText(recipe);
  const std::string stamps = detail::FileStamps(recipe);
  if (!stamps.empty()) {
    std::lock_guard lock(mutex);
    if (auto it = known.find(recipe_text + stamps); it != known.end()) return it->second;
  }
  std::uint64_t hash = detail::HashBytes(recipe_text, 14695981039346656037ull);
  for (const auto& file : recipe.files) hash = detail::HashBytes(detail::ReadWholeFile(file.host_path), hash);
  std::string tag = recipe.repository + ":" + detail::Hex16(hash);
  if (!stamps.empty()) {
    std::lock_guard lock(mutex);
    known[recipe_text + stamps] = tag;
  }
  return tag;
}

ATTEST_INLINE PackedImage PackImage(const ImageRecipe& recipe) {
  // Every parent directory first, in order, then the entries themselves.
  std::set<std::string> directories;
  auto add_parents = [&](const std::string& path) {
    for (std::string dir = detail::ParentOf(path); dir != "/"; dir = detail::ParentOf(dir))
      directories.insert(dir);
  };
  for (const auto& file : recipe.files) add_parents(file.image_path);
  for (const auto& [path, target] : recipe.symlinks) add_parents(path);
  for (const auto& dir : recipe.directories) {
    directories.insert(dir);
    add_parents(dir);
  }
  TarWriter tar;
  for (const auto& dir : directories) tar.AddDirectory(dir.substr(1), dir == "/tmp" ? 01777 : 0755);
  std::set<std::string> written;
  for (const auto& file : recipe.files) {
    if (!written.insert(file.image_path).second) continue;
    tar.AddFile(file.image_path.substr(1), detail::ReadWholeFile(file.host_path), file.mode);
  }
  for (const auto& [path, target] : recipe.symlinks) {
    if (written.insert(path).second) tar.AddSymlink(path.substr(1), target);
  }
  PackedImage packed;
  packed.archive = tar.Finish();
  packed.changes = detail::ImportChanges(recipe);
  packed.tag = ImageTag(recipe);
  return packed;
}

ATTEST_INLINE std::string EnsurePackedImage(const Cli& cli, const ImageRecipe& recipe, bool* imported) {
  if (imported != nullptr) *imported = false;
  std::string tag = ImageTag(recipe);
  const process::Outcome existing = cli.Run({"image", "inspect", "--format", "{{.Id}}", tag});
  if (existing.Ok()) return tag;
  if (existing.cancelled) throw Cancelled();
  cli.ThrowIfEngineProblem(existing);
  const PackedImage packed = PackImage(recipe);

  std::vector<std::string> args = {"import"};
  for (const auto& change : packed.changes) {
    args.push_back("--change");
    args.push_back(change);
  }
  args.push_back("-");
  args.push_back(packed.tag);
  Cli::Options options;
  options.input = packed.archive;
  options.timeout = std::chrono::minutes(5);
  cli.Check(args,
            "packing the image " + packed.tag + " (docker import of " +
                std::to_string(packed.archive.size()) + " bytes)",
            options);
  if (imported != nullptr) *imported = true;

  // Older images of the same program: remove those no container uses (best effort;
  // `docker image rm` without -f refuses images in use).
  const process::Outcome listed =
      cli.Run({"image", "ls", "--format", "{{.Repository}}:{{.Tag}}", recipe.repository});
  if (listed.Ok()) {
    std::size_t start = 0;
    while (start < listed.out.size()) {
      auto end = listed.out.find('\n', start);
      if (end == std::string::npos) end = listed.out.size();
      const std::string tag = listed.out.substr(start, end - start);
      start = end + 1;
      if (!tag.empty() && tag != packed.tag && tag.rfind(recipe.repository + ":", 0) == 0) {
        (void)cli.Run({"image", "rm", tag});
      }
    }
  }
  return packed.tag;
}

ATTEST_INLINE std::string EnsureBinaryImage(const Cli& cli, const std::string& program, bool* imported) {
  std::error_code error;
  const auto absolute = std::filesystem::absolute(program, error);
  const auto canonical = std::filesystem::canonical(absolute, error);
  if (error) {
    throw UsageError(
        "WithBinary: the program " + absolute.string() +
        " does not exist; build it first (e.g. cmake --build <build-dir> --target <name>) or fix the path");
  }
  const std::string path = canonical.string();
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || ::access(path.c_str(), X_OK) != 0) {
    throw UsageError("WithBinary: " + path + " is not an executable file");
  }
  return EnsurePackedImage(cli, BinaryRecipe(path, detail::RunLdd(path)), imported);
}

ATTEST_INLINE std::string EnsureHelperImage(const Cli& cli) {
  ImageRecipe recipe;
  recipe.repository = "attest-helper/netctl";
  std::vector<std::string> library_dirs;
  std::set<std::string> libraries;
  for (const char* tool : {"iptables-restore", "ip6tables-restore", "tc"}) {
    const auto found = detail::FindTool(tool);
    if (!found) {
      throw InfrastructureError(std::string("the helper image for network faults needs ") + tool +
                                " on this machine, to pack it (Debian: apt-get install iptables iproute2); "
                                "or use WithNetworkControl(NetworkControl::Exec) with node images that carry "
                                "iptables and tc");
    }
    const std::string real = std::filesystem::canonical(*found).string();
    const std::string image_path = std::string("/usr/sbin/") + tool;
    recipe.files.push_back(ImageFile{real, real, 0755});
    if (real != image_path) recipe.symlinks.emplace_back(image_path, real);
    const SharedLibraries needed = ParseLdd(detail::RunLdd(real));
    for (const auto& lib : needed.paths) {
      if (!libraries.insert(lib).second) continue;
      recipe.files.push_back(ImageFile{lib, lib, 0755});
      const std::string dir = detail::ParentOf(lib);
      if (lib != needed.interpreter &&
          std::find(library_dirs.begin(), library_dirs.end(), dir) == library_dirs.end()) {
        library_dirs.push_back(dir);
      }
    }
  }
  // What iptables and tc load at run time: match and target extensions, and the
  // delay distribution tables of netem ("distribution normal").
  std::vector<std::string> extra_dirs;
  for (const auto& dir : library_dirs) {
    extra_dirs.push_back(dir + "/xtables");
    extra_dirs.push_back(dir + "/tc");
  }
  for (const char* dir : {"/usr/lib/xtables", "/usr/lib/tc", "/lib/tc"}) extra_dirs.push_back(dir);
  // Files go where the tools look for them (their compiled-in paths are the real,
  // merged-/usr ones); another name of the same directory becomes a symlink.
  std::set<std::string> seen_dirs;
  std::set<std::string> linked;
  for (const auto& dir : extra_dirs) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) continue;
    const std::string real_dir = std::filesystem::canonical(dir, error).string();
    if (error) continue;
    if (real_dir != dir && linked.insert(dir).second) recipe.symlinks.emplace_back(dir, real_dir);
    if (!seen_dirs.insert(real_dir).second) continue;
    const bool xtables = real_dir.size() >= 8 && real_dir.compare(real_dir.size() - 8, 8, "/xtables") == 0;
    for (const auto& entry : std::filesystem::directory_iterator(real_dir, error)) {
      if (!entry.is_regular_file()) continue;
      const std::string file = entry.path().string();
      const bool dist = file.size() > 5 && file.compare(file.size() - 5, 5, ".dist") == 0;
      if (xtables || dist) recipe.files.push_back(ImageFile{file, file, 0644});
    }
  }
  std::sort(recipe.files.begin(), recipe.files.end(),
            [](const ImageFile& a, const ImageFile& b) { return a.image_path < b.image_path; });
  recipe.directories = {"/tmp", "/run", "/var/run"};
  if (!library_dirs.empty()) {
    std::string joined;
    for (const auto& dir : library_dirs) joined += (joined.empty() ? "" : ":") + dir;
    recipe.env.emplace_back("LD_LIBRARY_PATH", joined);
  }
  return EnsurePackedImage(cli, recipe);
}

ATTEST_INLINE void RequireImage(const Cli& cli, const std::string& tag) {
  const process::Outcome outcome = cli.Run({"image", "inspect", "--format", "{{.Id}}", tag});
  if (outcome.Ok()) return;
  if (outcome.cancelled) throw Cancelled();
  cli.ThrowIfEngineProblem(outcome);
  throw InfrastructureError(
      "WithImage: the image \"" + tag +
          "\" is not on the Docker engine, and attest never pulls images: build or load "
          "it first (docker build -t " +
          tag +
          " <dir>, docker load -i <file>), or let "
          "attest make it with WithDockerfile(\"<dir>\") or WithBinary(\"<program>\")",
      outcome.CommandLine(), outcome.Output());
}

ATTEST_INLINE std::string BuildDockerfileImage(const Cli& cli, const std::string& context,
                                               const std::string& dockerfile) {
  std::error_code error;
  const auto context_path = std::filesystem::absolute(context, error);
  if (!std::filesystem::is_directory(context_path, error)) {
    throw UsageError("WithDockerfile: the build context " + context_path.string() + " is not a directory");
  }
  const auto dockerfile_path = context_path / dockerfile;
  if (!std::filesystem::is_regular_file(dockerfile_path, error)) {
    throw UsageError("WithDockerfile: there is no " + dockerfile + " in " + context_path.string());
  }
  const std::string name = context_path.filename().empty() ? context_path.parent_path().filename().string()
                                                           : context_path.filename().string();
  std::string tag = RepositoryName("attest-dockerfile", name) + ":" +
                    detail::Hex16(detail::HashBytes(context_path.string() + "\n" + dockerfile, 0));
  Cli::Options options;
  options.timeout = std::chrono::minutes(30);
  const process::Outcome outcome =
      // --force-rm: the classic builder would keep the container of a failed step.
      cli.Run({"build", "--force-rm", "-f", dockerfile_path.string(), "-t", tag, context_path.string()},
              options);
  if (outcome.Ok()) return tag;
  if (outcome.cancelled) throw Cancelled();
  cli.ThrowIfEngineProblem(outcome);
  std::string output = detail::LastLines(outcome.out, 60);
  if (!outcome.err.empty()) output += (output.empty() ? "" : "\n") + detail::LastLines(outcome.err, 30);
  throw InfrastructureError("WithDockerfile: building the node image from " + dockerfile_path.string() +
                                " failed (" + outcome.Describe() + "); the build's output is below",
                            outcome.CommandLine(), output);
}

ATTEST_INLINE NodeImage PrepareNodeImage(const Cli& cli, const SuiteConfig& config) {
  if (!config.image.empty()) {
    RequireImage(cli, config.image);
    return NodeImage{config.image, "image " + config.image, {}};
  }
  if (!config.binary.empty()) {
    bool imported = false;
    std::string tag = EnsureBinaryImage(cli, config.binary, &imported);
    return NodeImage{tag, (imported ? "packed " : "cached image of ") + config.binary, config.binary_args};
  }
  if (!config.dockerfile_context.empty()) {
    std::string tag = BuildDockerfileImage(cli, config.dockerfile_context, config.dockerfile);
    return NodeImage{tag, "built from " + config.dockerfile_context, {}};
  }
  throw UsageError("WithCluster(" + std::to_string(config.cluster_size) +
                   "): the Docker backend needs to know what the nodes run: WithBinary(\"<program>\") "
                   "(a program built on this machine), WithImage(\"<tag>\") or WithDockerfile(\"<dir>\"), "
                   "or the runner's --binary PATH / --image TAG");
}

}  // namespace attest::docker
