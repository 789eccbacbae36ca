// A kubeconfig file as kubectl would read it (--kubeconfig), with a context and
// user override taken from the input too, so every lookup path is reached.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "kube/kubeconfig.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static km::fuzz::ScratchFile file("kubeconfig");
  std::string_view text(reinterpret_cast<const char*>(data), size);
  km::kube::ConfigFlags flags;
  flags.kubeconfig = file.Write(text);
  // Every other input also names a context, so a non-current context is looked up too.
  if (size > 0 && data[0] % 2 == 1) flags.context = "other";
  auto config = km::kube::LoadRestConfig(flags, km::kube::ConfigEnv{});
  if (config) {
    km::fuzz::Check(!config->server.empty() && config->server.back() != '/',
                    "a server that is empty or ends in '/'");
    km::fuzz::Check(!config->namespace_.empty(), "no namespace");
  }
  (void)km::kube::DecodeBase64(text);
  return 0;
}
