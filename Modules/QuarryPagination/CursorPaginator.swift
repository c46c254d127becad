import Quarry

/// Keyset (cursor) pagination over a query, in its own order with the
/// primary key added as tie-breaker: each page is one indexed seek, not an
/// `OFFSET` scan, and rows inserted or deleted elsewhere neither repeat nor
/// skip rows of the listing. Cursors are opaque and signed (see
/// ``CursorSigner``): a client cannot forge a position or inject SQL, and
/// a bad cursor is a ``PaginationError``.
///
/// ```swift
/// let paginator = try CursorPaginator(Post.query.order { $0.publishedAt.desc() }, signer: signer)
/// let first = try await paginator.page(on: db)                                  // 20 items
/// let second = try await paginator.page(on: db, after: first.nextCursor!)
/// let back = try await paginator.page(on: db, before: second.previousCursor!)   // == first
/// ```
public struct CursorPaginator<M: ColumnSet>: Sendable {
    public let query: Query<M>
    public let signer: CursorSigner
    /// The size of a page when a request names none.
    public let defaultPageSize: Int
    /// The largest size a request may ask for.
    public let maxPageSize: Int
    private let keyset: [KeysetColumn]
    private let fingerprint: String

    /// - Throws: `QuarryError/invalidArgument(name:reason:)` when the
    ///   query orders by an expression rather than columns, or the sizes
    ///   are not `1 ≤ default ≤ max`.
    public init(_ query: Query<M>, signer: CursorSigner, defaultPageSize: Int = 20, maxPageSize: Int = 100) throws {
        guard defaultPageSize >= 1, defaultPageSize <= maxPageSize else {
            throw QuarryError.invalidArgument(
                name: "defaultPageSize", reason: "must be between 1 and maxPageSize (\(maxPageSize)), got \(defaultPageSize)")
        }
        self.query = query
        self.signer = signer
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
        keyset = try query.keyset()
        fingerprint = Cursor.fingerprint(table: M.schema.name, keyset: keyset)
    }

    /// The first page.
    public func page(on db: some QueryExecutor, size: Int? = nil) async throws -> Page<M> {
        try await forward(from: nil, size: size, on: db)
    }

    /// The page after the row `cursor` continues from (a `nextCursor`).
    ///
    /// - Throws: ``PaginationError``.
    public func page(on db: some QueryExecutor, size: Int? = nil, after cursor: String) async throws -> Page<M> {
        try await forward(from: try open(cursor, .after), size: size, on: db)
    }

    /// The page before the row `cursor` continues from (a `previousCursor`).
    ///
    /// - Throws: ``PaginationError``.
    public func page(on db: some QueryExecutor, size: Int? = nil, before cursor: String) async throws -> Page<M> {
        let size = try checked(size)
        let position = try open(cursor, .before)
        let reversed = keyset.map(\.reversed)
        var rows = try await query.seeking(reversed, after: position).limit(size + 1).all(on: db)
        let hasPrevious = rows.count > size
        if hasPrevious { rows.removeLast() }
        rows.reverse()
        return Page(
            items: rows,
            nextCursor: rows.last.map { makeCursor(.after, $0) } ?? makeCursor(.after, position),
            previousCursor: hasPrevious ? rows.first.map { makeCursor(.before, $0) } : nil)
    }

    private func forward(from position: [SQLValue]?, size: Int?, on db: some QueryExecutor) async throws -> Page<M> {
        let size = try checked(size)
        var rows = try await query.seeking(keyset, after: position).limit(size + 1).all(on: db)
        let hasNext = rows.count > size
        if hasNext { rows.removeLast() }
        return Page(
            items: rows,
            nextCursor: hasNext ? rows.last.map { makeCursor(.after, $0) } : nil,
            previousCursor: position == nil ? nil : rows.first.map { makeCursor(.before, $0) } ?? makeCursor(.before, position!))
    }

    private func checked(_ size: Int?) throws -> Int {
        let size = size ?? defaultPageSize
        guard size >= 1, size <= maxPageSize else {
            throw PaginationError.pageSizeOutOfRange(size: size, maximum: maxPageSize)
        }
        return size
    }

    private func makeCursor(_ direction: Cursor.Direction, _ row: M) -> String {
        makeCursor(direction, row.keysetPosition(keyset))
    }

    private func makeCursor(_ direction: Cursor.Direction, _ position: [SQLValue]) -> String {
        Cursor(direction: direction, position: position.map(CursorValue.init), fingerprint: fingerprint).sealed(with: signer)
    }

    private func open(_ text: String, _ direction: Cursor.Direction) throws -> [SQLValue] {
        let cursor = try Cursor.open(text, signer: signer, fingerprint: fingerprint, columns: keyset.count)
        guard cursor.direction == direction else {
            throw PaginationError.invalidCursor("a \(cursor.direction.rawValue) cursor used for \(direction.rawValue)")
        }
        let values = cursor.position.compactMap(\.value)
        guard values.count == keyset.count else { throw PaginationError.invalidCursor("unreadable position") }
        return values
    }
}
