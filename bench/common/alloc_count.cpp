// revring-cpp benchmark kit: heap allocation counters.
//
// Linked into every C++ end-to-end client and the allocation benchmark:
// - a replaced global operator new (every form) counts C++ allocations;
// - malloc, calloc and realloc are interposed (glibc: forwarded to
//   __libc_malloc & co.), so allocations made inside C libraries (OpenSSL,
//   libcurl) are counted too. operator new goes through malloc, so
//   `mallocs` includes `news`.
// Counting is off until bench::count_allocations(true): a timed run pays one
// well-predicted branch per allocation.
#include "bench.hpp"

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
}

namespace {
std::atomic<bool> g_on{false};
std::atomic<unsigned long long> g_news{0};
std::atomic<unsigned long long> g_mallocs{0};

inline void count_malloc() noexcept {
    if (g_on.load(std::memory_order_relaxed)) g_mallocs.fetch_add(1, std::memory_order_relaxed);
}
inline void count_new() noexcept {
    if (g_on.load(std::memory_order_relaxed)) g_news.fetch_add(1, std::memory_order_relaxed);
}

void* new_impl(std::size_t n) {
    count_new();
    if (n == 0) n = 1;
    for (;;) {
        if (void* p = std::malloc(n)) return p;
        std::new_handler h = std::get_new_handler();
        if (!h) throw std::bad_alloc();
        h();
    }
}

void* new_aligned_impl(std::size_t n, std::align_val_t al) {
    count_new();
    count_malloc();
    const auto a = static_cast<std::size_t>(al);
    if (n == 0) n = 1;
    n = (n + a - 1) / a * a;
    for (;;) {
        if (void* p = std::aligned_alloc(a, n)) return p;
        std::new_handler h = std::get_new_handler();
        if (!h) throw std::bad_alloc();
        h();
    }
}
} // namespace

extern "C" {
void* malloc(std::size_t n) {
    count_malloc();
    return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t m) {
    count_malloc();
    return __libc_calloc(n, m);
}
void* realloc(void* p, std::size_t n) {
    count_malloc();
    return __libc_realloc(p, n);
}
}

void* operator new(std::size_t n) { return new_impl(n); }
void* operator new[](std::size_t n) { return new_impl(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return new_impl(n);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return new_impl(n);
    } catch (...) {
        return nullptr;
    }
}
void* operator new(std::size_t n, std::align_val_t a) { return new_aligned_impl(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return new_aligned_impl(n, a); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    try {
        return new_aligned_impl(n, a);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    try {
        return new_aligned_impl(n, a);
    } catch (...) {
        return nullptr;
    }
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

namespace bench {
alloc_counts allocations() noexcept {
    return {g_news.load(std::memory_order_relaxed), g_mallocs.load(std::memory_order_relaxed)};
}
void count_allocations(bool on) noexcept { g_on.store(on, std::memory_order_relaxed); }
} // namespace bench
