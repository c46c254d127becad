import Foundation
import HTTPTypes
import HummingbirdTesting
import Quarry
import QuarryHummingbird
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryHummingbird: Django lookups in listings, and the OpenAPI 3.1 document")
struct OpenAPITests {
    @Test("listings filter with __ne, __lt/__gte, __in, __not_in, __isnull and the text lookups; misuse is a 400",
          arguments: TestDatabase.all)
    func lookups(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), lookupScenario)
    }

    @Test("/openapi.json is valid OpenAPI 3.1 (openapi-spec-validator) and describes DTOs, lookups and errors; /docs serves a page")
    func document() async throws {
        try await documentScenario()
    }
}

enum ArticleStage: String, ColumnRepresentable, CaseIterable, Sendable {
    case draft, review, published
}

@Model(table: "web_articles")
struct WebArticle {
    @ID var id: Int64?
    @Column(.maxLength(40)) var title: String
    var subtitle: String?
    var views: Int = 0
    var score: Double = 0
    var stage: ArticleStage = .draft
    var publishedAt: Date?
}

private func articleRouter(_ db: Database?, documentedIn api: OpenAPIDocument? = nil) throws -> Router<QuarryBasicRequestContext> {
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: QuarryErrorMiddleware())
    if let db { router.add(middleware: DatabaseMiddleware(database: db)) }
    let articles = try CRUDRouter(WebArticle.self, path: "articles", cursorSecret: Array(repeating: 3, count: 32),
                                  context: QuarryBasicRequestContext.self)
        .filterable("title", \.title).filterable("subtitle", \.subtitle).filterable("views", \.views)
        .orderable("views", \.views).orderable("title", \.title)
    if let api {
        articles.register(on: router, documentedIn: api)
        router.addOpenAPIRoutes(api)
    } else {
        articles.register(on: router)
    }
    return router
}

private func titles(_ client: some TestClientProtocol, _ query: String) async throws -> [String] {
    let response = try await client.execute(uri: "/articles?order=title&limit=100&" + query, method: .get)
    #expect(response.status == .ok, "\(query): \(String(buffer: response.body))")
    let page = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
    return (page?["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
}

private func lookupScenario(_ db: Database) async throws {
    try await db.createTables(WebArticle.self)
    let rows: [(String, String?, Int)] = [
        ("Swift on servers", "fast", 5), ("50% off SQL", nil, 12), ("swiftly done", "meh", 30), ("Postgres tips", nil, 1),
    ]
    for (title, subtitle, views) in rows {
        try await WebArticle(title: title, subtitle: subtitle, views: views).insert(on: db)
    }
    try await Application(router: try articleRouter(db)).test(.router) { client in
        #expect(try await titles(client, "views__gte=12") == ["50% off SQL", "swiftly done"])
        #expect(try await titles(client, "views__lt=12&views__ne=1") == ["Swift on servers"])
        #expect(try await titles(client, "views__in=1,30,99") == ["Postgres tips", "swiftly done"])
        #expect(try await titles(client, "views__not_in=1,30") == ["50% off SQL", "Swift on servers"])
        #expect(try await titles(client, "subtitle__isnull=true") == ["50% off SQL", "Postgres tips"])
        #expect(try await titles(client, "subtitle__isnull=false&subtitle__ne=meh") == ["Swift on servers"])
        #expect(try await titles(client, "title__icontains=SWIFT") == ["Swift on servers", "swiftly done"])
        #expect(try await titles(client, "title__contains=Swift") == ["Swift on servers"])
        #expect(try await titles(client, "title__startswith=50%25") == ["50% off SQL"], "% is a character, not a wildcard")
        #expect(try await titles(client, "title__startswith=5_") == [], "_ is a character, not a wildcard")
        #expect(try await titles(client, "title__endswith=tips") == ["Postgres tips"])
        #expect(try await titles(client, "title=Postgres%20tips") == ["Postgres tips"])

        for (query, fragment) in [
            ("views__gte=many", "views__gte: 'many' is not a valid Int"), ("title__like=x", "like is not a lookup"),
            ("views__contains=1", "views is not text"), ("subtitle__isnull=maybe", "is not true or false"),
            ("views__in=1,,2", "'' is not a valid Int"), ("author=ada", "author is not a filter of articles"),
        ] {
            let response = try await client.execute(uri: "/articles?" + query, method: .get)
            #expect(response.status == .badRequest, "\(query)")
            #expect(String(buffer: response.body).contains(fragment), "\(query): \(String(buffer: response.body))")
        }
    }
}

/// The validator `make test` installs (ci/bootstrap) into .build/python.
private func validatorPath() throws -> String {
    let path = ProcessInfo.processInfo.environment["QUARRY_OPENAPI_VALIDATOR"]
        ?? FileManager.default.currentDirectoryPath + "/.build/python/bin/openapi-spec-validator"
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw QuarryError.invalidArgument(
            name: "QUARRY_OPENAPI_VALIDATOR", reason: "\(path) is missing: run ci/bootstrap (make test does) to install it")
    }
    return path
}

/// Runs the validator on `document`; its exit status.
private func validate(_ document: Data) async throws -> Int32 {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-openapi-\(UUID().uuidString).json")
    try document.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    return try await TestProgram(name: "quarry.openapi-validator").run(try validatorPath(), [file.path])
}

private func object(_ value: Any?, _ path: String...) -> [String: Any]? {
    var current = value
    for key in path { current = (current as? [String: Any])?[key] }
    return current as? [String: Any]
}

private func documentScenario() async throws {
    let api = OpenAPIDocument(title: "Quarry test API", version: "1.2.3", description: "Articles & members")
    let router = try articleRouter(nil, documentedIn: api)
    try CRUDRouter(WebMember.self, path: "members", cursorSecret: Array(repeating: 9, count: 32), context: QuarryBasicRequestContext.self)
        .filterable("karma", \.karma).register(on: router, documentedIn: api)
    try CRUDRouter(Blogger.self, path: "bloggers", cursorSecret: Array(repeating: 9, count: 32), context: QuarryBasicRequestContext.self)
        .includable("entries", \.entries).includable("bio", \.bio).register(on: router, documentedIn: api)
    try await Application(router: router).test(.router) { client in
        let response = try await client.execute(uri: "/openapi.json", method: .get)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json; charset=utf-8")
        let data = Data(response.body.readableBytesView)
        #expect(try await validate(data) == 0, "openapi-spec-validator accepts the document")
        #expect(try await validate(Data(#"{"openapi": "3.1.0", "paths": {}}"#.utf8)) != 0, "and refuses one without info")

        let document = try JSONSerialization.jsonObject(with: data)
        #expect((document as? [String: Any])?["openapi"] as? String == "3.1.0")
        let schemas = object(document, "components", "schemas")
        #expect(Set(schemas?.keys.map { $0 } ?? []) == [
            "WebArticleCreate", "WebArticleUpdate", "WebArticleResponse", "WebArticlePage",
            "WebMemberCreate", "WebMemberUpdate", "WebMemberResponse", "WebMemberPage", "Error",
            "BloggerCreate", "BloggerUpdate", "BloggerResponse", "BloggerPage", "BlogEntryResponse", "BioResponse",
        ])
        let blogger = object(schemas, "BloggerResponse")
        #expect(object(blogger, "properties", "entries", "items")?["$ref"] as? String == "#/components/schemas/BlogEntryResponse")
        #expect(object(blogger, "properties", "bio")?["anyOf"] != nil, "a to-one relation may be null")
        let bloggerRequired = blogger?["required"] as? [String] ?? []
        #expect(bloggerRequired == ["id", "name", "karma"], "relations are included only on request")
        let getBlogger = object(document, "paths", "/bloggers/{id}", "get")
        #expect((getBlogger?["parameters"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "include" })
        let create = object(schemas, "WebArticleCreate")
        #expect(create?["required"] as? [String] == ["title"], "fields with defaults or optional are not required")
        #expect(object(create, "properties", "subtitle")?["type"] as? [String] == ["string", "null"])
        #expect(object(create, "properties", "views")?["type"] as? [String] == ["integer", "null"], "null takes the default")
        #expect(object(create, "properties", "score")?["type"] as? [String] == ["number", "null"])
        #expect(object(create, "properties", "title")?["type"] as? String == "string")
        // The DTOs' rules, from the macro's metadata (FieldRules), on both bodies.
        #expect(object(create, "properties", "title")?["maxLength"] as? Int == 40)
        #expect(object(schemas, "WebArticleUpdate", "properties", "title")?["maxLength"] as? Int == 40)
        #expect(object(create, "properties", "stage")?["enum"] as? [String] == ["draft", "review", "published"])
        #expect(object(create, "properties", "publishedAt")?["format"] as? String == "date-time")
        let update = object(schemas, "WebArticleUpdate")
        #expect(update?["required"] == nil, "a PATCH body requires nothing")
        #expect(object(update, "properties", "title")?["type"] as? String == "string", "title may be absent, never null")
        #expect(object(update, "properties", "subtitle")?["type"] as? [String] == ["string", "null"], "null clears it")
        let articleResponse = object(schemas, "WebArticleResponse")
        #expect(Set(articleResponse?["required"] as? [String] ?? []) == ["id", "title", "views", "score", "stage"])
        #expect(object(schemas, "WebMemberCreate")?["required"] as? [String] == ["email", "name"])
        #expect(object(schemas, "Error", "properties", "error") != nil)

        let list = object(document, "paths", "/articles", "get")
        let parameters = (list?["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        for name in ["limit", "after", "before", "order", "views", "views__gte", "views__in", "title__icontains", "subtitle__isnull"] {
            #expect(parameters.contains(name), "\(name)")
        }
        #expect(!parameters.contains("views__contains"), "no text lookups on numbers")
        #expect(!parameters.contains("title__isnull"), "no isnull on a required column")
        #expect(object(document, "paths", "/articles/{id}", "patch", "responses", "422") != nil)
        #expect(object(document, "paths", "/members", "post", "requestBody") != nil)

        let docs = try await client.execute(uri: "/docs", method: .get)
        #expect(docs.status == .ok)
        #expect(docs.headers[.contentType] == "text/html; charset=utf-8")
        // Rendered on the server from the document: no script or stylesheet from elsewhere.
        let page = String(buffer: docs.body)
        #expect(page.contains("Quarry test API") && page.contains(#"<a href="/openapi.json">"#))
        #expect(page.contains(#"<span class="method get">GET</span> <code>/articles/{id}</code>"#), "\(page)")
        #expect(page.contains(#"<span class="method delete">DELETE</span> <code>/articles/{id}</code>"#))
        #expect(page.contains("<tr><td><code>title</code></td><td>string</td><td>yes</td><td>at most 40 characters</td>"),
                "the DTOs' fields are listed with their rules")
        #expect(!page.contains("<script") && !page.contains("https://"), "nothing is loaded from elsewhere")
    }
}

@Suite("DTO rules in JSON Schema")
struct FieldRulesSchemaTests {
    @Test("every declared rule becomes its JSON Schema keyword; properties without rules and unknown names are left alone")
    func keywords() throws {
        let schema = JSONSchema.object([
            ("email", .of(String.self)), ("slug", .of(String.self)), ("rating", .of(Double.self)), ("plain", .of(String.self)),
        ], required: ["email"])
        let ruled = schema.applying([
            "email": FieldRules(maxLength: 120, email: true),
            "slug": FieldRules(maxLength: 80, minLength: 3, pattern: "[a-z0-9-]+"),
            "rating": FieldRules(range: 0.5...5),
            "missing": FieldRules(maxLength: 1),
        ])
        let properties = try #require(ruled.json["properties"])
        #expect(properties["email"]?["format"] == "email" && properties["email"]?["maxLength"] == .int(120))
        #expect(properties["slug"]?["minLength"] == .int(3) && properties["slug"]?["pattern"] == "^(?:[a-z0-9-]+)$")
        #expect(properties["rating"]?["minimum"] == .double(0.5) && properties["rating"]?["maximum"] == .int(5))
        #expect(properties["plain"] == schema.json["properties"]?["plain"])
        #expect(properties["missing"] == nil)
        #expect(ruled.json["required"] == schema.json["required"])
    }
}
