#include "common/ocf/log.h"

#include <dlfcn.h>
#include <qb/qblog.h>
#include <syslog.h>
#include <unistd.h>

#include <array>
#include <cstdarg>
#include <cstdio>
#include <utility>

#include "common/ocf/ocf_env.h"
#include "common/core/text.h"

namespace hanfs {

namespace {

// libqb is loaded on the first message that passes the level, not when the
// agent starts: a monitor with nothing to say (the common case, every few
// seconds on every node, for ever) then loads no more than libc. libqb and
// the libraries it pulls in (libsystemd, libgcrypt, ...) cost a depth-0
// monitor about half its CPU under TCG (bench/RESULTS.md).
struct Libqb {
  decltype(&qb_log_init) init;
  decltype(&qb_log_fini) fini;
  decltype(&qb_log_ctl) ctl;
  decltype(&qb_log_filter_ctl) filter_ctl;
  decltype(&qb_log_format_set) format_set;
  decltype(&qb_log_file_open) file_open;
  decltype(&qb_log_from_external_source_va) log_va;
};

template <typename F>
bool resolve(void* handle, const char* name, F& out) {
  out = reinterpret_cast<F>(dlsym(handle, name));
  return out != nullptr;
}

// nullptr when libqb cannot be loaded: messages then go to stderr, which
// Pacemaker's executor copies into its own log.
const Libqb* libqb() {
  static const Libqb* loaded = [] () -> const Libqb* {
    void* handle = dlopen(HANFS_LIBQB_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      std::fprintf(stderr, "logging to stderr: %s\n", dlerror());
      return nullptr;
    }
    static Libqb qb;
    bool ok = resolve(handle, "qb_log_init", qb.init) && resolve(handle, "qb_log_fini", qb.fini) &&
              resolve(handle, "qb_log_ctl", qb.ctl) && resolve(handle, "qb_log_filter_ctl", qb.filter_ctl) &&
              resolve(handle, "qb_log_format_set", qb.format_set) &&
              resolve(handle, "qb_log_file_open", qb.file_open) &&
              resolve(handle, "qb_log_from_external_source_va", qb.log_va);
    if (!ok) std::fprintf(stderr, "logging to stderr: %s lacks a function the agents use\n", HANFS_LIBQB_SONAME);
    return ok ? &qb : nullptr;
  }();
  return loaded;
}

struct State {
  bool initialised = false;  // log_init called
  bool started = false;      // libqb configured (or found missing)
  LogConfig config;
  std::string name;
  uint8_t level = LOG_INFO;
};
State state;

std::optional<std::string> first_set(const OcfEnv& env, const char* a, const char* b) {
  for (const char* name : {a, b}) {
    auto v = env.variable(name);
    if (v && !text::trim(*v).empty()) return std::string(text::trim(*v));
  }
  return std::nullopt;
}

// Enables a target for every message up to `priority`. libqb logs nothing to
// a target that has no filter, however enabled it is.
void enable(const Libqb& qb, int32_t target, uint8_t priority) {
  qb.filter_ctl(target, QB_LOG_FILTER_ADD, QB_LOG_FILTER_FILE, "*", priority);
  qb.ctl(target, QB_LOG_CONF_ENABLED, QB_TRUE);
}

void start_libqb(const Libqb& qb) {
  const LogConfig& config = state.config;
  qb.init(state.name.c_str(), config.syslog_facility.value_or(LOG_DAEMON), state.level);
  qb.ctl(QB_LOG_SYSLOG, QB_LOG_CONF_ENABLED, QB_FALSE);
  qb.ctl(QB_LOG_STDERR, QB_LOG_CONF_ENABLED, QB_FALSE);
  if (config.syslog_facility) {
    qb.format_set(QB_LOG_SYSLOG, "%p: %b");
    enable(qb, QB_LOG_SYSLOG, state.level);
  }
  if (!config.file.empty()) {
    int32_t target = qb.file_open(config.file.c_str());
    if (target >= 0) {
      qb.format_set(target, "%t %H %N[%P]: %p: %b");
      enable(qb, target, state.level);
    }
  }
  if (config.to_stderr) {
    qb.format_set(QB_LOG_STDERR, "%N[%P]: %p: %b");
    enable(qb, QB_LOG_STDERR, state.level);
  }
}

void log_va(uint8_t priority, const char* format, va_list ap) __attribute__((format(printf, 2, 0)));

void log_va(uint8_t priority, const char* format, va_list ap) {
  if (!state.initialised || priority > state.level) return;
  const Libqb* qb = libqb();
  if (!state.started && qb) start_libqb(*qb);
  state.started = true;
  if (qb) {
    qb->log_va(__func__, "hanfs", format, priority, 0, 0, ap);
    return;
  }
  std::fprintf(stderr, "%s[%d]: ", state.name.c_str(), static_cast<int>(getpid()));
  std::vfprintf(stderr, format, ap);
  std::fputc('\n', stderr);
}

}  // namespace

std::optional<int> syslog_facility_named(const std::string& name) {
  static constexpr std::array<std::pair<const char*, int>, 20> facilities{{
      {"kern", LOG_KERN},     {"user", LOG_USER},     {"mail", LOG_MAIL},       {"daemon", LOG_DAEMON},
      {"auth", LOG_AUTH},     {"syslog", LOG_SYSLOG}, {"lpr", LOG_LPR},         {"news", LOG_NEWS},
      {"uucp", LOG_UUCP},     {"cron", LOG_CRON},     {"authpriv", LOG_AUTHPRIV}, {"ftp", LOG_FTP},
      {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},   {"local3", LOG_LOCAL3},
      {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6},   {"local7", LOG_LOCAL7},
  }};
  const std::string lower = text::lowercase(name);
  for (const auto& [known, value] : facilities)
    if (lower == known) return value;
  return std::nullopt;
}

LogConfig log_config_from(const OcfEnv& env, bool stderr_is_tty) {
  LogConfig config;
  if (auto facility = first_set(env, "HA_LOGFACILITY", "PCMK_logfacility")) {
    const std::string name = text::lowercase(*facility);
    if (name != "none" && name != "/dev/null") config.syslog_facility = syslog_facility_named(name).value_or(LOG_DAEMON);
  }
  if (auto file = first_set(env, "HA_LOGFILE", "PCMK_logfile")) {
    if (*file != "none" && *file != "/dev/null") config.file = *file;
  }
  if (auto debug = first_set(env, "HA_debug", "PCMK_debug"))
    config.debug = text::parse_bool(*debug).value_or(false);
  config.to_stderr = stderr_is_tty || (!config.syslog_facility && config.file.empty());
  return config;
}

void log_init(const std::string& agent, const OcfEnv& env) {
  log_fini();
  state.config = log_config_from(env, isatty(STDERR_FILENO) == 1);
  state.name = agent + "(" + env.instance() + ")";
  state.level = state.config.debug ? LOG_DEBUG : LOG_INFO;
  state.initialised = true;
}

void log_fini() {
  if (state.started && libqb()) libqb()->fini();
  state = State{};
}

#define HANFS_DEFINE_LOG(fn, priority)          \
  void fn(const char* format, ...) {            \
    va_list ap;                                 \
    va_start(ap, format);                       \
    log_va(priority, format, ap);               \
    va_end(ap);                                 \
  }

HANFS_DEFINE_LOG(log_debug, LOG_DEBUG)
HANFS_DEFINE_LOG(log_info, LOG_INFO)
HANFS_DEFINE_LOG(log_warn, LOG_WARNING)
HANFS_DEFINE_LOG(log_error, LOG_ERR)

}  // namespace hanfs
