#include "log.h"

#include <qb/qblog.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdarg>

#include "ocf_env.h"
#include "text.h"

namespace hanfs {

namespace {

bool initialised = false;

std::optional<std::string> first_set(const OcfEnv& env, const char* a, const char* b) {
  for (const char* name : {a, b}) {
    auto v = env.variable(name);
    if (v && !text::trim(*v).empty()) return std::string(text::trim(*v));
  }
  return std::nullopt;
}

void log_va(uint8_t priority, const char* format, va_list ap)
    __attribute__((format(printf, 2, 0)));

void log_va(uint8_t priority, const char* format, va_list ap) {
  if (!initialised) return;
  qb_log_from_external_source_va(__func__, "hanfs", format, priority, 0, 0, ap);
}

// Enables a target for every message up to `priority`. libqb logs nothing to
// a target that has no filter, however enabled it is.
void enable(int32_t target, uint8_t priority) {
  qb_log_filter_ctl(target, QB_LOG_FILTER_ADD, QB_LOG_FILTER_FILE, "*", priority);
  qb_log_ctl(target, QB_LOG_CONF_ENABLED, QB_TRUE);
}

}  // namespace

LogConfig log_config_from(const OcfEnv& env, bool stderr_is_tty) {
  LogConfig config;
  if (auto facility = first_set(env, "HA_LOGFACILITY", "PCMK_logfacility")) {
    const std::string name = text::lowercase(*facility);
    if (name != "none" && name != "/dev/null") {
      int value = qb_log_facility2int(name.c_str());
      config.syslog_facility = value >= 0 ? value : LOG_DAEMON;
    }
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
  if (initialised) qb_log_fini();
  const LogConfig config = log_config_from(env, isatty(STDERR_FILENO) == 1);
  const std::string name = agent + "(" + env.instance() + ")";
  const uint8_t level = config.debug ? LOG_DEBUG : LOG_INFO;

  qb_log_init(name.c_str(), config.syslog_facility.value_or(LOG_DAEMON), level);
  qb_log_ctl(QB_LOG_SYSLOG, QB_LOG_CONF_ENABLED, QB_FALSE);
  qb_log_ctl(QB_LOG_STDERR, QB_LOG_CONF_ENABLED, QB_FALSE);
  if (config.syslog_facility) {
    qb_log_format_set(QB_LOG_SYSLOG, "%p: %b");
    enable(QB_LOG_SYSLOG, level);
  }
  if (!config.file.empty()) {
    int32_t target = qb_log_file_open(config.file.c_str());
    if (target >= 0) {
      qb_log_format_set(target, "%t %H %N[%P]: %p: %b");
      enable(target, level);
    }
  }
  if (config.to_stderr) {
    qb_log_format_set(QB_LOG_STDERR, "%N[%P]: %p: %b");
    enable(QB_LOG_STDERR, level);
  }
  initialised = true;
}

void log_fini() {
  if (!initialised) return;
  qb_log_fini();
  initialised = false;
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
HANFS_DEFINE_LOG(log_notice, LOG_NOTICE)
HANFS_DEFINE_LOG(log_warn, LOG_WARNING)
HANFS_DEFINE_LOG(log_error, LOG_ERR)

}  // namespace hanfs
