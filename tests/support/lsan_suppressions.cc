// LeakSanitizer's built-in suppressions for every test executable (tests/
// support/ is compiled into each, so they hold however it is run: ctest,
// make test-asan, or the binary alone with --gtest_filter). Any test that
// renders a PDF needs them: documents_tests, and server_tests through the
// report document route.
//
// Why: fontconfig allocates its default configuration once per process, on
// the first font lookup, and keeps it until exit (288 bytes in 2 blocks on
// Debian 12's fontconfig 2.14, whether the tests render one document or
// twenty on four threads: a cache, not a leak per rendering). Only
// allocations made inside libfontconfig are suppressed: a Pango layout,
// font map or cairo surface that gemis forgets to release is allocated by
// glib, Pango or cairo and is still reported. Pango and glib needed no
// suppression here.
#if defined(__SANITIZE_ADDRESS__)
#define GEMIS_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GEMIS_LSAN 1
#endif
#endif

#ifdef GEMIS_LSAN
extern "C" const char* __lsan_default_suppressions();
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
#endif
