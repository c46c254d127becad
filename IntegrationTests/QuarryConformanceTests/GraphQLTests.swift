import Foundation
import GraphQL
import HTTPTypes
import HummingbirdTesting
import Quarry
import QuarryGraphQL
import QuarryHummingbird
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryGraphQL: a schema from models, relations without N+1, mutations with validation, limits")
struct GraphQLTests {
    @Test("nested relations load one statement per level; filters and cursor pages work", arguments: TestDatabase.all)
    func queries(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), queryScenario)
    }

    @Test("mutations create, update and delete through the DTOs; validation failures list every field", arguments: TestDatabase.all)
    func mutations(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), mutationScenario)
    }

    @Test("queries over the depth or field limit are refused before any statement; /graphql serves POST and GraphiQL")
    func limitsAndRoutes() async throws {
        try await TestDatabase.sqlite.withDatabase(.init(), limitScenario)
    }
}

private func blogAPI(limits: GraphQLLimits = GraphQLLimits()) throws -> GraphQLAPI {
    let api = try GraphQLAPI(cursorSecret: Array(repeating: 6, count: 32), limits: limits)
    api.model(Blogger.self, single: "blogger", plural: "bloggers", GraphQLModel<Blogger>()
        .filterable("name", \.name).orderable("name", \.name).relation("entries", \.entries, of: BlogEntry.self).relation("bio", \.bio, of: Bio.self))
    api.model(BlogEntry.self, single: "entry", plural: "entries", GraphQLModel<BlogEntry>()
        .relation("blogger", \.blogger, of: Blogger.self).relation("replies", \.replies, of: Reply.self))
    api.model(Reply.self, single: "reply", plural: "replies")
    api.model(Bio.self, single: "bio", plural: "bios")
    api.model(WebMember.self, single: "member", plural: "members")
    return api
}

/// The result as JSON, through the same encoder the route uses.
private func json(_ result: GraphQLResult) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: GraphQLJSONEncoder().encode(result)) as? [String: Any])
}

private func path(_ value: Any?, _ keys: String...) -> Any? {
    var current = value
    for key in keys { current = (current as? [String: Any])?[key] }
    return current
}

private func queryScenario(_ db: Database) async throws {
    try await createBlog(db)
    let bloggers = try await Blogger.insert((0..<15).map { Blogger(name: String(format: "b%02d", $0)) }, on: db)
    for blogger in bloggers {
        let entries = try await BlogEntry.insert((0..<3).map { BlogEntry(bloggerID: blogger.id!, title: "\(blogger.name)-e\($0)") }, on: db)
        try await Reply(entryID: entries[0].id!, body: "re \(blogger.name)").insert(on: db)
    }
    try await Bio(bloggerID: bloggers[0].id!, text: "the first").insert(on: db)
    let api = try blogAPI()

    let query = """
        { bloggers(first: 10) { nextCursor items { name entries { title replies { body } } bio { text } } } }
        """
    let (result, statements) = try await StatementCounter.count { try await api.execute(query, on: db) }
    #expect(result.errors.isEmpty, "\(result.errors)")
    let page = try json(result)
    let items = path(page, "data", "bloggers", "items") as? [[String: Any]] ?? []
    #expect(items.count == 10)
    #expect(items.allSatisfy { ($0["entries"] as? [[String: Any]])?.count == 3 })
    #expect(path(items.first, "bio", "text") as? String == "the first")
    #expect(items[1]["bio"] is NSNull)
    let replies = (items.first?["entries"] as? [[String: Any]])?.first?["replies"] as? [[String: Any]]
    #expect(replies?.first?["body"] as? String == "re b00")
    #expect(statements == 4, "the page, then entries, replies and bios: one statement each, whatever the page size")

    let cursor = try #require(path(page, "data", "bloggers", "nextCursor") as? String)
    let next = try json(try await api.execute(
        "query($after: String) { bloggers(first: 10, after: $after) { items { name } nextCursor } }", variables: ["after": .string(cursor)],
        on: db))
    #expect((path(next, "data", "bloggers", "items") as? [[String: Any]])?.count == 5)
    #expect(path(next, "data", "bloggers", "nextCursor") is NSNull)

    let filtered = try json(try await api.execute(#"{ bloggers(name: "b07") { items { name entries { blogger { name } } } } }"#, on: db))
    let only = path(filtered, "data", "bloggers", "items") as? [[String: Any]] ?? []
    #expect(only.compactMap { $0["name"] as? String } == ["b07"])
    #expect(path((only.first?["entries"] as? [[String: Any]])?.first, "blogger", "name") as? String == "b07")

    let descending = try json(try await api.execute(#"{ bloggers(first: 3, orderBy: "-name") { items { name } } }"#, on: db))
    #expect((path(descending, "data", "bloggers", "items") as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        == ["b14", "b13", "b12"])
    let unknownOrder = try json(try await api.execute(#"{ bloggers(orderBy: "karma") { items { name } } }"#, on: db))
    #expect(path((unknownOrder["errors"] as? [[String: Any]])?.first, "extensions", "code") as? String == "bad_argument")

    let one = try json(try await api.execute("{ blogger(id: \(bloggers[2].id!)) { name entries { title } } }", on: db))
    #expect(path(one, "data", "blogger", "name") as? String == "b02")
    let big = try json(try await api.execute("{ blogger(id: \"\(bloggers[2].id!)\") { id } }", on: db))
    #expect(path(big, "data", "blogger", "id") as? String == "\(bloggers[2].id!)")
    let missing = try json(try await api.execute("{ blogger(id: 999999) { name } }", on: db))
    #expect(path(missing, "data", "blogger") is NSNull)
}

private func mutationScenario(_ db: Database) async throws {
    try await db.createTables(WebMember.self)
    let api = try blogAPI()
    let created = try json(try await api.execute(
        #"mutation { createWebMember(input: {email: "ada@example.com", name: "Ada", karma: 3}) { id name karma } }"#, on: db))
    let id = try #require(path(created, "data", "createWebMember", "id") as? String, "keys are GraphQL IDs (strings)")
    #expect(path(created, "data", "createWebMember", "karma") as? Int == 3)

    let invalid = try json(try await api.execute(
        #"mutation { createWebMember(input: {email: "not-an-email", name: "far too long a name"}) { id } }"#, on: db))
    let error = (invalid["errors"] as? [[String: Any]])?.first
    #expect(path(error, "extensions", "code") as? String == "validation_failed")
    let fields = (path(error, "extensions", "fields") as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    #expect(Set(fields) == ["email", "name"], "every failing field")
    #expect(try await WebMember.query.count(on: db) == 1, "nothing written")

    let duplicate = try json(try await api.execute(
        #"mutation { createWebMember(input: {email: "ada@example.com", name: "Ada 2"}) { id } }"#, on: db))
    #expect(path((duplicate["errors"] as? [[String: Any]])?.first, "extensions", "code") as? String == "conflict")

    let updated = try json(try await api.execute(
        #"mutation { updateWebMember(id: \#(id), input: {karma: 9}) { name karma } }"#, on: db))
    #expect(path(updated, "data", "updateWebMember", "karma") as? Int == 9)
    #expect(path(updated, "data", "updateWebMember", "name") as? String == "Ada", "absent fields stay")

    let deleted = try json(try await api.execute("mutation { deleteWebMember(id: \(id)) }", on: db))
    #expect(path(deleted, "data", "deleteWebMember") as? Bool == true)
    let again = try json(try await api.execute("mutation { deleteWebMember(id: \(id)) }", on: db))
    #expect(path((again["errors"] as? [[String: Any]])?.first, "extensions", "code") as? String == "not_found")
}

private func limitScenario(_ db: Database) async throws {
    try await createBlog(db)
    let api = try blogAPI(limits: GraphQLLimits(maxDepth: 4, maxFields: 6))
    let deep = "{ bloggers { items { entries { blogger { name } } } } }"
    let (refused, statements) = try await StatementCounter.count { try await api.execute(deep, on: db) }
    #expect(statements == 0, "refused before it runs")
    #expect(refused.errors.first?.extensions["code"]?.string == "query_too_deep")
    let wide = "fragment F on Blogger { id name karma } { bloggers { items { ...F entries { id title likes } } } }"
    #expect(try await api.execute(wide, on: db).errors.first?.extensions["code"]?.string == "query_too_complex")
    #expect(try await api.execute("{ bloggers { items { name } } }", on: db).errors.isEmpty)

    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: QuarryErrorMiddleware())
    router.add(middleware: DatabaseMiddleware(database: db))
    router.addGraphQLRoutes(api)
    try await Application(router: router).test(.router) { client in
        let response = try await client.execute(
            uri: "/graphql", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"query": "{ bloggers { items { name } } }"}"#))
        #expect(response.status == .ok)
        #expect(String(buffer: response.body).contains(#""bloggers""#))
        let page = try await client.execute(uri: "/graphql", method: .get)
        // The explorer is all in the page: the schema, a form, no CDN.
        let html = String(buffer: page.body)
        #expect(html.contains("GraphQL explorer") && html.contains(#"<textarea id="query""#))
        #expect(html.contains("bloggers(") && html.contains("type Blogger"), "the schema in SDL: \(html)")
        #expect(html.contains(#"fetch("/graphql""#))
        #expect(!html.contains("https://") && !html.contains("<script src") && !html.contains("crossorigin"))
    }
}
