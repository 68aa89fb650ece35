// Supplies std::ios_base_library_init(), which GCC 13's libstdc++ exports (GLIBCXX_3.4.32) and which
// TorchSharp's native library references. Older libstdc++ builds (Debian 12: GCC 12) lack it.
#include <ios>

namespace std {
void ios_base_library_init() { static ios_base::Init init; }
}
