// Writes JSON text directly, without building a document tree first: the
// searcher answers hundreds of queries a second and the tree cost more than
// the snippets. Output matches nlohmann::json's dump() (compact, or indented
// by 2), except that DEL and C1 control characters are escaped too, so that
// no document can drive a terminal through JSON either.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace vigie {

class JsonWriter {
public:
    // indent < 0: one line; otherwise one value per line, indented.
    explicit JsonWriter(int indent = -1) : indent_(indent) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(bool b);
    JsonWriter& value(double number);  // NaN and infinities are written null
    template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>>>
    JsonWriter& value(Int number) {
        if constexpr (std::is_signed_v<Int>) return integer(static_cast<std::int64_t>(number));
        else return unsigned_integer(static_cast<std::uint64_t>(number));
    }
    JsonWriter& null();
    // A string, or null when empty.
    JsonWriter& string_or_null(std::string_view text);

    template <typename T>
    JsonWriter& field(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }

    const std::string& text() const { return out_; }

private:
    JsonWriter& integer(std::int64_t number);
    JsonWriter& unsigned_integer(std::uint64_t number);
    void before_value();
    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    void new_line(std::size_t depth);

    struct Level {
        bool empty = true;
    };
    std::string out_;
    int indent_;
    std::vector<Level> levels_;
    bool after_key_ = false;
};

// text as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

}  // namespace vigie
