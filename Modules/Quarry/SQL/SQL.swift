/// A piece of SQL whose values are binds and whose identifiers are quoted by
/// the dialect when the statement runs.
///
/// Write raw SQL with string interpolation: every interpolated value becomes a
/// bind parameter, never SQL text. Identifiers go through `identifier:`.
///
/// ```swift
/// let name = "Robert'); DROP TABLE students;--"
/// let query: SQL = "SELECT id FROM \(identifier: "students") WHERE name = \(name)"
/// let (text, binds) = try query.render(for: db.dialect)
/// // text  == #"SELECT id FROM "students" WHERE name = $1"#  (PostgreSQL)
/// // binds == [.text("Robert'); DROP TABLE students;--")]
/// ```
public struct SQL: Sendable, Hashable {
    /// One part of the statement.
    public enum Fragment: Sendable, Hashable {
        /// SQL text written by the programmer (a literal in code).
        case text(String)
        /// A value, sent as a bind parameter.
        case bind(SQLValue)
        /// A table, column or other name, quoted by the dialect.
        case identifier(String)
    }

    /// The parts, in order.
    public private(set) var fragments: [Fragment]

    /// Text rendered ahead for one dialect, and its binds.
    struct Prerendered: Sendable, Hashable {
        let dialect: String
        let text: String
        let binds: [SQLValue]
    }

    var prerendered: Prerendered?

    /// Whether this SQL only reads, when the code that built it knows: a
    /// hint for drivers that route reads (``Statement/isReadOnly``).
    var isReadOnly: Bool?

    /// Whether the statement is known to only read: built by a query, a
    /// `get` or a count (raw SQL is not known, whatever it says).
    public var isKnownReadOnly: Bool { isReadOnly == true }

    /// The row an insert without `RETURNING` stores (``Statement/writtenRow``).
    var writtenRow: WrittenRow?

    /// The read-back a driver may run instead of this write's `RETURNING`
    /// (``Statement/readBack``).
    var readBack: ReadBack?

    /// Creates SQL from parts.
    public init(fragments: [Fragment] = []) {
        self.fragments = fragments
    }

    /// Appends text written by the programmer.
    public mutating func append(sql text: String) {
        requireAppendable()
        if case .text(let previous)? = fragments.last {
            fragments[fragments.count - 1] = .text(previous + text)
        } else {
            fragments.append(.text(text))
        }
    }

    /// Appends a bind parameter.
    public mutating func append(bind value: SQLValue) {
        requireAppendable()
        fragments.append(.bind(value))
    }

    /// Appends an identifier, to be quoted by the dialect.
    public mutating func append(identifier name: String) {
        requireAppendable()
        fragments.append(.identifier(name))
    }

    /// Appends another piece of SQL.
    public mutating func append(_ other: SQL) {
        requireAppendable()
        // Placeholders are numbered: prerendered text cannot be spliced in.
        precondition(other.prerendered == nil, "prerendered SQL cannot be appended")
        for fragment in other.fragments {
            if case .text(let text) = fragment { append(sql: text) } else { fragments.append(fragment) }
        }
    }

    /// Prerendered SQL cannot grow: appending to it is a kernel bug.
    private func requireAppendable() {
        precondition(prerendered == nil, "prerendered SQL cannot be appended to")
    }

    /// The bind values, in order.
    public var binds: [SQLValue] {
        if let prerendered { return prerendered.binds }
        return fragments.compactMap { if case .bind(let value) = $0 { value } else { nil } }
    }

    /// The SQL text for `dialect`, with numbered placeholders, and the binds.
    ///
    /// - Throws: ``QuarryError/invalidArgument(name:reason:)`` for an empty
    ///   identifier or one containing a NUL character, or when the statement
    ///   carries more binds than the dialect allows.
    public func render(for dialect: some SQLDialect) throws -> (text: String, binds: [SQLValue]) {
        if let prerendered {
            guard prerendered.dialect == dialect.name else {
                throw QuarryError.misuse("SQL rendered for \(prerendered.dialect) was run on \(dialect.name)")
            }
            return (prerendered.text, prerendered.binds)
        }
        var text = ""
        text.reserveCapacity(fragments.count * 16)
        var binds: [SQLValue] = []
        for fragment in fragments {
            switch fragment {
            case .text(let part):
                text += part
            case .bind(let value):
                binds.append(value)
                text += dialect.placeholder(binds.count)
            case .identifier(let name):
                guard !name.isEmpty, !name.contains("\0") else {
                    throw QuarryError.invalidArgument(
                        name: "identifier", reason: "must be non-empty and contain no NUL character")
                }
                text += dialect.quoteIdentifier(name)
            }
        }
        guard binds.count <= dialect.maxBindParameters else {
            throw QuarryError.invalidArgument(
                name: "binds",
                reason: "\(binds.count) bind parameters exceed \(dialect.name)'s limit of \(dialect.maxBindParameters)")
        }
        return (text, binds)
    }

    /// Joins pieces of SQL with a separator.
    ///
    /// ```swift
    /// SQL.join(["a = \(1)", "b = \(2)"], separator: " AND ")
    /// ```
    public static func join(_ parts: some Sequence<SQL>, separator: String) -> SQL {
        var result = SQL()
        var first = true
        for part in parts {
            if !first { result.append(sql: separator) }
            result.append(part)
            first = false
        }
        return result
    }

    /// Concatenates two pieces of SQL.
    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.append(rhs)
        return result
    }
}

extension SQL: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) {
        self.init(fragments: value.isEmpty ? [] : [.text(value)])
    }

    public init(stringInterpolation: Interpolation) {
        self = stringInterpolation.sql
    }

    /// Builds ``SQL`` from an interpolated literal: values become binds.
    public struct Interpolation: StringInterpolationProtocol {
        var sql = SQL()

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            sql.append(sql: literal)
        }

        /// A value, sent as a bind parameter.
        public mutating func appendInterpolation(_ value: some SQLValueConvertible) {
            sql.append(bind: value.sqlValue)
        }

        /// An optional value, sent as a bind parameter (`nil` binds `NULL`).
        public mutating func appendInterpolation<Wrapped: SQLValueConvertible>(_ value: Wrapped?) {
            sql.append(bind: value.sqlValue)
        }

        /// A value, sent as a bind parameter.
        public mutating func appendInterpolation(_ value: SQLValue) {
            sql.append(bind: value)
        }

        /// A table or column name, quoted by the dialect.
        public mutating func appendInterpolation(identifier name: String) {
            sql.append(identifier: name)
        }

        /// Another piece of SQL, spliced in with its binds.
        public mutating func appendInterpolation(_ other: SQL) {
            sql.append(other)
        }

        /// Trusted SQL text computed at run time. Never pass user input here.
        public mutating func appendInterpolation(unsafeRaw text: String) {
            sql.append(sql: text)
        }
    }
}
