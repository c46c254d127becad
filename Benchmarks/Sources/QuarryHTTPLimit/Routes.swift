import Foundation
import Hummingbird

/// The benchmarked routes, one hand-written handler each.
enum Routes {
    struct CommentCreate: Decodable {
        var postID: Int64
        var authorName: String
        var body: String
    }

    struct PostPatch: Decodable {
        var title: String?
        var body: String?
        var status: String?
        var views: Int64?
    }

    static let statuses: Set<String> = ["draft", "published", "archived"]

    static func router(_ store: any Blog) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/posts/:id") { _, context -> Response in
            do { return Reply.json(try await store.post(try context.parameters.require("id", as: Int64.self))) } catch {
                return Reply.failure(error)
            }
        }
        router.get("/authors/:id") { _, context -> Response in
            do { return Reply.json(try await store.author(try context.parameters.require("id", as: Int64.self))) } catch {
                return Reply.failure(error)
            }
        }
        router.get("/posts") { request, _ -> Response in
            do {
                let limit = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 20
                guard (1...100).contains(limit) else {
                    throw BlogFailure(status: 400, code: "bad_request", message: "limit: 1 to 100")
                }
                let include = Set((request.uri.queryParameters["include"].map(String.init) ?? "").split(separator: ",").map(String.init))
                return Reply.json(try await store.firstPage(
                    limit: limit, includeAuthor: include.contains("author"), includeTags: include.contains("tags"),
                    cursor: Reply.cursor(after:)))
            } catch {
                return Reply.failure(error)
            }
        }
        router.post("/comments") { request, _ -> Response in
            do {
                let body = try await request.body.collect(upTo: 1 << 20)
                let create = try JSONDecoder().decode(CommentCreate.self, from: Data(body.readableBytesView))
                guard (1...80).contains(create.authorName.count), (1...2_000).contains(create.body.count) else {
                    throw BlogFailure(
                        status: 422, code: "validation_failed", message: "authorName: 1 to 80, body: 1 to 2000 characters")
                }
                return Reply.json(
                    try await store.insertComment(postID: create.postID, authorName: create.authorName, body: create.body),
                    status: .created)
            } catch {
                return Reply.failure(error)
            }
        }
        router.patch("/posts/:id") { request, context -> Response in
            do {
                let id = try context.parameters.require("id", as: Int64.self)
                let body = try await request.body.collect(upTo: 1 << 20)
                let patch = try JSONDecoder().decode(PostPatch.self, from: Data(body.readableBytesView))
                if let status = patch.status, !statuses.contains(status) {
                    throw BlogFailure(status: 422, code: "validation_failed", message: "status: draft, published or archived")
                }
                return Reply.json(try await store.patchPost(id, title: patch.title, body: patch.body, status: patch.status, views: patch.views))
            } catch {
                return Reply.failure(error)
            }
        }
        return router
    }
}
