import Foundation
import Quarry

/// A model with a default ``Factory``, so relations can name their
/// children's factories: `Author.factory.with(\.posts, count: 5)`.
///
/// ```swift
/// extension Post: FactoryProvider {
///     static let factory = Factory<Post>(seed: 11) { fake, _ in
///         Post(authorID: 0, slug: fake.slug(), title: fake.sentence(), body: fake.paragraph())
///     }
/// }
/// ```
public protocol FactoryProvider: Model {
    static var factory: Factory<Self> { get }
}

/// Builds and inserts models with deterministic fake data, with children
/// attached: a graph of rows for a test or a demo in one line.
///
/// ```swift
/// let authors = Factory<Author>(seed: 7) { fake, _ in
///     let name = fake.fullName()
///     return Author(email: fake.email(for: name), name: name)
/// }
/// let posts = Factory<Post>(seed: 7) { fake, index in
///     Post(authorID: 0, slug: fake.slug(), title: fake.sentence(words: 3...6), body: fake.paragraph())
/// }
/// let created = try await authors.count(10).with(posts, count: 5, linkedBy: \.authorID).create(on: db)
/// // 10 authors, 50 posts, one transaction; the same rows for the same seeds
/// ```
public struct Factory<M: Model>: Sendable {
    private let seedValue: UInt64
    private let number: Int
    private let build: @Sendable (inout Fake, Int) -> M
    private let children: [@Sendable (M, Transaction) async throws -> Void]

    /// - Parameters:
    ///   - seed: where the fake data starts; the same seed builds the same models.
    ///   - build: a model from the fake data and its index in the batch.
    public init(seed: UInt64 = 1, _ build: @escaping @Sendable (inout Fake, Int) -> M) {
        self.init(seed: seed, count: 1, build: build, children: [])
    }

    private init(seed: UInt64, count: Int, build: @escaping @Sendable (inout Fake, Int) -> M,
                 children: [@Sendable (M, Transaction) async throws -> Void]) {
        seedValue = seed
        number = count
        self.build = build
        self.children = children
    }

    /// The same factory building `count` models.
    public func count(_ count: Int) -> Factory {
        precondition(count >= 0, "count must not be negative")
        return Factory(seed: seedValue, count: count, build: build, children: children)
    }

    /// The same factory from another seed.
    public func seed(_ seed: UInt64) -> Factory {
        Factory(seed: seed, count: number, build: build, children: children)
    }

    /// Also creates `count` children per model, their `linkedBy` foreign key
    /// set to the parent's key (each parent's children from their own seed,
    /// so one parent's children do not shift when another's change).
    public func with<Child: Model>(_ child: Factory<Child>, count: Int, linkedBy foreignKey: any WritableKeyPath<Child, M.Key> & Sendable) -> Factory {
        with(child, count: count) { $0[keyPath: foreignKey] = $1 }
    }

    /// An optional-keyed variant (`var authorID: Int64?`).
    public func with<Child: Model>(_ child: Factory<Child>, count: Int, linkedBy foreignKey: any WritableKeyPath<Child, M.Key?> & Sendable) -> Factory {
        with(child, count: count) { $0[keyPath: foreignKey] = $1 }
    }

    private func with<Child: Model>(_ child: Factory<Child>, count: Int, link: @escaping @Sendable (inout Child, M.Key) -> Void) -> Factory {
        let attach: @Sendable (M, Transaction) async throws -> Void = { parent, tx in
            guard let key = parent.primaryKey else { throw QuarryError.misuse("\(M.schema.name): a created row has no key") }
            let batch = child.count(count).seed(child.seedValue &+ stableSeed(M.keyValues(of: key)))
            _ = try await batch.insert(on: tx) { link(&$0, key) }
        }
        return Factory(seed: seedValue, count: number, build: build, children: children + [attach])
    }

    /// Also creates `count` children per model through a to-many (or
    /// to-one) relation, each from the child model's own ``FactoryProvider/factory``,
    /// its foreign key set from the relation's declaration.
    ///
    /// ```swift
    /// try await Author.factory.count(10).with(\.posts, count: 5).create(on: db)
    /// ```
    ///
    /// - Precondition: the key path is a `@HasMany` or `@HasOne` relation.
    public func with<Child: Model & FactoryProvider>(_ relation: KeyPath<M, [Child]?>, count: Int) -> Factory {
        with(relation as PartialKeyPath<M>, Child.self, count: count)
    }

    /// ``with(_:count:)-(KeyPath<M,[Child]?>,_)`` for a `@HasOne` relation.
    public func with<Child: Model & FactoryProvider>(_ relation: KeyPath<M, Child?>, count: Int = 1) -> Factory {
        with(relation as PartialKeyPath<M>, Child.self, count: count)
    }

    private func with<Child: Model & FactoryProvider>(_ relation: PartialKeyPath<M>, _ child: Child.Type, count: Int) -> Factory {
        guard let relationship = M.relationship(for: relation), relationship.kind == .hasMany || relationship.kind == .hasOne,
              !relationship.targetColumns.isEmpty
        else { preconditionFailure("\(M.schema.name): with(_:count:) takes a @HasMany or @HasOne relation") }
        let parentIndices = relationship.parentColumns.compactMap { name in M.schema.columns.firstIndex { $0.name == name } }
        let childColumns = Child.schema.columns.map(\.name)
        let childIndices = relationship.targetColumns.compactMap { childColumns.firstIndex(of: $0) }
        let factory = Child.factory
        let attach: @Sendable (M, Transaction) async throws -> Void = { parent, tx in
            var parentValues = SQLValueEncoder()
            parent.encode(into: &parentValues)
            let keys = parentIndices.map { parentValues.values[$0] }
            let batch = factory.count(count).seed(factory.seedValue &+ stableSeed(keys))
            for var built in batch.make() {
                var values = SQLValueEncoder()
                built.encode(into: &values)
                var row = values.values
                for (index, key) in zip(childIndices, keys) { row[index] = key }
                var decoder = ValuesRowDecoder(values: row, columnNames: childColumns)
                built = try Child(row: &decoder)
                let inserted = try await built.insert(on: tx)
                for grandchild in factory.children { try await grandchild(inserted, tx) }
            }
        }
        return Factory(seed: seedValue, count: number, build: build, children: children + [attach])
    }

    /// The models, built and not inserted (children are not built).
    public func make() -> [M] {
        var fake = Fake(seed: seedValue)
        return (0..<number).map { build(&fake, $0) }
    }

    /// Inserts the models and their children in one transaction.
    ///
    /// - Returns: the inserted parents, keys filled in.
    @discardableResult
    public func create(on db: Database) async throws -> [M] {
        try await db.transaction { tx in try await insert(on: tx) { _ in } }
    }

    private func insert(on tx: Transaction, adjust: (inout M) -> Void) async throws -> [M] {
        var created: [M] = []
        for var model in make() {
            adjust(&model)
            let inserted = try await model.insert(on: tx)
            for attach in children { try await attach(inserted, tx) }
            created.append(inserted)
        }
        return created
    }
}

/// A seed from key values that is the same in every process (Swift's
/// `hashValue` is not): FNV-1a over their text.
func stableSeed(_ values: [SQLValue]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for value in values {
        let text: String = switch value {
        case .int(let number): String(number)
        case .text(let string): string
        case .uuid(let uuid): uuid.uuidString
        default: "\(value)"
        }
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
    }
    return hash
}
