import Logging

/// A database: a driver and its connection pool, the entry point of Quarry.
///
/// Statements run on pooled connections in autocommit mode; ``session(_:)``
/// pins one connection and ``transaction(_:)`` wraps work in a transaction.
/// Create one with a driver's constructor and share it: it is `Sendable`.
///
/// ```swift
/// import QuarrySQLite
/// let db = try await Database.sqlite(.file("app.sqlite"))
/// try await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
/// try await db.execute("INSERT INTO notes (body) VALUES (\("hello"))")
/// let bodies = try await db.fetchValues(String.self, "SELECT body FROM notes")
/// await db.close()
/// ```
public final class Database: QueryExecutor {
    /// The driver underneath.
    public let driver: any DatabaseDriver
    /// Where statements are logged (SQL text and duration, at debug level).
    public let logger: Logger
    /// Where model events go (``Signals/shared`` unless given).
    public let signals: Signals
    /// Who is told about every statement this database runs (monitoring);
    /// empty unless someone adds an observer.
    ///
    /// ```swift
    /// db.observers.add(QueryMonitor())
    /// ```
    public let observers: StatementObservers
    let context: StatementContext

    /// Wraps a driver; drivers offer friendlier constructors
    /// (`Database.sqlite(…)`, `Database.postgres(…)`).
    ///
    /// ```swift
    /// let isolated = Database(driver: db.driver, signals: Signals())   // same pool, own event bus
    /// ```
    public init(
        driver: any DatabaseDriver, logger: Logger = Logger(label: "quarry"), signals: Signals = .shared,
        observers: StatementObservers = StatementObservers()
    ) {
        self.driver = driver
        self.logger = logger
        self.signals = signals
        self.observers = observers
        self.context = StatementContext(dialect: driver.dialect, logger: logger, observers: observers, identity: driver.identity,
            endpoint: driver.endpoint)
    }

    private init(sharing database: Database, localSettings: LocalSettings) {
        self.driver = database.driver
        self.logger = database.logger
        self.signals = database.signals
        self.observers = database.observers
        var context = database.context
        // Applied on top of settings the database applies already: both hold.
        if let earlier = context.localSettings {
            context.localSettings = LocalSettings { try earlier.current() + localSettings.current() }
        } else {
            context.localSettings = localSettings
        }
        self.context = context
    }

    /// Autocommit: the work is committed already.
    public func afterCommit(_ action: @escaping @Sendable () async -> Void) async {
        await action()
    }

    public var dialect: any SQLDialect { driver.dialect }

    /// The driver's ``DatabaseDriver/identity``, and the current values of
    /// the settings it applies (``applying(_:)``): a cache key made with it
    /// never serves one schema's or tenant's rows to another.
    public var identity: String {
        guard let settings = context.localSettings, let values = try? settings.current(), !values.isEmpty else {
            return context.identity
        }
        // Length-prefixed, so no name or value can imitate another pair.
        return values.reduce(into: context.identity) { identity, setting in
            identity += " \(setting.name.utf8.count):\(setting.name)=\(setting.value.utf8.count):\(setting.value)"
        }
    }

    /// This database with `settings` applied transaction-locally to every
    /// statement it runs (``LocalSettings``), after any it applies already;
    /// the driver, pool, logger, signals and observers are shared.
    ///
    /// ```swift
    /// let guarded = try db.applying(LocalSettings { [("app.user", "42")] })
    /// try await guarded.execute("UPDATE documents SET seen = true")   // in a transaction with app.user = 42
    /// ```
    ///
    /// - Throws: ``QuarryError/misuse(_:)`` where the database has no
    ///   run-time settings (SQLite).
    public func applying(_ settings: LocalSettings) throws -> Database {
        guard dialect.setLocal("", to: "") != nil else {
            throw QuarryError.misuse("\(dialect.name) has no transaction-local settings to apply")
        }
        return Database(sharing: self, localSettings: settings)
    }

    public func run<Decoded: RowDecodable>(
        _ sql: SQL, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) async throws -> Int {
        if try context.needsOwnTransaction() {
            return try await transaction { tx in try await tx.run(sql, decoding: type, body) }
        }
        return try await runLogged(sql, context: context, body: body) { statement, body in
            try await driver.run(statement, decoding: type, body)
        }
    }

    public func runImmediately<Decoded: RowDecodable>(
        _ sql: SQL, decoding type: Decoded.Type, _ body: (Decoded) throws -> Void
    ) throws -> Int? {
        if try context.needsOwnTransaction() { return nil }
        return try runLoggedImmediately(sql, context: context, body: body) { statement, body in
            try driver.runImmediately(statement, decoding: type, body)
        }
    }

    public func stream<Decoded: RowDecodable & Sendable>(
        _ sql: SQL, decoding type: Decoded.Type, chunkSize: Int, _ body: ([Decoded]) async throws -> Bool
    ) async throws {
        if try context.needsOwnTransaction() {
            return try await transaction { tx in try await tx.stream(sql, decoding: type, chunkSize: chunkSize, body) }
        }
        // Only a statement known to read may go to a reader (on SQLite).
        if sql.isReadOnly == true {
            try await driver.withReadConnection { connection in
                try await streamLogged(sql, on: connection, context: context, chunkSize: chunkSize, body)
            }
        } else {
            try await driver.withConnection { connection in
                try await streamLogged(sql, on: connection, context: context, chunkSize: chunkSize, body)
            }
        }
    }

    /// Pins one connection for the duration of `body`: every statement in it
    /// runs on that connection, without a thread hop where the driver allows.
    ///
    /// ```swift
    /// try await db.session { s in
    ///     try await s.execute("CREATE TEMP TABLE scratch (n INTEGER)")
    ///     try await s.execute("INSERT INTO scratch VALUES (\(1))")   // same connection
    /// }
    /// ```
    @discardableResult
    public func session<Value>(_ body: (Session) async throws -> Value) async throws -> Value {
        try await driver.withConnection { connection in
            let session = Session(connection: connection, context: context, signals: signals)
            defer { session.end() }
            return try await withTaskExecutorPreference(connection.preferredTaskExecutor) {
                try await body(session)
            }
        }
    }

    /// Runs `body` in a transaction on one connection: commits when it
    /// returns, rolls back when it throws. Nested calls are savepoints.
    ///
    /// ```swift
    /// try await db.transaction { tx in
    ///     try await tx.execute("UPDATE accounts SET balance = balance - \(10) WHERE id = \(1)")
    ///     try await tx.execute("UPDATE accounts SET balance = balance + \(10) WHERE id = \(2)")
    /// }
    /// ```
    @discardableResult
    public func transaction<Value>(_ body: (Transaction) async throws -> Value) async throws -> Value {
        try await observers.instrumented(DatabaseWork(kind: .transaction, endpoint: context.endpoint)) {
            try await driver.withConnection { connection in
                try await withTaskExecutorPreference(connection.preferredTaskExecutor) {
                    try await Transaction.run(on: connection, context: context, signals: signals, body)
                }
            }
        }
    }

    /// Tells the driver the schema changed outside Quarry's statements, so no
    /// pooled connection keeps plans made against the old one (PostgreSQL
    /// connections are recycled; SQLite re-prepares by itself).
    /// `Migrator` calls it after applying migrations.
    ///
    /// ```swift
    /// try await db.execute("ALTER TABLE pets ALTER COLUMN name TYPE varchar(80)")
    /// await db.schemaDidChange()
    /// ```
    public func schemaDidChange() async {
        await driver.schemaDidChange()
    }

    /// Closes every connection. Later calls throw ``QuarryError/poolClosed``.
    public func close() async {
        await driver.shutdown()
    }
}
