// hanfs-man-page METADATA.xml OUTPUT.7 VERSION: writes the agent's man page
// (see man_page.h). Run by the build for every agent (cmake/ManPages.cmake).
#include <iostream>

#include "common/sys/text_file.h"
#include "tools/man-page/man_page.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: hanfs-man-page METADATA.xml OUTPUT.7 VERSION\n";
    return 2;
  }
  auto xml = hanfs::read_text_file(argv[1]);
  if (!xml) {
    std::cerr << "hanfs-man-page: " << xml.error().reason << "\n";
    return 1;
  }
  auto page = hanfs::render_man_page(*xml, argv[3]);
  if (!page) {
    std::cerr << "hanfs-man-page: " << argv[1] << ": " << page.error().reason << "\n";
    return 1;
  }
  // Replaced atomically: a failed run leaves no half-written page behind.
  if (auto written = hanfs::replace_text_file(argv[2], *page); !written) {
    std::cerr << "hanfs-man-page: " << written.error().reason << "\n";
    return 1;
  }
  return 0;
}
