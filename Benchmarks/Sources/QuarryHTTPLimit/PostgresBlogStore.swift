import CLibPQ
import Dispatch
import Foundation
import Synchronization

/// The blog's tables on a few libpq connections: statements prepared once,
/// values sent as text parameters, text results written straight into the
/// JSON. Each connection has a serial queue of its own, so a request makes
/// one hop there and back and no network wait runs on the cooperative pool
/// (the design Quarry's own driver follows); requests are spread over the
/// connections in turn.
final class PostgresBlogStore: Blog {
    /// A libpq connection, used only on its queue.
    private final class Connection: @unchecked Sendable {
        let queue: DispatchQueue
        let pg: OpaquePointer

        init(url: String, index: Int) throws {
            queue = DispatchQueue(label: "quarry-http-limit.postgres.\(index)")
            guard let pg = PQconnectdb(url) else { throw BlogFailure(status: 500, code: "open", message: "out of memory") }
            self.pg = pg
            guard PQstatus(pg) == CONNECTION_OK else { throw PostgresBlogStore.failure(pg) }
            try exec("SET TIME ZONE 'UTC'")
            for (name, sql) in PostgresBlogStore.statements {
                let result = PQprepare(pg, name, sql, 0, nil)
                defer { PQclear(result) }
                guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw PostgresBlogStore.failure(pg) }
            }
        }

        private func exec(_ sql: String) throws {
            let result = PQexec(pg, sql)
            defer { PQclear(result) }
            guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw PostgresBlogStore.failure(pg) }
        }
    }

    private static let postColumns = #""id", "author_id", "slug", "title", "body", "status", "views", "published_at""#
    private static let authorColumns = #""id", "email", "name", "bio", "joined_at""#
    private static let statements: [(String, String)] = [
        ("post", #"SELECT \#(postColumns) FROM "posts" WHERE "id" = $1"#),
        ("author", #"SELECT \#(authorColumns) FROM "authors" WHERE "id" = $1"#),
        ("page", #"SELECT \#(postColumns) FROM "posts" WHERE "id" > $1 ORDER BY "id" LIMIT $2"#),
        ("authors_in", #"SELECT \#(authorColumns) FROM "authors" WHERE "id" = ANY($1::bigint[])"#),
        ("tags_in", #"""
            SELECT "post_tags"."post_id", "tags"."id", "tags"."name" FROM "post_tags"
            JOIN "tags" ON "tags"."id" = "post_tags"."tag_id"
            WHERE "post_tags"."post_id" = ANY($1::bigint[]) ORDER BY "post_tags"."id"
            """#),
        ("insert_comment", #"""
            INSERT INTO "comments" ("post_id", "author_name", "body") VALUES ($1, $2, $3) RETURNING "id", "created_at"
            """#),
        ("patch_post", #"""
            UPDATE "posts" SET "title" = coalesce($2, "title"), "body" = coalesce($3, "body"),
            "status" = coalesce($4, "status"), "views" = coalesce($5::bigint, "views")
            WHERE "id" = $1 RETURNING \#(postColumns)
            """#),
    ]

    private let connections: [Connection]
    private let turn = Atomic<Int>(0)

    /// Opens `count` connections to `url` (a libpq connection URI).
    init(url: String, connections count: Int) throws {
        connections = try (0..<count).map { try Connection(url: url, index: $0) }
    }

    // MARK: - Routes

    func post(_ id: Int64) async throws -> [UInt8] {
        try await onConnection { pg in
            let result = try Self.execute(pg, "post", [String(id)])
            defer { PQclear(result) }
            guard PQntuples(result) == 1 else { throw BlogFailure(status: 404, code: "not_found", message: "no post \(id)") }
            var json = JSONWriter()
            Self.writePost(result, 0, into: &json)
            return json.bytes
        }
    }

    func author(_ id: Int64) async throws -> [UInt8] {
        try await onConnection { pg in
            let result = try Self.execute(pg, "author", [String(id)])
            defer { PQclear(result) }
            guard PQntuples(result) == 1 else { throw BlogFailure(status: 404, code: "not_found", message: "no author \(id)") }
            var json = JSONWriter()
            Self.writeAuthor(result, 0, into: &json)
            return json.bytes
        }
    }

    /// Each included relation is one statement for the whole page.
    func firstPage(
        limit: Int, includeAuthor: Bool, includeTags: Bool, cursor: @escaping @Sendable (Int64) -> String
    ) async throws -> [UInt8] {
        try await onConnection { pg in
            // One row more than the page tells whether there is a next one.
            let page = try Self.execute(pg, "page", ["0", String(limit + 1)])
            defer { PQclear(page) }
            let count = min(Int(PQntuples(page)), limit)
            let hasNext = Int(PQntuples(page)) > limit
            var ids: [Int64] = []
            var authorIDs: [Int64] = []
            for row in 0..<Int32(count) {
                ids.append(Self.int(page, row, 0))
                authorIDs.append(Self.int(page, row, 1))
            }
            var authors: [Int64: [UInt8]] = [:]
            if includeAuthor && count > 0 {
                let result = try Self.execute(pg, "authors_in", [Self.array(Set(authorIDs))])
                defer { PQclear(result) }
                for row in 0..<PQntuples(result) {
                    var author = JSONWriter(capacity: 256)
                    Self.writeAuthor(result, row, into: &author)
                    authors[Self.int(result, row, 0)] = author.bytes
                }
            }
            var tags: [Int64: [UInt8]] = [:]
            if includeTags && count > 0 {
                let result = try Self.execute(pg, "tags_in", [Self.array(ids)])
                defer { PQclear(result) }
                for row in 0..<PQntuples(result) {
                    var tag = JSONWriter(capacity: 64)
                    tag.beginObject()
                    tag.key("id"); tag.value(Self.int(result, row, 1))
                    tag.key("name"); tag.value(Self.text(result, row, 2))
                    tag.endObject()
                    let post = Self.int(result, row, 0)
                    if tags[post] != nil { tags[post]!.append(UInt8(ascii: ",")) }
                    tags[post, default: []] += tag.bytes
                }
            }
            var json = JSONWriter(capacity: 16_384)
            json.beginObject()
            json.key("items")
            json.beginArray()
            var bytes = json.bytes
            for row in 0..<count {
                if row > 0 { bytes.append(UInt8(ascii: ",")) }
                var item = JSONWriter(capacity: 1_024)
                Self.writePost(page, Int32(row), into: &item, open: true)
                bytes += item.bytes
                if includeAuthor, let author = authors[authorIDs[row]] { bytes += Array(#","author":"#.utf8) + author }
                if includeTags { bytes += Array(#","tags":["#.utf8) + (tags[ids[row]] ?? []) + [UInt8(ascii: "]")] }
                bytes.append(UInt8(ascii: "}"))
            }
            bytes.append(UInt8(ascii: "]"))
            if hasNext, let last = ids.last {
                bytes += Array(#","nextCursor":""#.utf8) + Array(cursor(last).utf8) + [UInt8(ascii: "\"")]
            }
            bytes.append(UInt8(ascii: "}"))
            return bytes
        }
    }

    func insertComment(postID: Int64, authorName: String, body: String) async throws -> [UInt8] {
        try await onConnection { pg in
            let result = try Self.execute(pg, "insert_comment", [String(postID), authorName, body])
            defer { PQclear(result) }
            var json = JSONWriter(capacity: 256)
            json.beginObject()
            json.key("id"); json.value(Self.int(result, 0, 0))
            json.key("postID"); json.value(postID)
            json.key("authorName"); json.value(authorName)
            json.key("body"); json.value(body)
            json.key("createdAt"); json.timestamp(Self.text(result, 0, 1))
            json.endObject()
            return json.bytes
        }
    }

    func patchPost(_ id: Int64, title: String?, body: String?, status: String?, views: Int64?) async throws -> [UInt8] {
        try await onConnection { pg in
            let result = try Self.execute(pg, "patch_post", [String(id), title, body, status, views.map(String.init)])
            defer { PQclear(result) }
            guard PQntuples(result) == 1 else { throw BlogFailure(status: 404, code: "not_found", message: "no post \(id)") }
            var json = JSONWriter()
            Self.writePost(result, 0, into: &json)
            return json.bytes
        }
    }

    // MARK: - Rows to JSON

    /// A post's Response: every column, `publishedAt` only when set.
    /// `open` leaves the object open for included relations.
    private static func writePost(_ result: OpaquePointer, _ row: Int32, into json: inout JSONWriter, open: Bool = false) {
        json.beginObject()
        json.key("id"); json.value(int(result, row, 0))
        json.key("authorID"); json.value(int(result, row, 1))
        json.key("slug"); json.value(text(result, row, 2))
        json.key("title"); json.value(text(result, row, 3))
        json.key("body"); json.value(text(result, row, 4))
        json.key("status"); json.value(text(result, row, 5))
        json.key("views"); json.value(int(result, row, 6))
        if PQgetisnull(result, row, 7) == 0 { json.key("publishedAt"); json.timestamp(text(result, row, 7)) }
        if !open { json.endObject() }
    }

    private static func writeAuthor(_ result: OpaquePointer, _ row: Int32, into json: inout JSONWriter) {
        json.beginObject()
        json.key("id"); json.value(int(result, row, 0))
        json.key("email"); json.value(text(result, row, 1))
        json.key("name"); json.value(text(result, row, 2))
        if PQgetisnull(result, row, 3) == 0 { json.key("bio"); json.value(text(result, row, 3)) }
        if PQgetisnull(result, row, 4) == 0 { json.key("joinedAt"); json.timestamp(text(result, row, 4)) }
        json.endObject()
    }

    // MARK: - libpq

    /// Runs `body` with a connection on that connection's queue.
    private func onConnection<Value: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> Value) async throws -> Value {
        let connection = connections[turn.add(1, ordering: .relaxed).oldValue % connections.count]
        return try await withCheckedThrowingContinuation { continuation in
            connection.queue.async { continuation.resume(with: Result { try body(connection.pg) }) }
        }
    }

    /// Executes a prepared statement with text parameters (`nil` is NULL);
    /// the caller clears the result. A foreign key violation is a 422.
    private static func execute(_ pg: OpaquePointer, _ name: String, _ parameters: [String?]) throws -> OpaquePointer {
        let values = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { values.forEach { free($0) } }
        let result = values.map { UnsafePointer<CChar>($0) }.withUnsafeBufferPointer {
            PQexecPrepared(pg, name, Int32(parameters.count), $0.baseAddress, nil, nil, 0)
        }
        guard let result else { throw failure(pg) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK: return result
        default:
            defer { PQclear(result) }
            if let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))), String(cString: state) == "23503" {
                throw BlogFailure(status: 422, code: "constraint", message: "a reference to a missing row")
            }
            throw failure(pg)
        }
    }

    private static func failure(_ pg: OpaquePointer) -> BlogFailure {
        BlogFailure(status: 500, code: "database", message: String(cString: PQerrorMessage(pg)))
    }

    private static func text(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> String {
        String(cString: PQgetvalue(result, row, column))
    }

    private static func int(_ result: OpaquePointer, _ row: Int32, _ column: Int32) -> Int64 {
        Int64(strtoll(PQgetvalue(result, row, column), nil, 10))
    }

    /// A bigint[] parameter in PostgreSQL's text form: `{1,2,3}`.
    private static func array(_ ids: some Sequence<Int64>) -> String {
        "{" + ids.map(String.init).joined(separator: ",") + "}"
    }
}
