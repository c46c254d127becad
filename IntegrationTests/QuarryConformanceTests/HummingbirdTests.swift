import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Quarry
import QuarryHummingbird
import QuarryMonitoring
import QuarryResilience
import QuarrySQLite
import QuarryTesting
import Synchronization
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryHummingbird: the database per request, transactions, error bodies, health routes")
struct HummingbirdTests {
    @Test("routes reach the database; DTO validation is 422 with every field, missing 404, duplicate 409",
          arguments: TestDatabase.all)
    func errors(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), errorScenario)
    }

    @Test("a request's transaction commits on success and rolls back on a thrown error, answered with a clean 500",
          arguments: TestDatabase.all)
    func transactions(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), transactionScenario)
    }

    @Test("a request id is accepted or generated, echoed, and carried by error bodies", arguments: TestDatabase.all)
    func requestIDs(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), requestIDScenario)
    }

    @Test("a route's own log lines carry the request id, from a metadata provider or, for handlers without one, as metadata",
          arguments: [true, false])
    func requestIDInRouteLogs(_ takesMetadataProviders: Bool) async throws {
        let logs = CapturedLogs()
        let router = Router(context: QuarryBasicRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.get("/work") { _, context -> String in
            context.logger.info("working")
            // Where the handler takes a provider, no metadata is set on the logger (the cheap path).
            return context.logger[metadataKey: "requestID"] == nil ? "provider" : "metadata"
        }
        let logger = logs.logger(label: "app", level: .info, takesMetadataProviders: takesMetadataProviders)
        try await Application(router: router, logger: logger).test(.router) { client in
            for id in ["req-1", "req-2"] {
                let answer = try await client.execute(
                    uri: "/work", method: .get, headers: [RequestIDMiddleware<QuarryBasicRequestContext>.header: id])
                #expect(String(buffer: answer.body) == (takesMetadataProviders ? "provider" : "metadata"))
            }
        }
        #expect(logs.entries.filter { $0.message == "working" }.map { $0.metadata["requestID"] } == ["req-1", "req-2"])
    }

    @Test("CRUDRouter: list with filters, ordering and cursor pages; get, create, patch, delete; bad parameters are 400",
          arguments: TestDatabase.all)
    func crud(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), crudScenario)
    }

    @Test("1 · with the filter limit raised, 2,000 filters in one request run (flat SQL, no deep recursion)", arguments: TestDatabase.all)
    func manyFilters(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), manyFiltersScenario)
    }

    @Test("request logging (bounded body, still readable by the route) and Server-Timing with the database's share",
          arguments: TestDatabase.all)
    func logging(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), loggingScenario)
    }

    @Test("health routes report readiness, pools and statement statistics", arguments: TestDatabase.all)
    func health(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), healthScenario)
    }
}

@Model(table: "web_members")
struct WebMember {
    @ID var id: Int64?
    @Column(.unique, .email) var email: String
    @Column(.maxLength(10)) var name: String
    var karma: Int = 0
}

extension WebMember.Response: ResponseEncodable {}

/// An error that must not reach the client's body.
private struct SecretFailure: Error, CustomStringConvertible {
    var description: String { "password=hunter2 in the internals" }
}

private func memberRouter(_ db: Database, reported: LockedList<String>) -> Router<QuarryBasicRequestContext> {
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: QuarryErrorMiddleware { error, request in reported.append("\(request.uri.path): \(error)") })
    router.add(middleware: DatabaseMiddleware(database: db))
    router.post("/members") { request, context -> EditedResponse<WebMember.Response> in
        let create = try await request.decode(as: WebMember.Create.self, context: context)
        let member = try await WebMember.create(on: context.database, create)
        return EditedResponse(status: .created, response: try member.response())
    }
    router.get("/members/:id") { _, context -> WebMember.Response in
        try await WebMember.get(on: context.database, id: try context.parameters.require("id", as: Int64.self)).response()
    }
    router.post("/members/pair") { request, context -> HTTPResponse.Status in
        let creates = try await request.decode(as: [WebMember.Create].self, context: context)
        try await context.transaction { tx in
            _ = try await WebMember.create(on: tx, creates[0])
            if creates[1].name == "boom" { throw SecretFailure() }
            _ = try await WebMember.create(on: tx, creates[1])
        }
        return .created
    }
    return router
}

/// A list tasks append to.
final class LockedList<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])
    var all: [Element] { storage.withLock { $0 } }
    func append(_ element: Element) { storage.withLock { $0.append(element) } }
}

private func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
}

private func errorScenario(_ db: Database) async throws {
    try await db.createTables(WebMember.self)
    let reported = LockedList<String>()
    let app = Application(router: memberRouter(db, reported: reported))
    try await app.test(.router) { client in
        let created = try await client.execute(
            uri: "/members", method: .post, body: ByteBuffer(string: #"{"email": "ada@example.com", "name": "Ada"}"#))
        #expect(created.status == .created)
        let body = try json(created.body)
        #expect(body["email"] as? String == "ada@example.com")
        let id = try #require(body["id"] as? Int)

        let fetched = try await client.execute(uri: "/members/\(id)", method: .get)
        #expect(fetched.status == .ok)
        #expect(try json(fetched.body)["name"] as? String == "Ada")

        let invalid = try await client.execute(
            uri: "/members", method: .post, body: ByteBuffer(string: #"{"email": "not an address", "name": "Much too long a name"}"#))
        let invalidError = try #require(try json(invalid.body)["error"] as? [String: Any])
        let fields = (invalidError["fields"] as? [[String: String]])?.compactMap { $0["field"] }.sorted()
        #expect(invalid.status == .unprocessableContent)
        #expect(invalidError["code"] as? String == "validation_failed")
        #expect(fields == ["email", "name"], "every failing field at once")
        #expect(invalid.headers[.contentType]?.hasPrefix("application/json") == true)

        let missing = try await client.execute(uri: "/members/999999", method: .get)
        #expect(missing.status == .notFound)
        #expect((try json(missing.body)["error"] as? [String: Any])?["code"] as? String == "not_found")

        let duplicate = try await client.execute(
            uri: "/members", method: .post, body: ByteBuffer(string: #"{"email": "ada@example.com", "name": "Ada 2"}"#))
        #expect(duplicate.status == .conflict)
        #expect((try json(duplicate.body)["error"] as? [String: Any])?["code"] as? String == "conflict")

        let malformed = try await client.execute(uri: "/members", method: .post, body: ByteBuffer(string: "{not json"))
        let malformedError = try #require(try json(malformed.body)["error"] as? [String: Any])
        let wording = malformedError["message"] as? String ?? ""
        #expect(malformed.status == .badRequest)
        #expect(malformedError["code"] as? String == "bad_request")
        #expect(!wording.contains("DecodingError") && !wording.contains("Swift") && !wording.contains("dataCorrupted"), "\(wording)")

        // Issue 25 · 3: over the upload limit (2 MB here) is a 413 in JSON, not a 500.
        let huge = ByteBuffer(string: #"{"email": "big@example.com", "name": ""# + String(repeating: "x", count: 3_000_000) + #""}"#)
        let tooLarge = try await client.execute(uri: "/members", method: .post, body: huge)
        #expect(tooLarge.status == .contentTooLarge)
        #expect((try json(tooLarge.body)["error"] as? [String: Any])?["code"] as? String == "too_large")
    }
    #expect(try await WebMember.query.count(on: db) == 1, "nothing half-written by the refused requests")
    #expect(reported.all.isEmpty, "no 500 in this scenario")
}

private func transactionScenario(_ db: Database) async throws {
    try await db.createTables(WebMember.self)
    let reported = LockedList<String>()
    let app = Application(router: memberRouter(db, reported: reported))
    try await app.test(.router) { client in
        let good = try await client.execute(
            uri: "/members/pair", method: .post,
            body: ByteBuffer(string: #"[{"email": "a@example.com", "name": "A"}, {"email": "b@example.com", "name": "B"}]"#))
        #expect(good.status == .created)

        let failing = try await client.execute(
            uri: "/members/pair", method: .post,
            body: ByteBuffer(string: #"[{"email": "c@example.com", "name": "C"}, {"email": "d@example.com", "name": "boom"}]"#))
        let failure = try #require(try json(failing.body)["error"] as? [String: Any])
        let text = String(buffer: failing.body)
        #expect(failing.status == .internalServerError)
        #expect(failure["code"] as? String == "internal_error")
        #expect(!text.contains("hunter2"), "no internals in the body")
    }
    let emails = try await WebMember.query.order { $0.email }.all(on: db).map(\.email)
    #expect(emails == ["a@example.com", "b@example.com"], "the failed request's first insert rolled back")
    #expect(reported.all.count == 1 && reported.all.first?.contains("hunter2") == true, "the reporter saw the error once")
}

private func requestIDScenario(_ db: Database) async throws {
    try await db.createTables(WebMember.self)
    let app = Application(router: memberRouter(db, reported: LockedList<String>()))
    try await app.test(.router) { client in
        let given = try await client.execute(uri: "/members/1", method: .get, headers: [RequestIDMiddleware<QuarryBasicRequestContext>.header: "req-42.a_b"])
        let generated = try await client.execute(uri: "/members/1", method: .get)
        let hostile = try await client.execute(
            uri: "/members/1", method: .get, headers: [RequestIDMiddleware<QuarryBasicRequestContext>.header: "a\"b<script>"])
        let header = RequestIDMiddleware<QuarryBasicRequestContext>.header

        #expect(given.headers[header] == "req-42.a_b")
        #expect((try json(given.body)["error"] as? [String: Any])?["requestID"] as? String == "req-42.a_b")
        #expect(generated.headers[header].flatMap(UUID.init(uuidString:)) != nil, "a UUID when the client sent none")
        #expect(hostile.headers[header].flatMap(UUID.init(uuidString:)) != nil, "an unsafe id is replaced")
        // Generated ids are random (version 4, RFC 4122 variant) and distinct.
        var ids: Set<String> = []
        for _ in 0..<50 {
            let id = try await client.execute(uri: "/members/1", method: .get).headers[header] ?? ""
            let characters = Array(id)
            #expect(UUID(uuidString: id) != nil && characters[14] == "4" && "89AB".contains(characters[19]), "\(id)")
            ids.insert(id)
        }
        #expect(ids.count == 50)
    }
}

private func manyFiltersScenario(_ db: Database) async throws {
    try await db.createTables(WebMember.self)
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: QuarryErrorMiddleware())
    router.add(middleware: DatabaseMiddleware(database: db))
    try CRUDRouter(
        WebMember.self, path: "people", cursorSecret: Array(repeating: 7, count: 32), limits: RequestLimits(maxFilters: 5_000),
        context: QuarryBasicRequestContext.self
    ).filterable("name", \.name).register(on: router)
    try await Application(router: router).test(.router) { client in
        _ = try await client.execute(
            uri: "/people", method: .post, body: ByteBuffer(string: #"{"email": "a@example.com", "name": "a", "karma": 1}"#))
        // Raised on purpose: 2,000 filters combine flat, so neither Quarry's compiler nor SQLite's parser nests 2,000 deep.
        let uri = "/people?" + Array(repeating: "name=a", count: 2_000).joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok)
        #expect((try json(response.body)["items"] as? [[String: Any]])?.count == 1)
    }
}

private func crudScenario(_ db: Database) async throws {
    try await db.createTables(WebMember.self)
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: QuarryErrorMiddleware())
    router.add(middleware: DatabaseMiddleware(database: db))
    try CRUDRouter(WebMember.self, path: "people", cursorSecret: Array(repeating: 7, count: 32), context: QuarryBasicRequestContext.self)
        .filterable("name", \.name).filterable("karma", \.karma)
        .orderable("name", \.name).orderable("karma", \.karma)
        .register(on: router)
    router.get("/ping") { _, _ in "pong" }
    router.addMethodNotAllowedResponders()

    try await Application(router: router).test(.router) { client in
        for (index, name) in ["Ada", "Bob", "Cy", "Dee", "Eve"].enumerated() {
            let created = try await client.execute(
                uri: "/people", method: .post,
                body: ByteBuffer(string: #"{"email": "\#(name.lowercased())@example.com", "name": "\#(name)", "karma": \#(index * 10)}"#))
            #expect(created.status == .created)
        }
        // Pages of two, highest karma first, walked with the cursors.
        var names: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let uri = "/people?order=-karma&limit=2" + (cursor.map { "&after=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
            let page = try json(try await client.execute(uri: uri, method: .get).body)
            names += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            cursor = page["nextCursor"] as? String
            pages += 1
        } while cursor != nil && pages < 10
        #expect(names == ["Eve", "Dee", "Cy", "Bob", "Ada"])
        #expect(pages == 3)

        let filtered = try json(try await client.execute(uri: "/people?karma=30", method: .get).body)
        #expect((filtered["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Dee"])
        let byName = try json(try await client.execute(uri: "/people?name=Bob&order=name", method: .get).body)
        #expect((byName["items"] as? [[String: Any]])?.count == 1)

        let badValue = try await client.execute(uri: "/people?karma=lots", method: .get)
        let unknown = try await client.execute(uri: "/people?password=x", method: .get)
        let badOrder = try await client.execute(uri: "/people?order=email", method: .get)
        let forged = try await client.execute(uri: "/people?after=forged", method: .get)
        #expect(badValue.status == .badRequest)
        #expect(((try json(badValue.body)["error"] as? [String: Any])?["message"] as? String)?.hasPrefix("karma") == true)
        #expect(unknown.status == .badRequest)
        #expect(badOrder.status == .badRequest)
        #expect(forged.status == .badRequest)

        // Issue 25 · 1: a thousand repeated filters are a 400 naming the limit, not a crash or a 500.
        let repeated = "/people?" + Array(repeating: "name=a", count: 1_001).joined(separator: "&")
        let tooMany = try await client.execute(uri: repeated, method: .get)
        let tooManyMessage = (try json(tooMany.body)["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(tooMany.status == .badRequest)
        #expect(tooManyMessage.contains("maxFilters"), "\(tooManyMessage)")
        let longList = try await client.execute(
            uri: "/people?karma__in=" + (0..<101).map(String.init).joined(separator: ","), method: .get)
        #expect(longList.status == .badRequest)
        #expect(((try json(longList.body)["error"] as? [String: Any])?["message"] as? String)?.contains("maxListValues") == true)
        // Issue 25 · 5: a NUL in any filter is a 400 naming the parameter, never a wider match or a 422.
        for uri in ["/people?name__icontains=%00", "/people?name__endswith=a%00zzz", "/people?name=a%00b", "/people?karma__in=1,%00"] {
            let nul = try await client.execute(uri: uri, method: .get)
            #expect(nul.status == .badRequest, "\(uri): \(nul.status)")
            #expect(((try json(nul.body)["error"] as? [String: Any])?["message"] as? String)?.contains("NUL") == true, "\(uri)")
        }
        let bothCursors = try await client.execute(uri: "/people?after=x&before=y", method: .get)
        #expect(bothCursors.status == .badRequest)
        // Issue 25 · 6: a method the resource lacks is a 405 naming the ones it has.
        let put = try await client.execute(uri: "/people", method: .put, body: ByteBuffer(string: "{}"))
        let postItem = try await client.execute(uri: "/people/1", method: .post, body: ByteBuffer(string: "{}"))
        #expect(put.status == .methodNotAllowed && put.headers[.allow] == "GET, POST, OPTIONS")
        #expect(postItem.status == .methodNotAllowed && postItem.headers[.allow] == "GET, PATCH, DELETE, OPTIONS")
        #expect((try json(put.body)["error"] as? [String: Any])?["code"] as? String == "method_not_allowed")
        // … and on a route of the app's own; a path that does not exist stays a 404.
        let deletePing = try await client.execute(uri: "/ping", method: .delete)
        #expect(deletePing.status == .methodNotAllowed && deletePing.headers[.allow] == "GET, OPTIONS")
        let options = try await client.execute(uri: "/people/7", method: .options)
        #expect(options.status == .noContent && options.headers[.allow] == "GET, PATCH, DELETE, OPTIONS")
        #expect(try await client.execute(uri: "/nowhere", method: .delete).status == .notFound)

        let ada = try #require(try await WebMember.first(on: db, \.name, equals: "Ada"))
        let got = try await client.execute(uri: "/people/\(ada.id!)", method: .get)
        #expect(try json(got.body)["email"] as? String == "ada@example.com")
        let patched = try await client.execute(uri: "/people/\(ada.id!)", method: .patch, body: ByteBuffer(string: #"{"name": "Ada L."}"#))
        #expect(patched.status == .ok)
        #expect(try json(patched.body)["name"] as? String == "Ada L.")
        #expect(try json(patched.body)["email"] as? String == "ada@example.com", "absent fields untouched")
        let invalidPatch = try await client.execute(
            uri: "/people/\(ada.id!)", method: .patch, body: ByteBuffer(string: #"{"name": "A name far too long"}"#))
        #expect(invalidPatch.status == .unprocessableContent)
        let badKey = try await client.execute(uri: "/people/abc", method: .get)
        #expect(badKey.status == .badRequest)
        let deleted = try await client.execute(uri: "/people/\(ada.id!)", method: .delete)
        #expect(deleted.status == .noContent)
        let gone = try await client.execute(uri: "/people/\(ada.id!)", method: .get)
        #expect(gone.status == .notFound)
    }
    #expect(try await WebMember.query.count(on: db) == 4)
    #expect(try await WebMember.first(on: db, \.email, equals: "ada@example.com") == nil)
}

private func loggingScenario(_ db: Database) async throws {
    try await db.createTables(WebMember.self)
    let logs = CapturedLogs()
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestLoggingMiddleware(maxLoggedBodyBytes: 64))
    router.add(middleware: PerformanceMiddleware(slowRequestThreshold: .zero))
    router.add(middleware: DatabaseMiddleware(database: db))
    router.post("/echo") { request, context -> String in
        for _ in 0..<3 { _ = try await WebMember.query.count(on: context.database) }
        var request = request
        return String(buffer: try await request.collectBody(upTo: 1 << 20))
    }
    let small = #"{"note": "short"}"#
    let large = String(repeating: "x", count: 5_000)
    try await Application(router: router, logger: logs.logger(label: "app", level: .info)).test(.router) { client in
        let first = try await client.execute(uri: "/echo", method: .post, headers: [.contentLength: "\(small.utf8.count)"],
                                             body: ByteBuffer(string: small))
        let second = try await client.execute(uri: "/echo", method: .post, headers: [.contentLength: "\(large.utf8.count)"],
                                              body: ByteBuffer(string: large))
        #expect(String(buffer: first.body) == small, "the route read the logged body")
        #expect(String(buffer: second.body) == large)
        let timing = first.headers[HTTPField.Name("Server-Timing")!] ?? ""
        #expect(timing.wholeMatch(of: #/total;dur=\d+\.\d, db;dur=\d+\.\d;desc="3 statements"/#) != nil,
                "Server-Timing: \(timing)")
    }
    let lines = logs.entries.filter { $0.message == "request" }
    #expect(lines.count == 2)
    #expect(lines.first?.metadata["body"] == small)
    #expect(lines.last?.metadata["body"] == "<5000 bytes, not logged>")
    #expect(lines.allSatisfy { $0.metadata["status"] == "200" && $0.metadata["method"] == "POST" && $0.metadata["requestID"] != nil })
    #expect(logs.entries.filter { $0.message == "slow request" }.count == 2)
}

private func healthScenario(_ db: Database) async throws {
    try await db.createTables(WebMember.self)
    let queries = QueryMonitor(metrics: nil)
    let pools = PoolMonitor(metrics: nil)
    queries.attach(to: db)
    pools.attach(to: db)
    let router = Router(context: QuarryBasicRequestContext.self)
    router.addDatabaseHealthRoutes(HealthCheck(databases: ["main": db]))
    router.addDatabaseDiagnosticsRoutes(pools: pools, queries: queries)
    for _ in 0..<3 { _ = try await WebMember.query.count(on: db) }

    try await Application(router: router).test(.router) { client in
        let ready = try await client.execute(uri: "/health/db", method: .get)
        let readiness = try json(ready.body)
        let databases = try #require(readiness["databases"] as? [[String: Any]])
        #expect(ready.status == .ok)
        #expect(readiness["ready"] as? Bool == true)
        #expect(databases.first?["name"] as? String == "main" && databases.first?["healthy"] as? Bool == true)

        let metrics = try await client.execute(uri: "/health/db/metrics", method: .get)
        let poolList = try #require(try JSONSerialization.jsonObject(with: Data(metrics.body.readableBytesView)) as? [[String: Any]])
        #expect(metrics.status == .ok)
        #expect(!poolList.isEmpty && poolList.allSatisfy { ($0["checkouts"] as? Int ?? 0) >= 0 && $0["maxConnections"] != nil })

        let statistics = try await client.execute(uri: "/health/db/statistics", method: .get)
        let shapes = try #require(try JSONSerialization.jsonObject(with: Data(statistics.body.readableBytesView)) as? [[String: Any]])
        #expect(shapes.contains { ($0["shape"] as? String)?.contains("web_members") == true && ($0["count"] as? Int ?? 0) >= 3 })
    }
    let gone = try await Database.sqlite(.memory)
    await gone.close()
    let both = Router(context: QuarryBasicRequestContext.self)
    both.addDatabaseHealthRoutes(HealthCheck(databases: ["main": db, "gone": gone]))
    try await Application(router: both).test(.router) { client in
        // Issue 25 · 8: the diagnostics are not there unless mounted on purpose.
        for path in ["/health/db/metrics", "/health/db/statistics"] {
            #expect(try await client.execute(uri: path, method: .get).status == .notFound, "\(path)")
        }
        let down = try await client.execute(uri: "/health/db", method: .get)
        let databases = try #require(try json(down.body)["databases"] as? [[String: Any]])
        #expect(down.status == .serviceUnavailable, "a closed database is not ready")
        #expect(databases.map { $0["healthy"] as? Bool } == [false, true], "sorted by name: gone, main")
    }
}
