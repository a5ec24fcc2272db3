#include "agents/lvm-persistent/active_state.h"

#include "agents/lvm-persistent/parameters.h"
#include "common/core/text.h"

namespace hanfs::lvm_persistent {

StateFile state_file(const ActionContext& context) {
  return StateFile(context.env.rsc_tmp(), agent_name, context.env.instance());
}

StateValues encode(const ActiveState& state) {
  std::string lvs;
  for (const auto& lv : state.lvs)
    lvs += (lvs.empty() ? "" : " ") + lv.name + ":" + lv.dm_uuid + ":" + std::to_string(lv.minor);
  return {{"vg", state.vg}, {"lvs", lvs}};
}

Result<ActiveState> decode(const StateValues& values) {
  auto bad = [] { return fail(OcfStatus::err_generic, "state file is damaged"); };
  auto vg = values.find("vg");
  auto lvs = values.find("lvs");
  if (vg == values.end() || lvs == values.end()) return bad();
  ActiveState state{vg->second, {}};
  for (const auto& word : text::split_words(lvs->second)) {
    auto parts = text::split(word, ':');
    auto minor = parts.size() == 3 ? text::parse_int(parts[2]) : std::nullopt;
    if (!minor) return bad();
    state.lvs.push_back({parts[0], parts[1], static_cast<int>(*minor)});
  }
  return state;
}

}  // namespace hanfs::lvm_persistent
