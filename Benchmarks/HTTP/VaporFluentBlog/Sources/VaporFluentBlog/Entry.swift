import Crypto
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// The demo blog's benchmarked routes, written the way Vapor's and Fluent's
/// documentation writes an API: models, `Content` DTOs, eager loading with
/// `with`. `QUARRY_BENCH_SQLITE=PATH PORT=N VaporFluentBlog`, or
/// `QUARRY_BENCH_POSTGRES=postgres://… PORT=N VaporFluentBlog`.
@main
enum Entry {
    static let onPostgres = Environment.get("QUARRY_BENCH_POSTGRES") != nil

    static func main() async throws {
        var environment = Environment.production
        environment.arguments = ["vapor"]
        let app = try await Application.make(environment)
        app.logger.logLevel = .warning
        if onPostgres, let url = Environment.get("QUARRY_BENCH_POSTGRES") {
            // QUARRY_BENCH_POOL connections in all, as many as every other server's, spread over the event loops.
            let pool = Environment.get("QUARRY_BENCH_POOL").flatMap(Int.init) ?? 4
            let loops = app.eventLoopGroup.makeIterator().reduce(0) { count, _ in count + 1 }
            app.databases.use(
                try .postgres(url: url, maxConnectionsPerEventLoop: max(1, pool / max(1, loops))), as: .psql)
        } else {
            let path = Environment.get("QUARRY_BENCH_SQLITE") ?? "blog.sqlite"
            // The file is in WAL mode already (the mode is stored in it).
            app.databases.use(.sqlite(.file(path)), as: .sqlite)
        }
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = Environment.get("PORT").flatMap(Int.init) ?? 8080
        routes(app)
        do {
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func routes(_ app: Application) {
        app.get("posts", ":id") { request async throws -> PostResponse in
            guard let post = try await Post.find(request.parameters.require("id", as: Int64.self), on: request.db) else {
                throw Abort(.notFound)
            }
            return try PostResponse(post)
        }
        app.get("authors", ":id") { request async throws -> AuthorResponse in
            guard let author = try await Author.find(request.parameters.require("id", as: Int64.self), on: request.db) else {
                throw Abort(.notFound)
            }
            return try AuthorResponse(author)
        }
        app.get("posts") { request async throws -> PostPage in
            let limit = try request.query.get(Int?.self, at: "limit") ?? 20
            guard (1...100).contains(limit) else { throw Abort(.badRequest, reason: "limit: 1 to 100") }
            let include = Set((try request.query.get(String?.self, at: "include") ?? "").split(separator: ",").map(String.init))
            var query = Post.query(on: request.db).sort(\.$id).limit(limit + 1)
            if include.contains("author") { query = query.with(\.$author) }
            if include.contains("tags") { query = query.with(\.$tags) }
            let posts = try await query.all()
            let page = posts.prefix(limit)
            let items = try page.map { post in
                try PostResponse(
                    post,
                    author: include.contains("author") ? try AuthorResponse(post.author) : nil,
                    tags: include.contains("tags") ? try post.tags.map { TagResponse(id: try $0.requireID(), name: $0.name) } : nil)
            }
            let next = posts.count > limit ? try page.last.map { cursor(after: try $0.requireID()) } : nil
            return PostPage(items: items, nextCursor: next)
        }
        app.post("comments") { request async throws -> Response in
            try CommentCreate.validate(content: request)
            let create = try request.content.decode(CommentCreate.self)
            let comment = Comment()
            comment.postID = create.postID
            comment.authorName = create.authorName
            comment.body = create.body
            // Fluent writes every field, a nil one as NULL: the app stamps the
            // time in the column's text format (the database default never applies).
            comment.createdAt = Stamp.now(onPostgres: onPostgres)
            try await comment.create(on: request.db)
            let body = CommentResponse(
                id: try comment.requireID(), postID: comment.postID, authorName: comment.authorName, body: comment.body,
                createdAt: iso8601(comment.createdAt))
            let response = Response(status: .created)
            try response.content.encode(body)
            return response
        }
        app.patch("posts", ":id") { request async throws -> PostResponse in
            let patch = try request.content.decode(PostPatch.self)
            guard let post = try await Post.find(request.parameters.require("id", as: Int64.self), on: request.db) else {
                throw Abort(.notFound)
            }
            if let title = patch.title { post.title = title }
            if let body = patch.body { post.body = body }
            if let status = patch.status {
                guard ["draft", "published", "archived"].contains(status) else { throw Abort(.unprocessableEntity) }
                post.status = status
            }
            if let views = patch.views { post.views = views }
            try await post.save(on: request.db)
            return try PostResponse(post)
        }
    }

    /// The demo's signed cursor for the page ending at `id`.
    static func cursor(after id: Int64) -> String {
        let payload = Data(
            #"{"direction":"after","fingerprint":"posts,id:a:l","position":[{"kind":"int","text":"\#(id)"}],"version":1}"#.utf8)
        let key = SymmetricKey(data: Data("quarry-demo-cursor-secret-32-bytes!!".utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return base64URL(payload) + "." + base64URL(Data(mac))
    }

    static func base64URL(_ data: Data) -> String {
        var text = data.base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}
