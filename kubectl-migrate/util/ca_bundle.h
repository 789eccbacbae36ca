#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace km {

// Where the system's trusted CA certificates are, for TLS to servers the user did not
// give a CA for (api.github.com; a kubeconfig without certificate-authority). The
// static release binary carries the build machine's default path (Debian's), which
// other distributions do not have: RHEL and Fedora keep the bundle elsewhere.
//
// Returns "" to keep the TLS library's default: when it exists or nothing better is
// found. Otherwise SSL_CERT_FILE when set (as OpenSSL and Go read it), else the first
// existing file of kSystemCaBundles — Go's crypto/x509 list for Linux.
std::string SystemCaBundle(std::string_view library_default);

// The same with the environment variable's value and the candidates given (tests).
std::string SystemCaBundle(std::string_view library_default, const char* ssl_cert_file,
                           const std::vector<std::string>& candidates);

extern const std::vector<std::string> kSystemCaBundles;

}  // namespace km
