#include "common/nfs/uuid.h"

#include <cstddef>

namespace hanfs {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::uint32_t rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

}  // namespace

std::optional<Uuid> parse_uuid(std::string_view text) {
  // The separator, if any, and where it may appear (offsets in hex digits).
  char sep = 0;
  for (char c : text)
    if (c == '-' || c == ':') { sep = c; break; }
  Uuid out{};
  std::size_t digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (sep && c == sep) {
      const bool dash_ok = sep == '-' && (digits == 8 || digits == 12 || digits == 16 || digits == 20);
      const bool colon_ok = sep == ':' && (digits == 8 || digits == 16 || digits == 24);
      if (!(dash_ok || colon_ok) || i == 0 || text[i - 1] == sep) return std::nullopt;
      continue;
    }
    const int v = hex_value(c);
    if (v < 0 || digits >= 32) return std::nullopt;
    out[digits / 2] = static_cast<std::uint8_t>(out[digits / 2] | (digits % 2 ? v : v << 4));
    ++digits;
  }
  if (digits != 32) return std::nullopt;
  // All groups or none: "8-4-4-4-12" needs 4 dashes, the kernel's form 3 colons.
  std::size_t seps = 0;
  for (char c : text) seps += c == sep ? 1 : 0;
  if (sep == '-' && seps != 4) return std::nullopt;
  if (sep == ':' && seps != 3) return std::nullopt;
  return out;
}

std::string format_uuid(const Uuid& uuid) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < uuid.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[uuid[i] >> 4];
    out += hex[uuid[i] & 0xf];
  }
  return out;
}

std::array<std::uint8_t, 20> sha1(std::string_view data) {
  std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::string msg(data);
  const std::uint64_t bit_length = static_cast<std::uint64_t>(data.size()) * 8;
  msg += static_cast<char>(0x80);
  while (msg.size() % 64 != 56) msg += '\0';
  for (int i = 7; i >= 0; --i) msg += static_cast<char>((bit_length >> (i * 8)) & 0xff);

  for (std::size_t block = 0; block < msg.size(); block += 64) {
    std::uint32_t w[80];
    for (int i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(msg.data() + block + 4 * i);
      w[i] = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
    }
    for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      std::uint32_t f, k;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
      else { f = b ^ c ^ d; k = 0xCA62C1D6; }
      const std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
      e = d; d = c; c = rotl(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
  }
  std::array<std::uint8_t, 20> out{};
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(h[i] >> (24 - 8 * j));
  return out;
}

Uuid name_based_uuid(const Uuid& name_space, std::string_view name) {
  std::string input(name_space.begin(), name_space.end());
  input.append(name);
  const auto digest = sha1(input);
  Uuid out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = digest[i];
  out[6] = static_cast<std::uint8_t>((out[6] & 0x0f) | 0x50);  // version 5
  out[8] = static_cast<std::uint8_t>((out[8] & 0x3f) | 0x80);  // RFC variant
  return out;
}

}  // namespace hanfs
