#include "db/interrupt.h"

#include <libpq-fe.h>

#include <atomic>
#include <csignal>
#include <ctime>

#include "db/connection.h"

namespace km::db {
namespace {

std::atomic<int> g_signal{0};
std::atomic<PGcancel*> g_cancel{nullptr};

void OnSignal(int signal) {
  g_signal.store(signal);
  // PQcancel is documented as safe to call from a signal handler.
  if (PGcancel* cancel = g_cancel.load()) {
    char buffer[256];
    PQcancel(cancel, buffer, sizeof buffer);
  }
}

}  // namespace

void InstallInterruptHandlers() {
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: sleeps and waits return early
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int InterruptSignal() { return g_signal.load(); }

ScopedCancel::ScopedCancel(Connection& connection) {
  PGcancel* previous = g_cancel.exchange(PQgetCancel(connection.raw()));
  if (previous) PQfreeCancel(previous);
}

ScopedCancel::~ScopedCancel() {
  PGcancel* cancel = g_cancel.exchange(nullptr);
  if (cancel) PQfreeCancel(cancel);
}

void InterruptibleSleep(std::chrono::milliseconds duration) {
  if (Interrupted()) return;
  timespec request{static_cast<time_t>(duration.count() / 1000),
                   static_cast<long>((duration.count() % 1000) * 1'000'000)};
  nanosleep(&request, nullptr);  // EINTR on a signal ends the sleep early
}

}  // namespace km::db
