// Heap allocations of this project's request and response handling, counted
// with the replaced operator new and the interposed malloc of
// common/alloc_count.cpp. Each figure is the count for one operation,
// averaged over 1000 repetitions after one untimed first run.
//
//   allocs      -> one JSON line per figure on stdout
#include "../common/bench.hpp"
#include "../common/revring_fixture.hpp"

#include <revring/gen/json.hpp>
#include <revring/json/decode.hpp>

#include <benchmark/benchmark.h>
#include <boost/json/parse.hpp>

#include <functional>
#include <iostream>

#ifndef BENCH_DATA_DIR
#error "BENCH_DATA_DIR must name bench/data"
#endif

namespace {

void report(std::string_view what, const std::function<void()>& f) {
    constexpr int reps = 1000;
    f(); // first-use effects (static initialisation) are not counted
    bench::count_allocations(true);
    const auto a = bench::allocations();
    for (int i = 0; i < reps; ++i) f();
    const auto b = bench::allocations();
    bench::count_allocations(false);
    std::cout << "{\"what\":\"" << what << "\",\"news\":" << static_cast<double>(b.news - a.news) / reps
              << ",\"mallocs\":" << static_cast<double>(b.mallocs - a.mallocs) / reps << "}\n";
}

} // namespace

int main() {
    const std::string body = bench::read_file(BENCH_DATA_DIR "/call_record.json");
    report("construct SendCallRequest (no variables)", [] {
        auto r = bench::make_plain_request();
        benchmark::DoNotOptimize(r);
    });
    report("construct SendCallRequest (2 variables)", [] {
        auto r = bench::make_request();
        benchmark::DoNotOptimize(r);
    });
    const auto plain = bench::make_plain_request();
    const auto with_vars = bench::make_request();
    report("validate SendCallRequest", [&] {
        auto e = revring::validate(with_vars, "");
        benchmark::DoNotOptimize(e);
    });
    report("serialize SendCallRequest (no variables), try_to_json", [&] {
        auto s = revring::try_to_json(plain);
        benchmark::DoNotOptimize(s);
    });
    report("serialize SendCallRequest (2 variables), try_to_json", [&] {
        auto s = revring::try_to_json(with_vars);
        benchmark::DoNotOptimize(s);
    });
    report("parse call record: from_json<SendCallResponse>", [&] {
        auto r = revring::from_json<revring::SendCallResponse>(body);
        benchmark::DoNotOptimize(r);
    });
    const boost::json::value jv = boost::json::parse(body);
    report("decode call record from a parsed DOM: from_json_value<SendCallResponse>", [&] {
        auto r = revring::from_json_value<revring::SendCallResponse>(jv);
        benchmark::DoNotOptimize(r);
    });
    report("boost::json::parse of the call record (default storage)", [&] {
        auto v = boost::json::parse(body);
        benchmark::DoNotOptimize(v);
    });
    return 0;
}
