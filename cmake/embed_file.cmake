# cmake -DINPUT=file.xml -DOUTPUT=file.cpp -P embed_file.cmake
# Writes a C++ source defining hanfs::embedded_metadata() as the bytes of INPUT.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT}.tmp
"// Generated from ${INPUT} by embed_file.cmake; do not edit.
#include \"embedded_metadata.h\"
namespace {
const char bytes[] = {
${bytes}
};
}  // namespace
std::string_view hanfs::embedded_metadata() { return std::string_view(bytes, ${size}); }
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
