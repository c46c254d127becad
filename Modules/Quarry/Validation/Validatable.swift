/// A DTO that checks its own values; `@Model`'s `Create` and `Update` conform.
///
/// ```swift
/// try Author.Create(email: "not-an-email", name: "").validate()   // throws ValidationError
/// ```
public protocol Validatable {
    /// Throws a ``ValidationError`` listing every failing field.
    func validate() throws
    /// The declared rules by field name (the JSON key), for documents that
    /// describe the DTO; empty for a type that declares none.
    ///
    /// ```swift
    /// Author.Create.fieldRules["email"]?.isEmail   // true
    /// ```
    static var fieldRules: [String: FieldRules] { get }
}

extension Validatable {
    public static var fieldRules: [String: FieldRules] { [:] }
}

/// Rules of your own, added to a generated DTO's checks.
///
/// ```swift
/// extension Author.Create: CustomValidation {
///     func validateCustom(into failures: inout ValidationFailures) {
///         if name == email { failures.add("name", "must differ from the e-mail") }
///     }
/// }
/// ```
public protocol CustomValidation {
    func validateCustom(into failures: inout ValidationFailures)
}
