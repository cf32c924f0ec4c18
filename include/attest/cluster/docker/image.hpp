// The image the nodes run, from one of three sources (API.md section 5):
//   WithImage("tag")            an image already on the engine (never pulled)
//   WithDockerfile("dir")       `docker build` of a context; the output is shown on failure
//   WithBinary("/path/prog")    a program built on this machine, packed with its
//                               shared libraries (ldd, the dynamic loader included) into
//                               a FROM-scratch image by `docker import`; no registry, no
//                               shell, no package manager in the image
// When several are set, WithImage wins over WithBinary, which wins over WithDockerfile
// (so the runner's --image or --binary replaces a suite's own choice).
//
// Packed images are cached by content: the tag is a hash of the exact bytes, so a
// second run with the same program finds its image and packs nothing; a rebuilt
// program gets a new tag, and older tags of the same program are removed when no
// container uses them. The helper image that carries iptables and tc for network
// faults (when attest cannot use the host's tools through nsenter) is packed the same
// way from the host's own binaries.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "attest/cluster/docker/cli.hpp"
#include "attest/config/suite_config.hpp"
#include "attest/detail/inline.hpp"

namespace attest::docker {

// One file of a packed image.
struct ImageFile {
  std::string image_path;  // "/attest/bin/server"
  std::string host_path;   // read from here (symlinks followed)
  unsigned mode = 0755;
};

// What goes into an image made from this machine's files.
struct ImageRecipe {
  std::string repository;  // "attest-binary/server" (the tag is the content's hash)
  std::vector<ImageFile> files;
  std::vector<std::pair<std::string, std::string>> symlinks;  // image path -> target
  std::vector<std::string> directories;                       // made empty; "/tmp" is 1777
  std::vector<std::string> entrypoint;                        // empty: none
  std::vector<std::pair<std::string, std::string>> env;
};

// The recipe for WithBinary from the program's absolute path and what `ldd` printed
// for it: the program at /attest/bin/<name> as the entrypoint, every library and the
// loader at the paths ldd names, LD_LIBRARY_PATH over their directories, /tmp.
// The program's arguments are not part of it: `docker run` gives them (NodeImage), so
// one image serves every suite that runs the program, whatever its arguments, and
// suites running at once never replace each other's image. Throws
// InfrastructureError naming missing libraries. Pure.
ImageRecipe BinaryRecipe(const std::string& program, const std::string& ldd_output);

// "attest-binary/kv_server" style repository names: lowercase, [a-z0-9._-] only.
std::string RepositoryName(const std::string& prefix, const std::string& name);

// The recipe's tag: repository:<16 hex digits of a hash over every file's bytes and
// path and mode, the links, the entrypoint and the environment>. Reads the files (a
// process remembers the answer while the files' size, mtime and inode stay the same,
// so many clusters of one program read it once). Throws InfrastructureError naming a
// file it cannot read.
std::string ImageTag(const ImageRecipe& recipe);

// The image's root file system as a tar archive (deterministic), the `docker import
// --change` instructions and the tag. Throws like ImageTag.
struct PackedImage {
  std::string archive;
  std::vector<std::string> changes;  // "ENTRYPOINT [...]", "ENV K=V"
  std::string tag;                   // repository:<16 hex digits of the content hash>
};
PackedImage PackImage(const ImageRecipe& recipe);

// Makes sure the recipe's image exists (imports it when its tag is missing) and
// returns the tag. `imported` says whether it had to be made.
std::string EnsurePackedImage(const Cli& cli, const ImageRecipe& recipe, bool* imported = nullptr);

// Runs ldd on `program` and packs it (WithBinary). Throws UsageError when the program
// is missing or not executable, InfrastructureError when ldd fails.
std::string EnsureBinaryImage(const Cli& cli, const std::string& program, bool* imported = nullptr);

// The helper image with the host's iptables-restore, ip6tables-restore and tc (and
// what they load); throws InfrastructureError when the host lacks them.
std::string EnsureHelperImage(const Cli& cli);

// Checks that `tag` is on the engine; throws InfrastructureError saying how to get it.
void RequireImage(const Cli& cli, const std::string& tag);

// Builds the context with `docker build`; returns the tag. Throws UsageError for a
// missing context or Dockerfile, InfrastructureError with the build's output when the
// build fails.
std::string BuildDockerfileImage(const Cli& cli, const std::string& context, const std::string& dockerfile);

// The image for the suite's nodes, by the precedence above, and a short description
// of where it came from ("packed from /path/prog"). Throws UsageError when none is set.
struct NodeImage {
  std::string tag;
  std::string origin;
  std::vector<std::string> command;  // after the image in `docker run`: WithBinary's arguments
};
NodeImage PrepareNodeImage(const Cli& cli, const SuiteConfig& config);

}  // namespace attest::docker

#if ATTEST_HEADER_ONLY
#include "attest/cluster/docker/detail/image_inl.hpp"
#endif
