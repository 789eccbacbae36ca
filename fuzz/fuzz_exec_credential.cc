// The stdout of an exec credential plugin (a program named by the kubeconfig).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "kube/exec_credential.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  auto credential =
      km::kube::ParseExecCredential(json, "client.authentication.k8s.io/v1");
  if (credential) {
    km::fuzz::Check(!credential->token.empty() || (!credential->client_cert_data.empty() &&
                                                    !credential->client_key_data.empty()),
                    "a credential without a token or a certificate and key");
    (void)credential->Expired(std::chrono::system_clock::now());
  }
  (void)km::kube::ParseRfc3339(json);
  return 0;
}
