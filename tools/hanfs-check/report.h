// What hanfs-check prints: the risks as text (one block per risk: code,
// resources, what clients see, the fix) or as JSON for monitoring systems,
// and the exit status they mean. Pure.
//
// The JSON schema (stable; fields are only ever added):
//   {"status": "ok" | "risks" | "unreadable",
//    "risks": [{"code": "...", "resources": ["..."], "detail": "...",
//               "clients_see": "...", "fix": ["command", ...]}],
//    "notes": ["..."]}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/hanfs-check/risks.h"

namespace hanfs::check {

enum class Status { ok = 0, risks = 1, unreadable = 2 };  // the exit status

struct Report {
  Status status = Status::ok;
  std::vector<Risk> risks;
  std::vector<std::string> notes;  // what could not be read, what was read from where
};
// ok without risks, risks with some; unreadable is the caller's to set.
Report make_report(std::vector<Risk> risks, std::vector<std::string> notes);

std::string render_text(const Report& report);
std::string render_json(const Report& report);
// A JSON string literal, quotes included: ", \ and control characters
// escaped, bytes >= 0x80 passed through (the CIB is UTF-8).
std::string json_string(std::string_view s);

}  // namespace hanfs::check
