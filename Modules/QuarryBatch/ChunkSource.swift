import Quarry

/// Where a batch's chunks come from, one at a time: `nil` when done.
/// Each item comes with its position in the input.
protocol ChunkSource<Item> {
    associatedtype Item: Sendable
    mutating func next() async throws -> [(index: Int, item: Item)]?
}

/// Chunks of a sequence, read as the batch goes.
struct SequenceChunks<Base: Sequence>: ChunkSource where Base.Element: Sendable {
    private var iterator: Base.Iterator
    private let size: Int
    private var index = 0

    init(_ base: Base, size: Int) {
        iterator = base.makeIterator()
        self.size = size
    }

    mutating func next() async throws -> [(index: Int, item: Base.Element)]? {
        var chunk: [(index: Int, item: Base.Element)] = []
        while chunk.count < size, let item = iterator.next() {
            chunk.append((index, item))
            index += 1
        }
        return chunk.isEmpty ? nil : chunk
    }
}

/// Chunks of a query's rows in keyset order: each chunk is a seek after
/// the last row of the one before, so work that changes the rows it reads
/// neither skips nor repeats any.
struct QueryChunks<M: ColumnSet>: ChunkSource {
    private let query: Query<M>
    private let keyset: [KeysetColumn]
    private let size: Int
    private let database: Database
    private var position: [SQLValue]?
    private var index = 0
    private var finished = false

    init(_ query: Query<M>, size: Int, on database: Database) throws {
        self.query = query
        keyset = try query.keyset()
        self.size = size
        self.database = database
    }

    mutating func next() async throws -> [(index: Int, item: M)]? {
        guard !finished else { return nil }
        let rows = try await query.seeking(keyset, after: position).limit(size).all(on: database)
        guard let last = rows.last else {
            finished = true
            return nil
        }
        if rows.count < size { finished = true }
        position = last.keysetPosition(keyset)
        defer { index += rows.count }
        return rows.enumerated().map { (index + $0.offset, $0.element) }
    }
}
