// revring-cpp benchmark kit: what every end-to-end client shares.
//
// - `digest`: FNV-1a 64 over a canonical walk of a parsed call record. Every
//   peer (and bench/peers/python_requests.py) feeds the same tokens, so equal
//   digests prove that each peer parsed the same values out of the body:
//     member name   'k' u64(len) bytes       (the 25 CallRecord members, spec order)
//     string        's' u64(len) bytes        (dates, uuids, enums: their text)
//     null / absent 'n'
//     integer       'i' decimal
//     number        'd' decimal(llround(x * 1e6))
//     boolean       't' / 'f'
//     object        'o' u64(count), then per key in byte order: string(key) value
//     array         'a' u64(count), then the elements
//   (u64 = 8 bytes little-endian). Free-form objects are walked in key order
//   because nlohmann::json (std::map) does not keep document order.
// - `meter`: wall clock, CPU (getrusage: user + system, all threads) and
//   peak RSS of the process.
// - `options`: the command line every e2e client takes.
// - the allocation counters (alloc_count.cpp), switched on by BENCH_COUNT_ALLOCS=1.
// - `emit`: one JSON line on stdout, read by bench/report.py.
#ifndef REVRING_BENCH_BENCH_HPP
#define REVRING_BENCH_BENCH_HPP

#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace bench {

// ---------------------------------------------------------------------------
// The request every peer sends (the same members and values).

inline constexpr std::string_view agent_id = "7d1f4b2a-5e6c-4a8b-9f0e-1a2b3c4d5e6f";
inline constexpr std::string_view to_number = "+15551234567";
inline constexpr std::string_view from_number = "+15557654321";
inline constexpr std::string_view caller_id_name = "Acme Dental";
inline constexpr std::string_view var_customer = "Ada Lovelace";
inline constexpr std::string_view var_appointment = "Tuesday, March 18 at 3:00 PM";
inline constexpr std::string_view api_key = "rk_bench_0123456789abcdef";

/// The 25 members of CallRecord, in the description's order.
inline constexpr std::string_view record_members[] = {
    "id", "organizationId", "direction", "status", "fromNumber", "toNumber", "initiatedAt", "createdAt",
    "updatedAt", "agentId", "sipTrunkId", "agentCallerIdName", "agentName", "variables", "recordingUrl",
    "hangupCause", "errorMessage", "transcript", "summary", "metrics", "startedAt", "endedAt",
    "durationSeconds", "postCallWebhookStatus", "preCallWebhookStatus"};

// ---------------------------------------------------------------------------

class digest {
public:
    void bytes(const void* p, std::size_t n) noexcept {
        const auto* b = static_cast<const unsigned char*>(p);
        for (std::size_t i = 0; i < n; ++i) {
            h_ ^= b[i];
            h_ *= 1099511628211ull;
        }
    }
    void tag(char c) noexcept { bytes(&c, 1); }
    void u64(std::uint64_t v) noexcept {
        unsigned char b[8];
        for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
        bytes(b, 8);
    }
    void member(std::string_view name) noexcept {
        tag('k');
        u64(name.size());
        bytes(name.data(), name.size());
    }
    void string(std::string_view s) noexcept {
        tag('s');
        u64(s.size());
        bytes(s.data(), s.size());
    }
    void null() noexcept { tag('n'); }
    void integer(long long v) noexcept {
        tag('i');
        char buf[24];
        const int n = std::snprintf(buf, sizeof buf, "%lld", v);
        bytes(buf, static_cast<std::size_t>(n));
    }
    void uinteger(unsigned long long v) noexcept {
        tag('i');
        char buf[24];
        const int n = std::snprintf(buf, sizeof buf, "%llu", v);
        bytes(buf, static_cast<std::size_t>(n));
    }
    void number(double d) noexcept {
        tag('d');
        char buf[32];
        const int n = std::snprintf(buf, sizeof buf, "%lld", std::llround(d * 1e6));
        bytes(buf, static_cast<std::size_t>(n));
    }
    void boolean(bool b) noexcept { tag(b ? 't' : 'f'); }
    void begin_object(std::size_t n) noexcept {
        tag('o');
        u64(n);
    }
    void begin_array(std::size_t n) noexcept {
        tag('a');
        u64(n);
    }
    std::uint64_t value() const noexcept { return h_; }
    std::string hex() const {
        char buf[20];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
        return buf;
    }

private:
    std::uint64_t h_ = 14695981039346656037ull;
};

// ---------------------------------------------------------------------------

struct usage {
    double wall_s = 0;
    double cpu_s = 0;  ///< user + system
    double user_s = 0; ///< of which user space
};

inline double seconds_of(const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

/// User and system CPU time of this process so far.
inline std::pair<double, double> cpu_user_system() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return {seconds_of(ru.ru_utime), seconds_of(ru.ru_stime)};
}

/// Heap bytes in use (malloc arenas + mmapped chunks), KiB.
inline long heap_in_use_kib() {
    const struct mallinfo2 mi = mallinfo2();
    return static_cast<long>((mi.uordblks + mi.hblkhd) / 1024);
}

/// The heap in use half-way through the timed requests (`mark_middle`): with
/// K requests in flight, the difference to the 1-in-flight run divided by
/// K - 1 is the memory one more in-flight request costs.
inline long& heap_middle_kib() {
    static long v = -1;
    return v;
}
inline void mark_middle() { heap_middle_kib() = heap_in_use_kib(); }

/// Peak resident set size of this process, KiB.
inline long peak_rss_kib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

class meter {
public:
    void start() {
        t0_ = std::chrono::steady_clock::now();
        c0_ = cpu_user_system();
    }
    usage stop() const {
        usage u;
        u.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
        const auto c = cpu_user_system();
        u.user_s = c.first - c0_.first;
        u.cpu_s = u.user_s + (c.second - c0_.second);
        return u;
    }

private:
    std::chrono::steady_clock::time_point t0_;
    std::pair<double, double> c0_{};
};

// ---------------------------------------------------------------------------
// Allocation counters (alloc_count.cpp). Counting is off unless
// BENCH_COUNT_ALLOCS=1, so timed runs pay one predictable branch.

struct alloc_counts {
    unsigned long long news = 0;    ///< calls of operator new (all forms)
    unsigned long long mallocs = 0; ///< malloc/calloc/realloc calls, operator new's included
};
alloc_counts allocations() noexcept;
void count_allocations(bool on) noexcept;

// ---------------------------------------------------------------------------

struct options {
    std::string host = "127.0.0.1";
    int port = 0;
    std::string ca_file;
    long requests = 20000;
    long warmup = 500;
    int inflight = 1;
    int connections = 1;
    bool count_allocs = false;
    std::string mode = "sync";

    static options parse(int argc, char** argv) {
        options o;
        for (int i = 1; i < argc; ++i) {
            const std::string_view a = argv[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= argc) throw std::runtime_error("missing value after " + std::string(a));
                return argv[++i];
            };
            if (a == "--port") o.port = std::stoi(next());
            else if (a == "--host") o.host = next();
            else if (a == "--ca") o.ca_file = next();
            else if (a == "--requests") o.requests = std::stol(next());
            else if (a == "--warmup") o.warmup = std::stol(next());
            else if (a == "--inflight") o.inflight = std::stoi(next());
            else if (a == "--connections") o.connections = std::stoi(next());
            else if (a == "--mode") o.mode = next();
            else throw std::runtime_error("unknown argument " + std::string(a));
        }
        if (o.port <= 0 || o.ca_file.empty() || o.requests <= 0 || o.warmup < 0 || o.inflight <= 0 ||
            o.connections <= 0)
            throw std::runtime_error("usage: --port P --ca FILE [--requests N] [--warmup N] [--mode sync|async] "
                                     "[--inflight K] [--connections C]");
        const char* env = std::getenv("BENCH_COUNT_ALLOCS");
        o.count_allocs = env && std::string_view(env) == "1";
        return o;
    }
};

/// Allocations over the two halves of the timed loop (counting runs only):
/// equal halves show the count per round trip does not grow.
struct alloc_halves {
    alloc_counts start, middle, end;
};

/// Prints the result line read by report.py.
inline void emit(std::string_view peer, const options& o, const usage& u, long errors, const std::string& digest_hex,
                 const alloc_halves* a, std::string_view extra = {}) {
    std::ostringstream s;
    s.precision(6);
    s << std::fixed;
    s << "{\"peer\":\"" << peer << "\",\"mode\":\"" << o.mode << "\",\"inflight\":" << o.inflight
      << ",\"connections\":" << o.connections << ",\"requests\":" << o.requests << ",\"warmup\":" << o.warmup
      << ",\"wall_s\":" << u.wall_s << ",\"cpu_s\":" << u.cpu_s
      << ",\"rps\":" << static_cast<double>(o.requests) / u.wall_s
      << ",\"cpu_us_per_request\":" << u.cpu_s * 1e6 / static_cast<double>(o.requests)
      << ",\"user_us_per_request\":" << u.user_s * 1e6 / static_cast<double>(o.requests)
      << ",\"peak_rss_kib\":" << peak_rss_kib() << ",\"heap_middle_kib\":" << heap_middle_kib() << ",\"errors\":" << errors << ",\"digest\":\"" << digest_hex << "\"";
    if (a) {
        const double half = static_cast<double>(o.requests / 2);
        s << ",\"news_per_request_first_half\":" << static_cast<double>(a->middle.news - a->start.news) / half
          << ",\"news_per_request_second_half\":" << static_cast<double>(a->end.news - a->middle.news) / half
          << ",\"mallocs_per_request_first_half\":" << static_cast<double>(a->middle.mallocs - a->start.mallocs) / half
          << ",\"mallocs_per_request_second_half\":" << static_cast<double>(a->end.mallocs - a->middle.mallocs) / half;
    }
    if (!extra.empty()) s << "," << extra;
    s << "}";
    std::cout << s.str() << std::endl;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace bench

#endif
