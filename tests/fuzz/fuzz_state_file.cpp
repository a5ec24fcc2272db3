// Fuzzes the state file decoder: any bytes either decode or are refused,
// and whatever decodes encodes back to a file that decodes to the same.
#include <cstdint>
#include <string_view>

#include "common/ocf/state_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto values = hanfs::decode_state(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!values) return 0;
  auto again = hanfs::decode_state(hanfs::encode_state(*values));
  if (!again || *again != *values) __builtin_trap();
  return 0;
}
