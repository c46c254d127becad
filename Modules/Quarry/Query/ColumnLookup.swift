/// A comparison chosen at run time, named as in Django's field lookups
/// (`karma__gte=10`): what an API's query parameters filter with.
///
/// ```swift
/// let query = try Author.query.filter(\.karma, .gte, [10]).filter(\.name, .icontains, ["ada"])
/// ```
public enum ColumnLookup: String, Sendable, Hashable, CaseIterable {
    /// `=` (`IS NULL` for a nil value).
    case exact
    /// `<>` (`IS NOT NULL` for a nil value).
    case ne
    case lt, lte, gt, gte
    /// `IN (…)`: any of the values.
    case `in`
    /// `NOT IN (…)`.
    case notIn = "not_in"
    /// Text containing the value (`LIKE '%…%'`, wildcards escaped).
    case contains
    /// ``contains`` ignoring case.
    case icontains
    /// Text starting with the value.
    case startswith
    /// Text ending with the value.
    case endswith

    /// Whether the lookup takes several values.
    public var takesList: Bool { self == .in || self == .notIn }

    /// Whether the lookup compares text (and needs a text column).
    public var isTextMatch: Bool { [.contains, .icontains, .startswith, .endswith].contains(self) }
}
