/// Anything that runs SQL: a ``Database``, a ``Session`` or a
/// ``Transaction``. Every CRUD call takes one as `on:`.
///
/// ```swift
/// func rename(_ id: Int64, to name: String, on db: some QueryExecutor) async throws {
///     try await db.execute("UPDATE authors SET name = \(name) WHERE id = \(id)")
/// }
/// try await rename(1, to: "Ada", on: db)                     // autocommit
/// try await db.transaction { tx in try await rename(1, to: "Ada", on: tx) }
/// ```
public protocol QueryExecutor: Sendable {
    /// How the underlying database spells SQL.
    var dialect: any SQLDialect { get }

    /// The database statements through this executor reach
    /// (``DatabaseDriver/identity``): what caches key entries by, so that
    /// two databases never share one.
    var identity: String { get }

    /// Runs `sql`, passing each decoded row to `body`; returns the number of
    /// rows changed.
    @discardableResult
    func run<Decoded: RowDecodable>(
        _ sql: SQL, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int

    /// Runs `sql` at once, on the calling thread, when this executor can
    /// without waiting (a session or transaction on SQLite), exactly as
    /// ``run(_:decoding:_:)`` would — logged, observed, checked; returns
    /// `nil`, having done nothing, when it cannot. The model APIs try it
    /// before `run`, so a statement that needs no wait costs no async frames.
    ///
    /// ```swift
    /// func names(_ sql: SQL, on db: some QueryExecutor) async throws -> [String] {
    ///     var names: [String] = []
    ///     if try db.runImmediately(sql, decoding: SingleValue<String>.self, { names.append($0.value) }) == nil {
    ///         try await db.run(sql, decoding: SingleValue<String>.self) { names.append($0.value) }
    ///     }
    ///     return names
    /// }
    /// ```
    func runImmediately<Decoded: RowDecodable>(
        _ sql: SQL, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> Int?

    /// Runs `sql` and hands its rows to `body` in chunks of at most
    /// `chunkSize`, reading the next chunk only once `body` returned: memory
    /// stays bounded by one chunk. `body` returns `false` to stop early. A
    /// ``Database`` reads on a connection of its own (a reader on SQLite)
    /// for as long as the stream runs.
    ///
    /// ```swift
    /// try await db.stream("SELECT id FROM events", decoding: Row.self, chunkSize: 500) { rows in
    ///     try await forward(rows)
    ///     return true
    /// }
    /// ```
    func stream<Decoded: RowDecodable & Sendable>(
        _ sql: SQL, decoding type: Decoded.Type, chunkSize: Int, _ body: ([Decoded]) async throws -> Bool
    ) async throws

    /// Runs `body` in a transaction: commits when it returns, rolls back
    /// when it throws. Inside a transaction this is a savepoint.
    @discardableResult
    func transaction<Value>(_ body: (Transaction) async throws -> Value) async throws -> Value

    /// The bus that model events go to.
    var signals: Signals { get }

    /// Who is told about the statements it runs and wraps its transactions
    /// (the database's ``Database/observers``; a wrapper forwards its base's).
    ///
    /// ```swift
    /// tx.observers.all.count
    /// ```
    var observers: StatementObservers { get }

    /// Runs `action` once the work done through this executor is committed:
    /// at once outside a transaction, after the outermost `COMMIT` inside
    /// one, never if it rolls back.
    func afterCommit(_ action: @escaping @Sendable () async -> Void) async
}

extension QueryExecutor {
    /// An executor that cannot run a statement without waiting runs none immediately.
    public func runImmediately<Decoded: RowDecodable>(
        _ sql: SQL, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> Int? {
        nil
    }

    /// Runs a statement and returns the number of rows it changed.
    ///
    /// ```swift
    /// let changed = try await db.execute("DELETE FROM sessions WHERE expires_at < \(Date())")
    /// ```
    @discardableResult
    public func execute(_ sql: SQL) async throws -> Int {
        try await run(sql, decoding: IgnoredRow.self) { _ in }
    }

    /// Fetches every row as a ``Row``.
    ///
    /// ```swift
    /// let rows = try await db.fetchAll("SELECT id, name FROM authors ORDER BY id")
    /// ```
    public func fetchAll(_ sql: SQL) async throws -> [Row] {
        try await fetch(Row.self, sql)
    }

    /// Fetches the first row, or `nil` when there is none.
    public func fetchOne(_ sql: SQL) async throws -> Row? {
        try await fetchFirst(Row.self, sql)
    }

    /// Fetches every row decoded as `type`.
    ///
    /// ```swift
    /// let people = try await db.fetch(Person.self, "SELECT name, age FROM people")
    /// ```
    public func fetch<Decoded: RowDecodable>(_ type: Decoded.Type, _ sql: SQL) async throws -> [Decoded] {
        try await Decoded._fetchAll(sql, on: self)
    }

    /// Fetches the first row decoded as `type`, or `nil`.
    public func fetchFirst<Decoded: RowDecodable>(_ type: Decoded.Type, _ sql: SQL) async throws -> Decoded? {
        try await Decoded._fetchFirst(sql, on: self)
    }

    /// Fetches the first column of the first row, or `nil` when there is no
    /// row. A `NULL` value decodes as `nil` only when `Value` is optional.
    ///
    /// ```swift
    /// let count = try await db.fetchValue(Int.self, "SELECT count(*) FROM authors")
    /// ```
    public func fetchValue<Value: SQLValueConvertible>(_ type: Value.Type, _ sql: SQL) async throws -> Value? {
        try await fetchFirst(SingleValue<Value>.self, sql)?.value
    }

    /// Fetches the first column of every row.
    public func fetchValues<Value: SQLValueConvertible>(_ type: Value.Type, _ sql: SQL) async throws -> [Value] {
        try await fetch(SingleValue<Value>.self, sql).map(\.value)
    }
}
