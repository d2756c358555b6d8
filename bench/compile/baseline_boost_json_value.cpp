// Compile time, baseline: nothing but <boost/json/value.hpp> (what any TU that
// names SendCallRequest pays: its free-form `variables` member is a
// boost::json::object) and <iostream>.
#include <boost/json/value.hpp>

#include <iostream>

int main() {
    boost::json::value v = 1;
    std::cout << v.as_int64() << "\n";
}
