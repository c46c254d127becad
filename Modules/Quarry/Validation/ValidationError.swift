/// Every problem found in a request body or DTO, reported at once.
///
/// ```swift
/// do {
///     let create = try JSONDecoder().decode(Author.Create.self, from: body)
/// } catch let error as ValidationError {
///     // [email: "is required", name: "must be at most 80 characters"]
///     return .unprocessableEntity(error.failures)
/// }
/// ```
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The failures, in field order.
    public var failures: [FieldFailure]

    public init(failures: [FieldFailure]) {
        self.failures = failures
    }

    public var description: String {
        "validation failed: " + failures.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }
}

/// One field's problem: its path (`email`, `address.city`) and a message.
public struct FieldFailure: Sendable, Hashable, Codable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
