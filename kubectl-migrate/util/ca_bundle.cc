#include "util/ca_bundle.h"

#include <unistd.h>

#include <cstdlib>

namespace km {

const std::vector<std::string> kSystemCaBundles = {
    "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Gentoo, Arch
    "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora, RHEL 6+
    "/etc/ssl/ca-bundle.pem",                             // openSUSE
    "/etc/pki/tls/cacert.pem",                            // OpenELEC
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // CentOS, RHEL 7+
    "/etc/ssl/cert.pem",                                  // Alpine
};

namespace {
bool Readable(std::string_view path) { return !path.empty() && access(std::string(path).c_str(), R_OK) == 0; }
}  // namespace

std::string SystemCaBundle(std::string_view library_default, const char* ssl_cert_file,
                           const std::vector<std::string>& candidates) {
  if (ssl_cert_file != nullptr && *ssl_cert_file != '\0') return ssl_cert_file;
  if (Readable(library_default)) return "";
  for (const std::string& candidate : candidates) {
    if (Readable(candidate)) return candidate;
  }
  return "";
}

std::string SystemCaBundle(std::string_view library_default) {
  return SystemCaBundle(library_default, std::getenv("SSL_CERT_FILE"), kSystemCaBundles);
}

}  // namespace km
