#include "tools/hanfs-check/usage.h"

#include <array>

#include "tools/hanfs-check/risks.h"

namespace hanfs::check {

namespace {

constexpr std::string_view synopsis =
    "hanfs-check [--cib FILE] [--json] [--no-node] [--timeout SECONDS] [--migrate GROUP] [--help]";

constexpr std::string_view summary =
    "Audits an HA-NFS cluster: reads the CIB (cibadmin -Q, or FILE) and what this node shows (the export "
    "tables, LVM, device-mapper devices, mounts and filesystem UUIDs, nfsd's lease and grace times) and "
    "reports every risk an NFS client would suffer, each with what the client would see and the command "
    "that fixes it. Run it on each node: the node's part is that node's. Against the live cluster it also "
    "records this node's lease and grace times as the private node attribute hanfs-nfsd-times (in the "
    "attribute manager's memory only, never in the CIB) and compares them with those the other nodes "
    "recorded when it last ran there.";

struct Option {
  std::string_view name, text;
};
constexpr std::array options{
    Option{"--cib FILE", "Read the CIB from FILE (as cibadmin -Q or pcs cluster cib write it) instead of "
                         "running cibadmin -Q."},
    Option{"--json", "Print the report as JSON: {\"status\": \"ok|risks|unreadable\", \"risks\": [{\"code\", "
                     "\"resources\", \"detail\", \"clients_see\", \"fix\"}], \"notes\": [...]}."},
    Option{"--no-node", "Audit the CIB only; read nothing of this node."},
    Option{"--timeout SECONDS", "Time for everything the tool runs or reads (cibadmin, lvs, blkid); default 10. "
                                "What does not answer in time is reported as a note."},
    Option{"--migrate GROUP", "Print the pcs commands that replace resource-agents' LVM-activate, exportfs, "
                              "nfsnotify and nfsserver (with its IPaddr2) in GROUP with ocf:hanfs:lvm-persistent, "
                              "nfs-export-fsid, nfs-notify, nfs-server and nfs-address, keeping the fsids (so the "
                              "handles) clients hold, in the order to run them (see the admin guide's section 6)."},
    Option{"--help", "Print this help."},
};

struct ExitCode {
  std::string_view code, text;
};
constexpr std::array exit_codes{
    ExitCode{"0", "no risk found (--migrate: the commands were printed)"},
    ExitCode{"1", "risks found"},
    ExitCode{"2", "could not read the CIB (bad file, cibadmin failed), bad arguments, or --migrate of a group "
                  "that does not exist or cannot be migrated"},
};

// roff escapes: a backslash, and a line starting with '.' or '\''.
std::string roff(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '\\' ? std::string("\\e") : c == '-' ? std::string("\\-") : std::string(1, c);
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out = "\\&" + out;
  return out;
}

}  // namespace

std::string help_text() {
  std::string out = "usage: " + std::string(synopsis) + "\n\n" + std::string(summary) + "\n\noptions:\n";
  for (const auto& o : options) out += "  " + std::string(o.name) + "\n      " + std::string(o.text) + "\n";
  out += "\nexit status:\n";
  for (const auto& e : exit_codes) out += "  " + std::string(e.code) + "  " + std::string(e.text) + "\n";
  out += "\nrisks:\n";
  for (const auto& k : risk_catalogue())
    out += "  " + std::string(k.code) + ": " + std::string(k.title) + "\n      clients see: " +
           std::string(k.clients_see) + "\n";
  return out;
}

std::string man_page(std::string_view version) {
  std::string out = ".TH HANFS\\-CHECK 8 \"\" \"hanfs-agents " + roff(version) + "\" \"System Administration\"\n";
  out += ".SH NAME\nhanfs\\-check \\- audit an HA\\-NFS cluster for what its NFS clients would suffer\n";
  out += ".SH SYNOPSIS\n" + roff(synopsis) + "\n.SH DESCRIPTION\n" + roff(summary) + "\n.SH OPTIONS\n";
  for (const auto& o : options) out += ".TP\n.B " + roff(o.name) + "\n" + roff(o.text) + "\n";
  out += ".SH EXIT STATUS\n";
  for (const auto& e : exit_codes) out += ".TP\n.B " + roff(e.code) + "\n" + roff(e.text) + "\n";
  out += ".SH RISKS\nEach risk is reported with its code, the resources, what was found, what clients see and "
         "the fix.\n";
  for (const auto& k : risk_catalogue())
    out += ".TP\n.B " + roff(k.code) + "\n" + roff(k.title) + ". Clients see: " + roff(k.clients_see) + "\n";
  out += ".SH SEE ALSO\n.BR ocf_hanfs_lvm-persistent (7),\n.BR ocf_hanfs_nfs-export-fsid (7),\n"
         ".BR ocf_hanfs_nfs-notify (7),\n.BR ocf_hanfs_nfs-grace (7),\n.BR pcs (8),\n.BR cibadmin (8)\n";
  return out;
}

}  // namespace hanfs::check
