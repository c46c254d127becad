/// The benchmarked routes' data access, one implementation per raw C
/// driver: ``SQLiteBlogStore`` (libsqlite3) and ``PostgresBlogStore``
/// (libpq). Each answers the JSON bytes of a route.
protocol Blog: Sendable {
    /// `GET /posts/:id`.
    func post(_ id: Int64) async throws -> [UInt8]
    /// `GET /authors/:id`.
    func author(_ id: Int64) async throws -> [UInt8]
    /// `GET /posts?limit=&include=author,tags`: the first page in key order.
    func firstPage(
        limit: Int, includeAuthor: Bool, includeTags: Bool, cursor: @escaping @Sendable (Int64) -> String
    ) async throws -> [UInt8]
    /// `POST /comments`.
    func insertComment(postID: Int64, authorName: String, body: String) async throws -> [UInt8]
    /// `PATCH /posts/:id`: the fields the body carries.
    func patchPost(_ id: Int64, title: String?, body: String?, status: String?, views: Int64?) async throws -> [UInt8]
}

/// A route's failure in the demo's error shape.
struct BlogFailure: Error {
    let status: Int
    let code: String
    let message: String
}
