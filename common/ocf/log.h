// Logging through libqb, configured the way Pacemaker configures its own
// daemons: syslog facility from HA_LOGFACILITY/PCMK_logfacility, a file from
// HA_LOGFILE/PCMK_logfile, debug from HA_debug/PCMK_debug, and stderr when a
// person runs the agent by hand. Every line names agent and resource
// instance. The functions are printf-checked by the compiler. libqb itself is
// loaded with the first message that passes the level (see log.cpp); without
// it, messages go to stderr.
#pragma once

#include <optional>
#include <string>

namespace hanfs {

class OcfEnv;

struct LogConfig {
  std::optional<int> syslog_facility;  // nullopt: no syslog
  std::string file;                    // empty: no file
  bool debug = false;
  bool to_stderr = false;
};

// Pure: the syslog(3) facility of a name such as "daemon" or "LOCAL5".
std::optional<int> syslog_facility_named(const std::string& name);

// Pure: what the environment asks for; an unknown facility is "daemon".
// stderr is used when it is a terminal
// or when nothing else would receive the messages.
LogConfig log_config_from(const OcfEnv& env, bool stderr_is_tty);

// Starts logging as "<agent>(<instance>)". Safe to call more than once.
// Loads nothing: that waits for the first message worth logging.
void log_init(const std::string& agent, const OcfEnv& env);
void log_fini();

void log_debug(const char* format, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char* format, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char* format, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace hanfs
