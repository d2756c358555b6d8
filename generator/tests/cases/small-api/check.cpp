// Compiled with the expected headers of this case (g++ and clang++).
#include <string_view>
#include <type_traits>
#include <vector>

namespace small_api_check {
using namespace revring;

// Constrained strings: pattern DFA, capacity from the DFA or maxLength * 4.
static_assert(ShelfCode_rule::match("AB-123"));
static_assert(!ShelfCode_rule::match("AB-123\n"));
static_assert(!ShelfCode_rule::match("ab-123"));
static_assert(ShelfCode_rule::capacity == 6);
static_assert(WidgetDraftName_rule::capacity == 160 && WidgetDraftName_rule::max_length == 40);
static_assert(WidgetDraftTagsItem_rule::min_length == 0 && WidgetDraftTagsItem_rule::pattern.empty());
static_assert(WidgetPartsItemSku_rule::capacity == 7);
static_assert(constrained_string_rule<ShelfCode_rule>);

// Request side: required members of default-constructible type are required<T>.
static_assert(std::is_same_v<decltype(WidgetDraft::tags), required<std::vector<WidgetDraftTagsItem>>>);
static_assert(std::is_same_v<decltype(WidgetDraft::fragile), required<bool>>);
static_assert(std::is_same_v<decltype(WidgetDraft::colour), required<open_enum<Colour>>>);
static_assert(std::is_same_v<decltype(WidgetDraft::name), WidgetDraftName>);
static_assert(std::is_same_v<decltype(WidgetDraft::dimensions), WidgetDraftDimensions>);
static_assert(std::is_same_v<decltype(WidgetDraftDimensions::width), required<double>>);
static_assert(std::is_same_v<decltype(WidgetDraft::labels), optional<std::vector<optional<std::string>>>>);
static_assert(std::is_same_v<decltype(WidgetDraft::priority), optional<open_enum<WidgetDraftPriority>>>);
static_assert(std::is_same_v<decltype(WidgetDraft::attributes), optional<revring::json_object>>);
static_assert(std::is_same_v<decltype(WidgetChangedResponse::ok), required<bool>>);  // webhook answer: user-built
// Response side: plain types; required-but-nullable is optional<T>.
static_assert(std::is_same_v<decltype(Widget::name), std::string>);
static_assert(std::is_same_v<decltype(Widget::revision), optional<std::int64_t>>);
static_assert(std::is_same_v<decltype(Widget::created_at), date_time>);
static_assert(std::is_same_v<decltype(Widget::parts), std::vector<WidgetPartsItem>>);
static_assert(std::is_same_v<decltype(Widget::label), optional<std::string>>);  // x-cpp-name
static_assert(std::is_same_v<ProblemDetails, revring::json_object>);           // x-cpp-name on a schema
static_assert(std::is_same_v<WidgetList, std::vector<Widget>>);
static_assert(!std::is_default_constructible_v<WidgetDraft>);
static_assert(boost::describe::has_describe_members<Widget>::value);
static_assert(boost::describe::has_describe_enumerators<Colour>::value);

// Enums: unknown first, then the spec's values; "unknown" itself becomes unknown_.
static_assert(static_cast<int>(Colour::unknown) == 0);
static_assert(enum_to_string(Colour::dark_blue) == "dark-blue");
static_assert(enum_to_string(Colour::unknown_) == "unknown");
static_assert(enum_traits<Colour>::values.size() == 4);

// Operations.
static_assert(create_widget_op::method == http_method::post && !create_widget_op::idempotent);
static_assert(std::is_same_v<create_widget_op::body_type, WidgetDraft>);
static_assert(std::is_same_v<create_widget_op::response_type, Widget>);
static_assert(get_widget_op::idempotent && get_widget_op::path_template == "/widgets/{widgetId}");
static_assert(std::is_same_v<delete_widget_op::response_type, no_body>);
static_assert(delete_widget_op::method == http_method::del && delete_widget_op::idempotent);
static_assert(put_on_shelf_op::operation_id == "placeWidget" && put_on_shelf_op::name == "put_on_shelf");
static_assert(std::is_same_v<decltype(put_on_shelf_op::params::slot), std::int64_t>);
static_assert(search_widgets_op::idempotent);  // x-idempotent: true on a POST
static_assert(std::is_same_v<search_widgets_op::response_type, SearchWidgetsResponse>);
static_assert(std::is_same_v<archive_label_op::response_type, ProblemDetails>);
static_assert(widget_changed_op::webhook == "widgetChanged");
static_assert(std::is_same_v<widget_changed_op::body_type, Widget>);
static_assert(std::is_same_v<widget_changed_op::response_type, WidgetChangedResponse>);
} // namespace small_api_check
