// The blog's HTTP API: CRUD routes generated from the models, one custom
// route in a request transaction, health and statistics routes, the OpenAPI
// document and docs page, GraphQL with an explorer page, CORS, request ids,
// logging, Server-Timing, and a rate limit on writing comments.

import Foundation
import Hummingbird
import Logging
import Quarry
import QuarryGraphQL
import QuarryHummingbird
import QuarryMonitoring
import QuarryRateLimit
import QuarryResilience

struct BlogAPI {
    let database: Database
    let queries: QueryMonitor
    let pools: PoolMonitor
    let document = OpenAPIDocument(
        title: "Quarry demo blog", version: "1.0.0",
        description: "A blog API generated from @Model structs by QuarryHummingbird, over embedded SQLite.")

    init(database: Database) {
        self.database = database
        queries = QueryMonitor(slowQueryThreshold: .milliseconds(250), label: "blog")
        pools = PoolMonitor()
        queries.attach(to: database)
        pools.attach(to: database)
    }

    /// The router of the whole API.
    func router(
        logRequests: Bool, exposeDiagnostics: Bool, commentsPerMinute: Int? = 3
    ) throws -> Router<QuarryBasicRequestContext> {
        let router = Router(context: QuarryBasicRequestContext.self)
        router.add(middleware: CORSPolicyMiddleware(origins: ["http://localhost:5173"]))
        router.add(middleware: RequestIDMiddleware())
        if logRequests { router.add(middleware: RequestLoggingMiddleware()) }
        router.add(middleware: PerformanceMiddleware(slowRequestThreshold: .milliseconds(500)))
        router.add(middleware: QuarryErrorMiddleware())
        router.add(middleware: DatabaseMiddleware(database: database))

        // Cursors are signed, so clients cannot forge them; a real app reads the secret from its configuration.
        let secret = Array("quarry-demo-cursor-secret-32-bytes!!".utf8)
        try CRUDRouter(Author.self, path: "authors", cursorSecret: secret)
            .filterable("name", \.name).filterable("email", \.email)
            .orderable("name", \.name).orderable("joined", \.joinedAt)
            .includable("posts", \.posts)
            .register(on: router, documentedIn: document)
        try CRUDRouter(Post.self, path: "posts", cursorSecret: secret)
            .filterable("status", \.status).filterable("title", \.title).filterable("views", \.views)
            .filterable("author", \.authorID)
            .orderable("views", \.views).orderable("title", \.title).orderable("published", \.publishedAt)
            .includable("author", \.author).includable("tags", \.tags).includable("comments", \.comments)
            .register(on: router, documentedIn: document)
        try CRUDRouter(Tag.self, path: "tags", cursorSecret: secret)
            .filterable("name", \.name).orderable("name", \.name).includable("posts", \.posts)
            .register(on: router, documentedIn: document)

        // Comments: reading is free, writing is limited per client (3 a minute;
        // `commentsPerMinute: nil` — make bench-http — leaves the limiter out).
        let comments = try CRUDRouter(Comment.self, path: "comments", cursorSecret: secret, context: QuarryBasicRequestContext.self)
            .filterable("post", \.postID).orderable("created", \.createdAt).includable("post", \.post)
        if let commentsPerMinute {
            let commentLimiter = try RateLimiter(
                name: "comments", limit: .slidingWindow(commentsPerMinute, per: .seconds(60)), store: MemoryRateLimitStore())
            let limited = router.group().add(middleware: RateLimitMiddleware(
                // The peer's address; behind a proxy, `.forwardedFor(trusting: TrustedProxies([...]))`.
                commentLimiter, key: .clientAddress, cost: { $0.method == .get ? 0 : 1 }))
            comments.register(on: limited, documentedIn: document)
        } else {
            comments.register(on: router, documentedIn: document)
        }

        // A custom route: publishing is one transaction that stamps the post and counts it.
        router.post("/posts/:id/publish") { _, context -> JSONResponse<Post.Response> in
            let id = try context.parameters.require("id", as: Int64.self)
            let post = try await context.transaction { tx in
                var post = try await Post.get(on: tx, id: id)
                guard post.status != .published else {
                    throw QuarryHTTPError(status: .conflict, code: "already_published", message: "post \(id) is already published")
                }
                post.status = .published
                post.publishedAt = Date()
                return try await post.save(on: tx)
            }
            return JSONResponse(try post.response())
        }
        document.addOperation(
            .post, path: "/posts/{id}/publish", operationID: "publish_post", summary: "Publish a draft",
            parameters: [.path("id", .of(Int64.self), description: "The post's key")],
            responses: ["200": .init(description: "Published", schema: .reference("PostResponse")),
                        "400": .init(description: "The key is not an integer", schema: .reference("Error")),
                        "404": .init(description: "No such post", schema: .reference("Error")),
                        "409": .init(description: "Already published", schema: .reference("Error"))],
            tags: ["posts"])

        // The same models over GraphQL: types from the DTOs, cursor pages,
        // relations loaded one statement per level; GET /graphql is an explorer.
        let graphQL = try GraphQLAPI(cursorSecret: secret, limits: GraphQLLimits(maxDepth: 6, maxFields: 300))
        graphQL.model(Author.self, single: "author", plural: "authors", GraphQLModel<Author>()
            .filterable("name", \.name).orderable("name", \.name).relation("posts", \.posts, of: Post.self))
        graphQL.model(Post.self, single: "post", plural: "posts", GraphQLModel<Post>()
            .filterable("title", \.title).orderable("views", \.views)
            .relation("author", \.author, of: Author.self).relation("tags", \.tags, of: Tag.self)
            .relation("comments", \.comments, of: Comment.self))
        graphQL.model(Tag.self, single: "tag", plural: "tags", GraphQLModel<Tag>().filterable("name", \.name))
        graphQL.model(Comment.self, single: "comment", plural: "comments")
        router.addGraphQLRoutes(graphQL)

        router.addDatabaseHealthRoutes(HealthCheck(databases: ["blog": database]))
        // Statement shapes and pool sizes are for operators: mounted only when asked for.
        if exposeDiagnostics { router.addDatabaseDiagnosticsRoutes(pools: pools, queries: queries) }
        router.addOpenAPIRoutes(document)
        // Last, once every route exists: other methods on a path get 405 + Allow, and CORS preflights offer only real ones.
        router.addMethodNotAllowedResponders()
        return router
    }
}
