/// An option of ``Column(_:)`` or ``ID(_:)``. `@Model` reads these from the
/// source; the values themselves are never used at run time.
///
/// ```swift
/// @Column(.unique, .maxLength(120), .comment("login")) var email: String
/// ```
public enum ColumnOption: Sendable {
    /// A `UNIQUE` constraint.
    case unique
    /// An index on this column.
    case indexed
    /// At most this many characters (text columns).
    case maxLength(Int)
    /// The SQL column name (default: the property name in snake_case).
    case name(String)
    /// A comment kept in the schema.
    case comment(String)
    /// The database fills in the time of the insert when the value is `nil`.
    /// The column is server-stamped: the generated `Create` and `Update` DTOs
    /// leave it out (a client cannot back-date a row) unless it is also
    /// ``writable``.
    ///
    /// ```swift
    /// @Column(.defaultNow) var joinedAt: Date?                  // read-only to clients
    /// @Column(.defaultNow, .writable) var publishedAt: Date?    // clients may set it
    /// ```
    case defaultNow
    /// Clients may set this server-stamped (``defaultNow``) column through the
    /// generated `Create` and `Update` DTOs; when they leave it out the
    /// database still stamps it.
    case writable
    /// The database fills in this SQL expression when the value is `nil`
    /// (trusted text from code, for example `"gen_random_uuid()"`).
    case defaultSQL(String)
    /// DTO validation: at least this many characters.
    case minLength(Int)
    /// DTO validation: a number within the range.
    case range(ClosedRange<Double>)
    /// DTO validation: text matching the regular expression as a whole.
    case pattern(String)
    /// DTO validation: text shaped like an e-mail address.
    case email
    /// A foreign key to another model's primary key.
    ///
    /// ```swift
    /// @Column(.references(Author.self, onDelete: .cascade)) var authorID: Int64
    /// ```
    case references(any Model.Type, onDelete: ForeignKeyAction = .noAction)
}
