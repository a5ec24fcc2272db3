#include "tools/hanfs-check/report.h"

#include <cstdio>

namespace hanfs::check {

namespace {

std::string_view status_word(Status s) {
  switch (s) {
    case Status::ok: return "ok";
    case Status::risks: return "risks";
    case Status::unreadable: return "unreadable";
  }
  return "unreadable";
}

std::string json_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + json_string(items[i]);
  return out + "]";
}

}  // namespace

Report make_report(std::vector<Risk> risks, std::vector<std::string> notes) {
  Report r;
  r.status = risks.empty() ? Status::ok : Status::risks;
  r.risks = std::move(risks);
  r.notes = std::move(notes);
  return r;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string render_text(const Report& report) {
  std::string out;
  if (report.status == Status::unreadable) out += "hanfs-check: could not read the cluster's configuration\n";
  for (const auto& r : report.risks) {
    out += "RISK " + r.code;
    if (const RiskKind* k = risk_kind(r.code)) out += ": " + std::string(k->title);
    out += "\n  resources:    ";
    for (std::size_t i = 0; i < r.resources.size(); ++i) out += (i ? ", " : "") + r.resources[i];
    if (r.resources.empty()) out += "(none: not set by a cluster resource)";
    out += "\n  found:        " + r.detail;
    out += "\n  clients see:  " + std::string(r.clients_see());
    out += "\n  fix:";
    for (const auto& f : r.fix) out += "\n    " + f;
    out += "\n\n";
  }
  for (const auto& n : report.notes) out += "note: " + n + "\n";
  if (report.status == Status::ok) out += "hanfs-check: no risk found\n";
  if (report.status == Status::risks)
    out += "hanfs-check: " + std::to_string(report.risks.size()) + (report.risks.size() == 1 ? " risk\n" : " risks\n");
  return out;
}

std::string render_json(const Report& report) {
  std::string out = "{\"status\": " + json_string(status_word(report.status)) + ", \"risks\": [";
  for (std::size_t i = 0; i < report.risks.size(); ++i) {
    const Risk& r = report.risks[i];
    out += std::string(i ? ", " : "") + "{\"code\": " + json_string(r.code) + ", \"resources\": " +
           json_array(r.resources) + ", \"detail\": " + json_string(r.detail) +
           ", \"clients_see\": " + json_string(r.clients_see()) + ", \"fix\": " + json_array(r.fix) + "}";
  }
  return out + "], \"notes\": " + json_array(report.notes) + "}\n";
}

}  // namespace hanfs::check
