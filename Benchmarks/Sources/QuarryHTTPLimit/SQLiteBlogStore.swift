import CSQLite
import Foundation
import Synchronization

/// The blog's tables on one libsqlite3 connection: statements prepared once,
/// values bound and read with the C API, JSON written straight from the
/// columns. A mutex serialises the (short, synchronous) statements, which
/// run inline on the calling task.
final class SQLiteBlogStore: Blog {
    private struct Connection: ~Copyable {
        let db: OpaquePointer
        let post: OpaquePointer
        let author: OpaquePointer
        let page: OpaquePointer
        let authorsIn: OpaquePointer
        let tagsIn: OpaquePointer
        let insertComment: OpaquePointer
        let patchPost: OpaquePointer
    }

    private let connection: Mutex<Connection>

    init(path: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db = handle
        else { throw BlogFailure(status: 500, code: "open", message: "cannot open \(path)") }
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"] {
            guard sqlite3_exec(db, pragma, nil, nil, nil) == SQLITE_OK else { throw Self.failure(db) }
        }
        func prepare(_ sql: String) throws -> OpaquePointer {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
                let statement
            else { throw Self.failure(db) }
            return statement
        }
        let postColumns = #""id", "author_id", "slug", "title", "body", "status", "views", "published_at""#
        connection = Mutex(Connection(
            db: db,
            post: try prepare(#"SELECT \#(postColumns) FROM "posts" WHERE "id" = ?1"#),
            author: try prepare(#"SELECT "id", "email", "name", "bio", "joined_at" FROM "authors" WHERE "id" = ?1"#),
            page: try prepare(#"SELECT \#(postColumns) FROM "posts" WHERE "id" > ?1 ORDER BY "id" LIMIT ?2"#),
            authorsIn: try prepare(
                #"SELECT "id", "email", "name", "bio", "joined_at" FROM "authors" WHERE "id" IN (SELECT value FROM json_each(?1))"#),
            tagsIn: try prepare(#"""
                SELECT "post_tags"."post_id", "tags"."id", "tags"."name" FROM "post_tags"
                JOIN "tags" ON "tags"."id" = "post_tags"."tag_id"
                WHERE "post_tags"."post_id" IN (SELECT value FROM json_each(?1)) ORDER BY "post_tags"."id"
                """#),
            insertComment: try prepare(#"""
                INSERT INTO "comments" ("post_id", "author_name", "body") VALUES (?1, ?2, ?3) RETURNING "id", "created_at"
                """#),
            patchPost: try prepare(#"""
                UPDATE "posts" SET "title" = coalesce(?2, "title"), "body" = coalesce(?3, "body"),
                "status" = coalesce(?4, "status"), "views" = coalesce(?5, "views")
                WHERE "id" = ?1 RETURNING \#(postColumns)
                """#)))
    }

    private static func failure(_ db: OpaquePointer) -> BlogFailure {
        BlogFailure(status: 500, code: "database", message: String(cString: sqlite3_errmsg(db)))
    }

    // MARK: - Routes

    /// `GET /posts/:id`.
    func post(_ id: Int64) throws -> [UInt8] {
        try connection.withLock { c in
            let bytes = try Self.run(c.post, c.db, binding: { sqlite3_bind_int64($0, 1, id) }) { statement in
                var json = JSONWriter()
                Self.writePost(statement, into: &json)
                return json.bytes
            }
            guard let bytes else { throw BlogFailure(status: 404, code: "not_found", message: "no post \(id)") }
            return bytes
        }
    }

    /// `GET /authors/:id`.
    func author(_ id: Int64) throws -> [UInt8] {
        try connection.withLock { c in
            let bytes = try Self.run(c.author, c.db, binding: { sqlite3_bind_int64($0, 1, id) }) { statement in
                var json = JSONWriter()
                Self.writeAuthor(statement, into: &json)
                return json.bytes
            }
            guard let bytes else { throw BlogFailure(status: 404, code: "not_found", message: "no author \(id)") }
            return bytes
        }
    }

    /// `GET /posts?limit=&include=author,tags`: the first page in key
    /// order (the benchmark reads no other), each included relation one
    /// statement for the whole page.
    func firstPage(
        limit: Int, includeAuthor: Bool, includeTags: Bool, cursor: @escaping @Sendable (Int64) -> String
    ) throws -> [UInt8] {
        try connection.withLock { c in
            // One row more than the page tells whether there is a next one.
            sqlite3_bind_int64(c.page, 1, 0)
            sqlite3_bind_int64(c.page, 2, Int64(limit + 1))
            defer { sqlite3_reset(c.page) }
            var rows: [(id: Int64, authorID: Int64)] = []
            var json = JSONWriter(capacity: 16_384)
            json.beginObject()
            json.key("items")
            json.beginArray()
            // The posts' JSON is written once the relations are read: keep each item's bytes.
            var items: [[UInt8]] = []
            var hasNext = false
            while sqlite3_step(c.page) == SQLITE_ROW {
                if rows.count == limit { hasNext = true; break }
                rows.append((sqlite3_column_int64(c.page, 0), sqlite3_column_int64(c.page, 1)))
                var item = JSONWriter(capacity: 1_024)
                Self.writePost(c.page, into: &item, open: true)
                items.append(item.bytes)
            }
            var authors: [Int64: [UInt8]] = [:]
            if includeAuthor && !rows.isEmpty {
                let ids = "[" + Set(rows.map(\.authorID)).map(String.init).joined(separator: ",") + "]"
                try Self.each(c.authorsIn, c.db, text: ids) { statement in
                    var author = JSONWriter(capacity: 256)
                    Self.writeAuthor(statement, into: &author)
                    authors[sqlite3_column_int64(statement, 0)] = author.bytes
                }
            }
            var tags: [Int64: [UInt8]] = [:]
            if includeTags && !rows.isEmpty {
                let ids = "[" + rows.map { String($0.id) }.joined(separator: ",") + "]"
                try Self.each(c.tagsIn, c.db, text: ids) { statement in
                    var tag = JSONWriter(capacity: 64)
                    tag.beginObject()
                    tag.key("id"); tag.value(sqlite3_column_int64(statement, 1))
                    tag.key("name"); tag.value(Self.text(statement, 2))
                    tag.endObject()
                    let post = sqlite3_column_int64(statement, 0)
                    tags[post, default: []].append(contentsOf: (tags[post] == nil ? [] : [UInt8(ascii: ",")]) + tag.bytes)
                }
            }
            var itemsJSON: [UInt8] = []
            for (index, row) in rows.enumerated() {
                if index > 0 { itemsJSON.append(UInt8(ascii: ",")) }
                itemsJSON += items[index]
                if includeAuthor, let author = authors[row.authorID] { itemsJSON += Array(#","author":"#.utf8) + author }
                if includeTags { itemsJSON += Array(#","tags":["#.utf8) + (tags[row.id] ?? []) + [UInt8(ascii: "]")] }
                itemsJSON.append(UInt8(ascii: "}"))
            }
            var bytes = json.bytes + itemsJSON + [UInt8(ascii: "]")]
            if hasNext, let last = rows.last {
                bytes += Array(#","nextCursor":""#.utf8) + Array(cursor(last.id).utf8) + [UInt8(ascii: "\"")]
            }
            bytes.append(UInt8(ascii: "}"))
            return bytes
        }
    }

    /// `POST /comments`.
    func insertComment(postID: Int64, authorName: String, body: String) throws -> [UInt8] {
        try connection.withLock { c in
            let statement = c.insertComment
            defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
            sqlite3_bind_int64(statement, 1, postID)
            Self.bind(statement, 2, authorName)
            Self.bind(statement, 3, body)
            let code = sqlite3_step(statement)
            if code & 0xFF == SQLITE_CONSTRAINT {
                throw BlogFailure(status: 422, code: "constraint", message: "postID \(postID) refers to no post")
            }
            guard code == SQLITE_ROW else { throw Self.failure(c.db) }
            var json = JSONWriter(capacity: 256)
            json.beginObject()
            json.key("id"); json.value(sqlite3_column_int64(statement, 0))
            json.key("postID"); json.value(postID)
            json.key("authorName"); json.value(authorName)
            json.key("body"); json.value(body)
            json.key("createdAt"); json.timestamp(Self.text(statement, 1))
            json.endObject()
            _ = sqlite3_step(statement)
            return json.bytes
        }
    }

    /// `PATCH /posts/:id`: the fields the body carries.
    func patchPost(_ id: Int64, title: String?, body: String?, status: String?, views: Int64?) throws -> [UInt8] {
        try connection.withLock { c in
            let statement = c.patchPost
            defer { sqlite3_clear_bindings(statement) }
            let bytes = try Self.run(statement, c.db, binding: { statement in
                sqlite3_bind_int64(statement, 1, id)
                if let title { Self.bind(statement, 2, title) }
                if let body { Self.bind(statement, 3, body) }
                if let status { Self.bind(statement, 4, status) }
                if let views { sqlite3_bind_int64(statement, 5, views) }
            }) { statement in
                var json = JSONWriter()
                Self.writePost(statement, into: &json)
                return json.bytes
            }
            guard let bytes else { throw BlogFailure(status: 404, code: "not_found", message: "no post \(id)") }
            return bytes
        }
    }

    // MARK: - Rows to JSON

    /// A post's Response: every column, `publishedAt` only when set.
    /// `open` leaves the object open for included relations.
    private static func writePost(_ statement: OpaquePointer, into json: inout JSONWriter, open: Bool = false) {
        json.beginObject()
        json.key("id"); json.value(sqlite3_column_int64(statement, 0))
        json.key("authorID"); json.value(sqlite3_column_int64(statement, 1))
        json.key("slug"); json.value(text(statement, 2))
        json.key("title"); json.value(text(statement, 3))
        json.key("body"); json.value(text(statement, 4))
        json.key("status"); json.value(text(statement, 5))
        json.key("views"); json.value(sqlite3_column_int64(statement, 6))
        if sqlite3_column_type(statement, 7) != SQLITE_NULL {
            json.key("publishedAt"); json.timestamp(text(statement, 7))
        }
        if !open { json.endObject() }
    }

    private static func writeAuthor(_ statement: OpaquePointer, into json: inout JSONWriter) {
        json.beginObject()
        json.key("id"); json.value(sqlite3_column_int64(statement, 0))
        json.key("email"); json.value(text(statement, 1))
        json.key("name"); json.value(text(statement, 2))
        if sqlite3_column_type(statement, 3) != SQLITE_NULL { json.key("bio"); json.value(text(statement, 3)) }
        if sqlite3_column_type(statement, 4) != SQLITE_NULL { json.key("joinedAt"); json.timestamp(text(statement, 4)) }
        json.endObject()
    }

    // MARK: - C helpers

    /// Steps `statement` once: `row`'s result for a row, `nil` for none.
    private static func run<Value>(
        _ statement: OpaquePointer, _ db: OpaquePointer, binding: (OpaquePointer) -> Void, row: (OpaquePointer) -> Value
    ) throws -> Value? {
        defer { sqlite3_reset(statement) }
        binding(statement)
        switch sqlite3_step(statement) {
        case SQLITE_ROW:
            let value = row(statement)
            while sqlite3_step(statement) == SQLITE_ROW {}
            return value
        case SQLITE_DONE: return nil
        default: throw failure(db)
        }
    }

    private static func each(_ statement: OpaquePointer, _ db: OpaquePointer, text: String, _ row: (OpaquePointer) -> Void) throws {
        defer { sqlite3_reset(statement) }
        bind(statement, 1, text)
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: row(statement)
            case SQLITE_DONE: return
            default: throw failure(db)
            }
        }
    }

    private static func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            _ = sqlite3_bind_text64(
                statement, index, UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self),
                UInt64(buffer.count), quarry_sqlite_transient, UInt8(SQLITE_UTF8))
        }
    }

    private static func text(_ statement: OpaquePointer, _ column: Int32) -> String {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard let pointer = sqlite3_column_text(statement, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
}
