import Foundation

/// A model with the request and response types a web API needs; `@Model`
/// generates them.
///
/// - `Create`: the columns a client sends to create a row; those with a
///   default (or nullable) are optional, the auto-increment key absent.
/// - `Update`: every column optional; nullable ones are a ``Patch`` that
///   tells "absent" from "set to null".
/// - `Response`: every column, the key not optional.
///
/// Decoding `Create` or `Update` from JSON reports every missing, mistyped
/// or invalid field at once as one ``ValidationError``.
///
/// ```swift
/// let ada = try await Author.create(on: db, .init(email: "ada@x.io", name: "Ada"))
/// let renamed = try await ada.update(on: db, .init(name: "Ada L.", bio: .null))
/// let body: Author.Response = try renamed.response()
/// ```
public protocol ModelDTOs: Model {
    associatedtype Create: Validatable, Codable, Sendable
    associatedtype Update: Validatable, Codable, Sendable
    associatedtype Response: Codable, Sendable

    /// A model from a validated `Create` (defaults filled in).
    init(create: Create)
    /// Applies the fields an `Update` carries.
    mutating func apply(_ update: Update)
    /// The response body for this row.
    ///
    /// - Throws: ``QuarryError/misuse(_:)`` for a row without a key yet.
    func response() throws -> Response
}

extension ModelDTOs {
    /// The row's Response DTO as a JSON object, dates in ISO 8601: what an
    /// API body, a change event or a GraphQL field shows of it.
    ///
    /// ```swift
    /// let fields = try author.responseFields()      // ["id": 1, "name": "Ada", …]
    /// ```
    public func responseFields() throws -> [String: JSON] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard case .object(let fields) = try JSONDecoder().decode(JSON.self, from: encoder.encode(response())) else { return [:] }
        return fields
    }

    /// Validates `create`, builds the model and inserts it.
    ///
    /// ```swift
    /// let ada = try await Author.create(on: db, .init(email: "ada@x.io", name: "Ada"))
    /// ```
    ///
    /// - Throws: ``ValidationError`` listing every failing field; nothing is written.
    @discardableResult
    public static func create(on db: some QueryExecutor, _ create: Create) async throws -> Self {
        try create.validate()
        return try await Self(create: create).insert(on: db)
    }

    /// Validates every DTO (failures name their index: `[3].email`), then
    /// inserts all rows in chunks, in one transaction.
    ///
    /// ```swift
    /// let authors = try await Author.createMany(on: db, bodies)
    /// ```
    @discardableResult
    public static func createMany(on db: some QueryExecutor, _ creates: [Create]) async throws -> [Self] {
        var failures: [FieldFailure] = []
        for (index, create) in creates.enumerated() {
            do {
                try create.validate()
            } catch let error as ValidationError {
                failures += error.failures.map { FieldFailure(field: "[\(index)].\($0.field)", message: $0.message) }
            }
        }
        if !failures.isEmpty { throw ValidationError(failures: failures) }
        return try await insert(creates.map(Self.init(create:)), on: db)
    }

    /// Validates `update`, applies it and writes the row.
    ///
    /// ```swift
    /// let renamed = try await ada.update(on: db, .init(name: "Ada L.", bio: .null))
    /// ```
    @discardableResult
    public func update(on db: some QueryExecutor, _ update: Update) async throws -> Self {
        try update.validate()
        var model = self
        model.apply(update)
        return try await model.update(on: db)
    }

    /// Validates `update`, applies it and saves what it changed (`save(on:)`):
    /// a loaded model writes only the columns whose values differ — no write,
    /// hooks or event when none do — and its load is the event's `before`,
    /// so no read precedes the write. What an HTTP `PATCH` wants: one
    /// statement besides the load, and a column another writer changed
    /// since the load is not written back.
    ///
    /// ```swift
    /// let post = try await Post.get(on: tx, id: 42)
    /// let patched = try await post.save(on: tx, .init(title: "New title"))   // UPDATE "posts" SET "title" = ? …
    /// ```
    @discardableResult
    public func save(on db: some QueryExecutor, _ update: Update) async throws -> Self {
        try update.validate()
        var model = self
        model.apply(update)
        return try await model.save(on: db)
    }
}
