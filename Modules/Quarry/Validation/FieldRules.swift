/// The rules a DTO checks on one field, as data: what `@Model`'s column
/// options (`.maxLength`, `.minLength`, `.pattern`, `.email`, `.range`)
/// declare, so that documents describing the DTO (OpenAPI's `maxLength`,
/// `pattern`, `format: email`, `minimum`/`maximum`) say what validation
/// enforces without probing it.
///
/// ```swift
/// Author.Create.fieldRules["name"]    // FieldRules(maxLength: 80, minLength: 1)
/// Author.Create.fieldRules["email"]   // FieldRules(email: true)
/// ```
public struct FieldRules: Sendable, Hashable {
    /// At most this many characters.
    public var maxLength: Int?
    /// At least this many characters.
    public var minLength: Int?
    /// A regular expression the whole text must match.
    public var pattern: String?
    /// Whether the text must be an e-mail address.
    public var isEmail: Bool
    /// The closed range a number must lie in.
    public var range: ClosedRange<Double>?

    /// Rules in the order `@Model` writes them (each one optional).
    public init(
        maxLength: Int? = nil, minLength: Int? = nil, pattern: String? = nil, email: Bool = false,
        range: ClosedRange<Double>? = nil
    ) {
        self.maxLength = maxLength
        self.minLength = minLength
        self.pattern = pattern
        self.isEmail = email
        self.range = range
    }
}
