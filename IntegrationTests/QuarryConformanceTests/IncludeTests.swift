import Foundation
import HTTPTypes
import HummingbirdTesting
import Quarry
import QuarryHummingbird
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryHummingbird: relations included on request")
struct IncludeTests {
    @Test("?include= adds to-many and to-one relations as Response DTOs, one statement per relation for a whole page",
          arguments: TestDatabase.all)
    func includes(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), includeScenario)
    }
}

private func blogRouter(_ db: Database) throws -> Router<QuarryBasicRequestContext> {
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: PerformanceMiddleware())
    router.add(middleware: QuarryErrorMiddleware())
    router.add(middleware: DatabaseMiddleware(database: db))
    let secret = Array(repeating: UInt8(5), count: 32)
    try CRUDRouter(Blogger.self, path: "bloggers", cursorSecret: secret, context: QuarryBasicRequestContext.self)
        .includable("entries", \.entries).includable("bio", \.bio).orderable("name", \.name)
        .register(on: router)
    try CRUDRouter(BlogEntry.self, path: "entries", cursorSecret: secret, context: QuarryBasicRequestContext.self)
        .includable("blogger", \.blogger).includable("replies", \.replies).orderable("title", \.title)
        .register(on: router)
    return router
}

/// The statement count PerformanceMiddleware reports in Server-Timing.
private func statements(_ response: TestResponse) -> Int? {
    guard let timing = response.headers[HTTPField.Name("Server-Timing")!],
        let range = timing.range(of: #"desc="(\d+) statements""#, options: .regularExpression)
    else { return nil }
    return Int(timing[range].dropFirst(6).prefix { $0.isNumber })
}

private func body(_ response: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
}

private func includeScenario(_ db: Database) async throws {
    try await createBlog(db)
    let bloggers = try await Blogger.insert((0..<12).map { Blogger(name: String(format: "b%02d", $0)) }, on: db)
    for blogger in bloggers {
        try await BlogEntry.insert((0..<3).map { BlogEntry(bloggerID: blogger.id!, title: "\(blogger.name)-e\($0)") }, on: db)
    }
    try await Bio(bloggerID: bloggers[0].id!, text: "first").insert(on: db)
    let firstEntry = try #require(try await BlogEntry.query.order { $0.id }.first(on: db))
    try await Reply(entryID: firstEntry.id!, body: "nice").insert(on: db)

    try await Application(router: try blogRouter(db)).test(.router) { client in
        let plain = try await client.execute(uri: "/bloggers?order=name&limit=10", method: .get)
        let plainItems = try body(plain)["items"] as? [[String: Any]] ?? []
        #expect(plainItems.count == 10)
        #expect(plainItems.first?["entries"] == nil, "relations only on request")
        #expect(statements(plain) == 1)

        let page = try await client.execute(uri: "/bloggers?order=name&limit=10&include=entries,bio", method: .get)
        #expect(page.status == .ok)
        let items = try body(page)["items"] as? [[String: Any]] ?? []
        #expect(items.count == 10)
        #expect(items.allSatisfy { ($0["entries"] as? [[String: Any]])?.count == 3 })
        #expect((items[0]["bio"] as? [String: Any])?["text"] as? String == "first")
        #expect(items[1]["bio"] is NSNull, "a to-one relation with no row is null, not absent")
        #expect(Set((items[0]["entries"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String })
            == ["b00-e0", "b00-e1", "b00-e2"])
        #expect(statements(page) == 3, "the page, then one statement per included relation")

        let one = try await client.execute(uri: "/bloggers/\(bloggers[0].id!)?include=entries", method: .get)
        #expect((try body(one)["entries"] as? [[String: Any]])?.count == 3)
        #expect(try body(one)["name"] as? String == "b00")
        #expect(statements(one) == 2)

        let entry = try await client.execute(uri: "/entries/\(firstEntry.id!)?include=blogger,replies", method: .get)
        let entryBody = try body(entry)
        #expect((entryBody["blogger"] as? [String: Any])?["name"] as? String == "b00")
        #expect((entryBody["replies"] as? [[String: Any]])?.first?["body"] as? String == "nice")

        let missing = try await client.execute(uri: "/bloggers/999999?include=entries", method: .get)
        #expect(missing.status == .notFound)
        let unknown = try await client.execute(uri: "/bloggers?include=followers", method: .get)
        #expect(unknown.status == .badRequest)
        #expect(String(buffer: unknown.body).contains("followers is not includable; includable: bio, entries"))
    }
}
