// "Every command in the guide is one a test runs": each command of a ```sh
// block in docs/*.md must be run by a test script (any tests/**/*.sh: the lab
// and cluster scenarios and the helpers they call), so the guide cannot rot.
//
// The rule, applied to the guide's command and to every line of the scripts
// after joining backslash continuations:
//   - double and single quotes are dropped and white space collapsed, so
//     quoting that only keeps words together does not matter;
//   - a script word holding a variable ($NAME, ${NAME}, $1) stands for any
//     text there: the guide writes the value (ip=198.18.0.100 matches
//     ip=$VIP);
//   - the guide's words must be consecutive words of the script line, from
//     any word on (a helper such as lab_run may come first) up to the end of
//     the script's command: the line's end or a redirection, pipe, ;, && or
//     ||. So the guide cannot leave out an argument the test passes;
//   - the first word, the program, matches literally (a helper's "$@" runs
//     whatever it is given, not a command of the guide);
//   - a wrapper, a one-line shell function that ends by running a program
//     with its arguments (cluster_pcs() { lab_run timeout 600 pcs "$@"; }),
//     stands for that program wherever a script calls it.
// Comment lines (#) and blank lines in a block are not commands; other
// fenced blocks (```ini, ```text) are configuration or output, not commands.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "tests/unit/metadata_files.h"
#include "common/core/text.h"

namespace {

namespace fs = std::filesystem;

struct Command {
  std::string where;   // file:line
  std::string text;    // normalised
};

// Lines with their backslash continuations joined; `first_line` gets the
// 1-based number each joined line started on.
std::vector<std::string> logical_lines(const std::string& text, std::vector<int>* first_line = nullptr) {
  std::vector<std::string> out;
  std::string current;
  int number = 0, start = 1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    ++number;
    if (current.empty()) start = number;
    if (!line.empty() && line.back() == '\\') {
      current += line.substr(0, line.size() - 1) + " ";
    } else {
      out.push_back(current + line);
      if (first_line) first_line->push_back(start);
      current.clear();
    }
    pos = end + 1;
  }
  if (!current.empty()) {
    out.push_back(current);
    if (first_line) first_line->push_back(start);
  }
  return out;
}

std::vector<std::string> normalised_words(std::string line) {
  std::erase_if(line, [](char c) { return c == '"' || c == '\''; });
  return hanfs::text::split_words(line);
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// A script word as a pattern: its variables match any non-blank text.
std::regex word_pattern(const std::string& word) {
  static const std::regex variable(R"(\$\{?[A-Za-z_][A-Za-z_0-9]*\}?|\$[0-9@*#?])");
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  std::string pattern;
  std::size_t last = 0;
  for (std::sregex_iterator it(word.begin(), word.end(), variable), end; it != end; ++it) {
    pattern += std::regex_replace(word.substr(last, it->position() - last), special, R"(\$&)");
    pattern += R"(\S+)";
    last = it->position() + it->length();
  }
  pattern += std::regex_replace(word.substr(last), special, R"(\$&)");
  return std::regex(pattern);
}

bool ends_command(const std::string& word) {
  static const std::regex end(R"(^(\d?>|<|\||&|;).*)");
  return std::regex_match(word, end);
}

// True when the guide's command is the script line's command (see the rule).
bool runs(const std::vector<std::string>& script, const std::vector<std::string>& guide) {
  if (guide.empty() || guide.size() > script.size()) return false;
  for (std::size_t i = 0; i + guide.size() <= script.size(); ++i) {
    const std::size_t after = i + guide.size();
    if (after < script.size() && !ends_command(script[after])) continue;
    if (script[i] != guide[0]) continue;
    bool all = true;
    for (std::size_t k = 0; k < guide.size() && all; ++k)
      all = script[i + k] == guide[k] ||
            (script[i + k].find('$') != std::string::npos && std::regex_match(guide[k], word_pattern(script[i + k])));
    if (all) return true;
  }
  return false;
}

bool runs(const std::string& script_line, const std::string& guide_command) {
  return runs(normalised_words(script_line), normalised_words(guide_command));
}

std::vector<Command> guide_commands() {
  std::vector<Command> out;
  const fs::path docs = fs::path(HANFS_SOURCE_DIR) / "docs";
  for (const auto& entry : fs::directory_iterator(docs)) {
    if (entry.path().extension() != ".md") continue;
    std::vector<int> numbers;
    const auto lines = logical_lines(read_whole_file(entry.path().string()), &numbers);
    bool in_sh = false, in_other = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string trimmed = join(hanfs::text::split_words(lines[i]));
      if (trimmed.starts_with("```")) {
        if (in_sh || in_other) in_sh = in_other = false;
        else if (trimmed == "```sh") in_sh = true;
        else in_other = true;
        continue;
      }
      if (!in_sh || trimmed.empty() || trimmed.starts_with("#")) continue;
      out.push_back({entry.path().filename().string() + ":" + std::to_string(numbers[i]), join(normalised_words(lines[i]))});
    }
  }
  return out;
}

// The wrappers the lines define: function name -> the program it runs.
std::map<std::string, std::string> wrappers(const std::vector<std::string>& lines) {
  static const std::regex wrapper(R"(^\s*([A-Za-z_][A-Za-z0-9_]*)\(\)\s*\{.*\s([A-Za-z0-9_.-]+)\s+"\$@";?\s*\}\s*$)");
  std::map<std::string, std::string> out;
  std::smatch m;
  for (const auto& line : lines)
    if (std::regex_match(line, m, wrapper)) out[m[1]] = m[2];
  return out;
}

// Every logical line of the scripts, normalised, wrappers replaced by the
// program they run.
std::vector<std::vector<std::string>> script_lines(const std::vector<std::string>& lines) {
  const auto programs = wrappers(lines);
  std::vector<std::vector<std::string>> out;
  for (const auto& line : lines) {
    auto words = normalised_words(line);
    for (auto& w : words)
      if (auto it = programs.find(w); it != programs.end()) w = it->second;
    out.push_back(std::move(words));
  }
  return out;
}

std::vector<std::vector<std::string>> script_lines() {
  std::vector<std::string> lines;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(HANFS_SOURCE_DIR) / "tests")) {
    if (entry.path().extension() != ".sh") continue;
    for (auto& line : logical_lines(read_whole_file(entry.path().string()))) lines.push_back(std::move(line));
  }
  return script_lines(lines);
}

TEST(GuideCommands, EveryCommandOfTheGuideIsRunByATestScript) {
  const auto commands = guide_commands();
  const auto scripts = script_lines();
  ASSERT_GE(commands.size(), 20u) << "the guide's ```sh blocks hold almost no command: is the rule still applied?";
  for (const auto& c : commands) {
    const auto words = normalised_words(c.text);
    bool found = false;
    for (const auto& line : scripts)
      if ((found = runs(line, words))) break;
    EXPECT_TRUE(found) << c.where << ": no test script runs `" << c.text << "`";
  }
}

TEST(GuideCommandRule, AVariableInTheScriptStandsForTheValueTheGuideWrites) {
  EXPECT_TRUE(runs("lab_run pcs resource create ip ocf:heartbeat:IPaddr2 ip=$VIP cidr_netmask=24 --group nfs",
                   "pcs resource create ip ocf:heartbeat:IPaddr2 ip=198.18.0.100 cidr_netmask=24 --group nfs"));
  EXPECT_TRUE(runs(R"(crm_resource --force-check=$level --agent x --option directory="${DIR}")",
                   "crm_resource --force-check=20 --agent x --option directory=/srv/nfs/data"));
  EXPECT_TRUE(runs(R"(pcs stonith create f fence_x pcmk_host_list="node1 node2")",
                   "pcs stonith create f fence_x pcmk_host_list='node1 node2'"));
  EXPECT_FALSE(runs("pcs resource create ip ocf:heartbeat:IPaddr2 ip=$VIP", "pcs resource create ip ocf:heartbeat:IPaddr2 ip="));
  EXPECT_FALSE(runs("mkfs.ext4 -q $dev", "mkfs.xfs -q /dev/sdb"));
}

TEST(GuideCommandRule, TheProgramIsNeverAVariable) {
  EXPECT_FALSE(runs(R"(lab_run() { lab_log "+ $*"; "$@" || lab_fail x; })", "mkfs.xfs"));
  EXPECT_FALSE(runs(R"($cmd "$dev")", "mkfs.xfs /dev/sdb"));
}

TEST(GuideCommandRule, TheGuideCanNeitherDropNorAddArguments) {
  const std::string script = R"(pcs resource create nfs-vg ocf:hanfs:lvm-persistent vgname=vgnfs --group nfs >"$log" 2>&1 || lab_fail x)";
  EXPECT_TRUE(runs(script, "pcs resource create nfs-vg ocf:hanfs:lvm-persistent vgname=vgnfs --group nfs"));
  EXPECT_FALSE(runs(script, "pcs resource create nfs-vg ocf:hanfs:lvm-persistent vgname=vgnfs"));
  EXPECT_FALSE(runs(script, "pcs resource create nfs-vg ocf:hanfs:lvm-persistent vgname=vgnfs --group nfs --disabled"));
  EXPECT_FALSE(runs("echo pcs resource create x", "pcs resource create"));
}

TEST(GuideCommandRule, AWrapperFunctionStandsForTheProgramItRuns) {
  const auto lines = script_lines({R"(cluster_pcs() { lab_run timeout "${T:-600}" pcs "$@"; })",
                                   R"(lab_run() { lab_log "+ $*"; "$@" || lab_fail "x"; })",
                                   "  cluster_pcs resource move nfs node2"});
  EXPECT_TRUE(runs(lines[2], normalised_words("pcs resource move nfs node2")));
  EXPECT_EQ(join(lines[1]), R"(lab_run() { lab_log + $*; $@ || lab_fail x; })") << "lab_run is no wrapper of a program";
}

TEST(GuideCommandRule, ContinuationLinesAreOneCommand) {
  const auto lines = logical_lines("a \\\n  b \\\n  c\nd\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(join(normalised_words(lines[0])), "a b c");
}

}  // namespace
