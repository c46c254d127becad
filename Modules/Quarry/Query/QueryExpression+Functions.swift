extension QueryExpression where Value: SQLValueConvertible {
    /// In the list; an empty list matches nothing (never invalid SQL).
    ///
    /// ```swift
    /// Author.filter { $0.status.in([.active, .invited]) }
    /// ```
    public func `in`(_ values: some Sequence<Value>) -> Condition {
        Condition(.inList(node, values.map(\.sqlValue), negated: false))
    }

    /// Not in the list; an empty list matches every row with a value.
    public func notIn(_ values: some Sequence<Value>) -> Condition {
        Condition(.inList(node, values.map(\.sqlValue), negated: true))
    }

    /// Between two values, both included.
    ///
    /// ```swift
    /// Author.filter { $0.karma.between(10, and: 20) }
    /// ```
    public func between(_ low: Value, and high: Value) -> Condition {
        Condition(.between(node, .value(low.sqlValue), .value(high.sqlValue)))
    }

    /// The value is `NULL`.
    public func isNull() -> Condition { Condition(.isNull(node, negated: false)) }

    /// The value is not `NULL`.
    public func isNotNull() -> Condition { Condition(.isNull(node, negated: true)) }
}

extension QueryExpression where Value: TextValue {
    /// `LIKE` with `%` and `_` wildcards, case-sensitive on both databases.
    ///
    /// ```swift
    /// Author.filter { $0.name.like("A%") }
    /// ```
    ///
    /// `\` escapes the next character (`"100\\%"` matches "100%"), on both
    /// databases; a trailing lone `\` matches a backslash.
    public func like(_ pattern: String) -> Condition {
        Condition(.like(node, .value(.text(Self.closeEscape(pattern))), caseInsensitive: false, escaped: true))
    }

    /// `LIKE` ignoring ASCII case, on both databases.
    public func ilike(_ pattern: String) -> Condition {
        Condition(.like(node, .value(.text(Self.closeEscape(pattern))), caseInsensitive: true, escaped: true))
    }

    /// A pattern ending in an unpaired `\` gets its pair: PostgreSQL rejects
    /// a dangling escape, SQLite ignores it; both now match a backslash.
    static func closeEscape(_ pattern: String) -> String {
        let trailing = pattern.reversed().prefix { $0 == "\\" }.count
        return trailing % 2 == 1 ? pattern + "\\" : pattern
    }

    /// Starts with `prefix`, taken literally (`%` and `_` are escaped).
    public func hasPrefix(_ prefix: String) -> Condition {
        Condition(.like(node, .value(.text(Self.escapeLike(prefix) + "%")), caseInsensitive: false, escaped: true))
    }

    /// Ends with `suffix`, taken literally.
    public func hasSuffix(_ suffix: String) -> Condition {
        Condition(.like(node, .value(.text("%" + Self.escapeLike(suffix))), caseInsensitive: false, escaped: true))
    }

    /// Contains `text`, taken literally.
    ///
    /// ```swift
    /// Author.filter { $0.bio.contains("100%") }   // the "%" is a character, not a wildcard
    /// ```
    public func contains(_ text: String) -> Condition {
        Condition(.like(node, .value(.text("%" + Self.escapeLike(text) + "%")), caseInsensitive: false, escaped: true))
    }

    /// Equal ignoring ASCII case.
    public func equalsIgnoringCase(_ text: String) -> Condition {
        Condition(.binary(.function("lower", [node]), "=", .function("lower", [.value(.text(text))])))
    }

    /// `lower(…)`.
    public func lower() -> SQLExpression<Value> { SQLExpression(.function("lower", [node])) }

    /// `upper(…)`.
    public func upper() -> SQLExpression<Value> { SQLExpression(.function("upper", [node])) }

    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

extension QueryExpression {
    /// The first non-`NULL` of this value and `fallback`.
    ///
    /// ```swift
    /// Author.filter { $0.nickname.coalesce("anonymous") == "anonymous" }
    /// ```
    public func coalesce<Wrapped: SQLValueConvertible>(_ fallback: Wrapped) -> SQLExpression<Wrapped>
    where Value == Wrapped? {
        SQLExpression(.function("coalesce", [node, .value(fallback.sqlValue)]))
    }
}

extension QueryExpression where Value: DateValue {
    /// A component of the date, in UTC.
    ///
    /// ```swift
    /// Author.filter { $0.joinedAt.datePart(.year) == 2024 }
    /// ```
    public func datePart(_ part: DatePart) -> SQLExpression<Int> {
        SQLExpression(.datePart(part, node))
    }
}
