// The scripted tour `make demo` runs: real HTTP requests over a socket to
// the running blog API, each printed with its status and what it shows.

import AsyncHTTPClient
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOHTTP1

struct Tour {
    let base: String
    let client = HTTPClient.shared

    struct TourError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// One request; prints `→ METHOD path` and `← status …`, returns the
    /// status and the JSON body; a status other than `expected` stops the tour.
    @discardableResult
    func call(
        expect expected: Int, _ method: HTTPMethod, _ path: String, json body: String? = nil, headers: [(String, String)] = [],
        _ explain: String
    ) async throws -> (status: Int, json: Any?, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 4 << 20)
        let json = bytes.readableBytes > 0 ? try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) : nil
        let timing = response.headers["Server-Timing"].first.map { "  [\($0)]" } ?? ""
        print("\n→ \(method.rawValue) \(Self.shortened(path))   — \(explain)")
        print("← \(response.status.code) \(response.status.reasonPhrase)\(timing)")
        fflush(nil)  // each request's lines reach a pipe as they happen
        guard Int(response.status.code) == expected else {
            throw TourError(message: "\(method.rawValue) \(path) answered \(response.status.code), expected \(expected)")
        }
        return (Int(response.status.code), json, response.headers)
    }

    /// Runs the whole tour.
    func run() async throws {
        let health = try await call(expect: 200, .GET, "/health/db", "readiness of the database")
        for database in (health.json as? [String: Any])?["databases"] as? [[String: Any]] ?? [] {
            print("  \(database["name"] ?? "?"): healthy=\((database["healthy"] as? Bool).map(String.init) ?? "?")")
        }

        var first = try await call(expect: 200, .GET, "/posts?status=published&order=-views&limit=3&include=author,tags",
                                   "the three most read published posts, with their author and tags (3 statements)")
        print(items(first.json).map { post in
            let author = (post["author"] as? [String: Any])?["name"] ?? "?"
            let tags = (post["tags"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.joined(separator: ", ")
            return "  \(post["views"] ?? 0) views  \(post["title"] ?? "?") — \(author) [\(tags)]"
        }.joined(separator: "\n"))
        if let cursor = (first.json as? [String: Any])?["nextCursor"] as? String {
            first = try await call(expect: 200, .GET, "/posts?status=published&order=-views&limit=3&after=\(escape(cursor))",
                                   "the next page, from the signed cursor")
            print(items(first.json).map { "  \($0["views"] ?? 0) views  \($0["title"] ?? "?")" }.joined(separator: "\n"))
        }

        let search = try await call(expect: 200, .GET, "/posts?title__icontains=SWIFT&views__gte=100", "Django lookups: title contains 'swift' (any case), at least 100 views")
        print(items(search.json).map { "  \($0["title"] ?? "?")" }.joined(separator: "\n"))

        let invalid = try await call(expect: 422, .POST, "/authors", json: #"{"email": "not-an-email", "name": "\#(String(repeating: "x", count: 90))", "bio": 7}"#, "an invalid body: every field's message, nothing written")
        print(fields(invalid.json))

        let created = try await call(expect: 201, .POST, "/authors", json: #"{"email": "linus@example.com", "name": "Linus", "bio": "Kernels and version control."}"#, "a valid author")
        let authorID = (created.json as? [String: Any])?["id"] as? Int ?? 0
        print("  created author \(authorID)")

        let draft = try await call(expect: 201, .POST, "/posts", json: """
            {"authorID": \(authorID), "slug": "quarry-in-a-weekend", "title": "Quarry in a weekend", "body": "Models, queries, an API."}
            """, "a draft post (status and views take their defaults)")
        let postID = (draft.json as? [String: Any])?["id"] as? Int ?? 0
        print("  post \(postID): status=\((draft.json as? [String: Any])?["status"] ?? "?")")

        let published = try await call(expect: 200, .POST, "/posts/\(postID)/publish", "a custom route: publish in one transaction")
        print("  status=\((published.json as? [String: Any])?["status"] ?? "?"), publishedAt=\((published.json as? [String: Any])?["publishedAt"] ?? "?")")
        let again = try await call(expect: 409, .POST, "/posts/\(postID)/publish", "publishing twice is a typed 409")
        print("  \(message(again.json))")

        let duplicate = try await call(expect: 409, .POST, "/posts", json: """
            {"authorID": \(authorID), "slug": "quarry-in-a-weekend", "title": "Copy", "body": "Same slug."}
            """, "a duplicate slug: the unique constraint answers 409")
        print("  \(message(duplicate.json))")

        let patched = try await call(expect: 200, .PATCH, "/posts/\(postID)", json: #"{"title": "Quarry in an afternoon"}"#, "a partial update: only the title changes")
        print("  title=\((patched.json as? [String: Any])?["title"] ?? "?")")

        for attempt in 1...4 {
            let comment = try await call(expect: attempt <= 3 ? 201 : 429, .POST, "/comments", json: """
                {"postID": \(postID), "authorName": "reader\(attempt)", "body": "Comment number \(attempt)."}
                """, headers: [("X-Forwarded-For", "198.51.100.7")], "comment \(attempt) of a rate limit of 3 a minute")
            let remaining = comment.headers["RateLimit-Remaining"].first ?? "-"
            let retry = comment.headers["Retry-After"].first.map { ", Retry-After: \($0) s" } ?? ""
            print("  RateLimit-Remaining: \(remaining)\(retry)")
        }

        let withComments = try await call(expect: 200, .GET, "/posts/\(postID)?include=comments,author", "the post with its comments and author")
        let comments = (withComments.json as? [String: Any])?["comments"] as? [[String: Any]] ?? []
        print("  \(comments.count) comments; author: \(((withComments.json as? [String: Any])?["author"] as? [String: Any])?["name"] ?? "?")")

        try await call(expect: 204, .DELETE, "/authors/\(authorID)", "deleting the author cascades to the post and its comments")
        let gone = try await call(expect: 404, .GET, "/posts/\(postID)", "the post is gone")
        print("  \(message(gone.json))")

        let preflight = try await call(expect: 204, .OPTIONS, "/posts/1", headers: [("Origin", "http://localhost:5173"), ("Access-Control-Request-Method", "PATCH")], "a CORS preflight from the allowed origin: only the methods /posts/{id} has")
        print("  Access-Control-Allow-Methods: \(preflight.headers["Access-Control-Allow-Methods"].first ?? "-")")

        let openAPI = try await call(expect: 200, .GET, "/openapi.json", "the OpenAPI 3.1 document (the docs page is /docs)")
        let paths = ((openAPI.json as? [String: Any])?["paths"] as? [String: Any])?.keys.sorted() ?? []
        print("  \(paths.count) paths: \(paths.joined(separator: " "))")

        let graphQL = try await call(expect: 200, .POST, "/graphql", json: #"""
            {"query": "{ posts(first: 2, orderBy: \"-views\") { items { title author { name } tags { name } } } }"}
            """#, "GraphQL: the two most viewed posts with their authors and tags (one statement per level)")
        let posts = (((graphQL.json as? [String: Any])?["data"] as? [String: Any])?["posts"] as? [String: Any])?["items"] as? [[String: Any]] ?? []
        guard posts.count == 2 else { throw TourError(message: "GraphQL answered \(graphQL.json ?? "nothing")") }
        for post in posts {
            let tags = (post["tags"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            print("  \(post["title"] ?? "?") — \((post["author"] as? [String: Any])?["name"] ?? "?") [\(tags.joined(separator: ", "))]")
        }
        print("  (GET /graphql is an explorer page: the schema and a form that runs queries)")

        try await watchRealtime()

        let statistics = try await call(expect: 200, .GET, "/health/db/statistics", "what the database did, by statement shape (top 5)")
        for shape in (statistics.json as? [[String: Any]] ?? []).prefix(5) {
            let sql = (shape["shape"] as? String ?? "?").prefix(90)
            print("  \(shape["count"] ?? 0)×  p95 \(String(format: "%.2f", shape["p95Milliseconds"] as? Double ?? 0)) ms  \(sql)")
        }
    }

    /// Subscribes to the tags channel over the realtime WebSocket, creates a
    /// tag over HTTP, and prints the event the socket receives.
    private func watchRealtime() async throws {
        let (messages, sink) = AsyncStream.makeStream(of: String.self)
        let socketURL = base.replacingOccurrences(of: "http://", with: "ws://") + "/realtime"
        print("\n⇄ WebSocket \(socketURL)   — subscribe to the tags channel")
        let socket = Task {
            try await WebSocketClient.connect(url: socketURL, logger: Logger(label: "quarry.demo.tour")) { inbound, outbound, _ in
                try await outbound.write(.text(#"{"action": "subscribe", "channels": ["tags"]}"#))
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { sink.yield(text) }
                }
                sink.finish()
            }
        }
        // Ten seconds at most: then the stream ends and the tour fails.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(10))
            sink.finish()
        }
        defer {
            socket.cancel()
            watchdog.cancel()
        }
        var iterator = messages.makeAsyncIterator()
        guard let subscribed = await iterator.next(), subscribed.contains(#""subscribed""#) else {
            throw TourError(message: "the realtime socket did not confirm the subscription")
        }
        print("← \(subscribed)")
        try await call(expect: 201, .POST, "/tags", json: #"{"name": "realtime"}"#, "a new tag, while the socket listens")
        guard let event = await iterator.next(), event.contains(#""type":"event""#) || event.contains(#""type": "event""#) else {
            throw TourError(message: "the realtime socket received no event for the new tag")
        }
        print("⇠ \(event.count > 160 ? event.prefix(157) + "…" : Substring(event))")
    }

    /// The path with long parameter values (cursors) cut short for printing.
    private static func shortened(_ path: String) -> String {
        path.split(separator: "&", omittingEmptySubsequences: false).map { part in
            part.count > 48 ? part.prefix(40) + "…" : part
        }.joined(separator: "&")
    }

    private func items(_ json: Any?) -> [[String: Any]] {
        (json as? [String: Any])?["items"] as? [[String: Any]] ?? []
    }

    private func fields(_ json: Any?) -> String {
        let error = (json as? [String: Any])?["error"] as? [String: Any]
        let fields = error?["fields"] as? [[String: Any]] ?? []
        return fields.map { "  \($0["field"] ?? "?"): \($0["message"] ?? "?")" }.joined(separator: "\n")
    }

    private func message(_ json: Any?) -> String {
        let error = (json as? [String: Any])?["error"] as? [String: Any]
        return "\(error?["code"] ?? "?"): \(error?["message"] ?? "?")"
    }

    private func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
