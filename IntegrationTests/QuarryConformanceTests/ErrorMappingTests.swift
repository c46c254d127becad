import Foundation
import HTTPTypes
import HummingbirdTesting
import Quarry
import QuarryFiles
import QuarryHummingbird
import QuarryImages
import QuarryMixins
import QuarryPagination
import QuarryRateLimit
import QuarryResilience
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("QuarryHummingbird: every error's HTTP mapping, and a stale object through HTTP")
struct ErrorMappingTests {
    @Test("each error maps to its status, code and headers; unexpected errors say nothing of their internals")
    func mappings() {
        mappingTable()
    }

    @Test("a PATCH with a stale version is a 409 stale_object, and the winner's data stays", arguments: TestDatabase.all)
    func staleObject(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), staleScenario)
    }
}

private struct Internal: Error, CustomStringConvertible {
    var description: String { "secret connection string postgres://admin:hunter2@db" }
}

/// An app's own error: the middleware maps it through `ClientFacingError`
/// without knowing its type.
private enum BillingError: ClientFacingError {
    case cardDeclined, ledgerCorrupt(String), badStatus(Int)
    var httpStatus: Int {
        switch self {
        case .cardDeclined: 402
        case .ledgerCorrupt: 500
        case .badStatus(let status): status
        }
    }
    var errorCode: String { "card_declined" }
    var publicMessage: String {
        if case .ledgerCorrupt(let detail) = self { return detail }
        return "the card was declined"
    }
    var retryAfter: Duration? { .milliseconds(1) }
}

private func mappingTable() {
    let info = DatabaseErrorInfo(message: "boom", constraint: "uq_users_email")
    let decision = RateLimitDecision(
        isAllowed: false, limit: .fixedWindow(10, per: .seconds(60)), remaining: 0, resetMilliseconds: 1_500,
        retryAfterMilliseconds: 1_500)
    let cases: [(any Error, Int, String, String?)] = [
        (ValidationError(failures: [FieldFailure(field: "email", message: "must be an e-mail address")]), 422, "validation_failed", nil),
        (DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "x")), 400, "bad_request", nil),
        (QuarryError.notFound(table: "users", key: "7"), 404, "not_found", nil),
        (QuarryError.uniqueViolation(info), 409, "conflict", nil),
        (QuarryError.foreignKeyViolation(info), 409, "conflict", nil),
        (QuarryError.staleObject(table: "users", key: "7", currentVersion: 3), 409, "stale_object", nil),
        (QuarryError.checkViolation(info), 422, "constraint_failed", nil),
        (QuarryError.notNullViolation(info), 422, "constraint_failed", nil),
        (QuarryError.invalidArgument(name: "limit", reason: "must be positive"), 400, "bad_request", nil),
        (PaginationError.invalidCursor("tampered"), 400, "bad_request", nil),
        (QuarryError.poolExhausted(maxConnections: 4, waited: .seconds(2)), 503, "unavailable", "1"),
        (QuarryError.connectionLost(info), 503, "unavailable", "1"),
        (QuarryError.deadlock(info), 503, "retry", "1"),
        (QuarryError.serializationFailure(info), 503, "retry", "1"),
        (ResilienceError.circuitOpen(name: "db", retryAfter: .milliseconds(2_500)), 503, "unavailable", "3"),
        (QuarryError.timeout(info), 504, "timeout", nil),
        (RateLimitExceeded(limiter: "api", decision: decision), 429, "rate_limited", "2"),
        (RateLimitError.storeUnavailable("redis down"), 503, "unavailable", "1"),
        (HTTPError(.forbidden, message: "no"), 403, "http_error", nil),
        (QuarryHTTPError(status: .gone, code: "upgrade", message: "pay"), 410, "upgrade", nil),
        (FileError.tooLarge(limit: 10), 413, "too_large", nil),
        (FileError.contentNotAllowed(detected: nil, allowed: ["image/png"]), 415, "unsupported_media_type", nil),
        (FileError.empty, 422, "empty_file", nil),
        (FileError.invalidKey("../x", reason: "has a .. segment"), 400, "bad_request", nil),
        (FileError.notFound(key: "a.png"), 404, "not_found", nil),
        (FileError.addressNotAllowed(host: "localhost", address: "127.0.0.1", scope: "loopback"), 422, "url_not_allowed", nil),
        (FileError.timedOut(url: "https://example.com/a.jpg"), 502, "fetch_failed", nil),
        (FileError.s3(status: 403, code: "SignatureDoesNotMatch", message: "secret", key: "a"), 500, "internal_error", nil),
        (ImageError.notAnImage(reason: "bad"), 415, "not_an_image", nil),
        (ImageError.tooManyPixels(width: 10_000, height: 10_000, pages: 1, limit: 50_000_000), 413, "too_large", nil),
        (ImageError.invalidArgument(name: "width", reason: "must be 1–10000"), 400, "bad_request", nil),
        (QuarryError.syntax(info), 500, "internal_error", nil),
        (QuarryError.invalidValue("NaN is not a value a database stores"), 422, "invalid_value", nil),
        (QuarryError.poolClosed, 503, "unavailable", "1"),
        (ImageError.processing("vips: out of memory at 0x7f…"), 500, "internal_error", nil),
        (RateLimitError.unknownTier("gold"), 500, "internal_error", nil),
        (BillingError.cardDeclined, 402, "card_declined", "1"),
        (BillingError.ledgerCorrupt("ledger row 7 has a negative balance"), 500, "internal_error", nil),
        // A status no error answer has (HTTPTypes traps outside 0...999): a 500, never a crash.
        (BillingError.badStatus(-1), 500, "internal_error", nil),
        (BillingError.badStatus(1_000), 500, "internal_error", nil),
        (BillingError.badStatus(200), 500, "internal_error", nil),
        (Internal(), 500, "internal_error", nil),
    ]
    for (error, status, code, retryAfter) in cases {
        let mapped = QuarryErrorMiddleware<QuarryBasicRequestContext>.map(error)
        #expect(Int(mapped.status.code) == status, "\(error)")
        #expect(mapped.code == code, "\(error)")
        #expect(mapped.headers[.retryAfter] == retryAfter, "\(error)")
        if status == 500 {
            #expect(mapped.message == "internal error", "no internals: \(error)")
        }
    }
    #expect(QuarryErrorMiddleware<QuarryBasicRequestContext>.map(BillingError.cardDeclined).message == "the card was declined")
    let limited = QuarryErrorMiddleware<QuarryBasicRequestContext>.map(RateLimitExceeded(limiter: "api", decision: decision))
    #expect(limited.headers[HTTPField.Name("RateLimit-Policy")!] == "10;w=60")
    #expect(QuarryErrorMiddleware<QuarryBasicRequestContext>.map(ValidationError(failures: [
        FieldFailure(field: "a", message: "x"), FieldFailure(field: "b", message: "y"),
    ])).fields.count == 2, "every field's message")
}

@Model(table: "web_drafts")
struct WebDraft: OptimisticLocking {
    @ID var id: Int64?
    var title: String
    var version: Int64 = 1
}

private func staleScenario(_ db: Database) async throws {
    try await db.createTables(WebDraft.self)
    let draft = try await WebDraft(title: "first").insert(on: db)
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: QuarryErrorMiddleware())
    router.add(middleware: DatabaseMiddleware(database: db))
    // A client edits the copy it read earlier (version 1) after another client saved.
    router.put("/drafts/:id") { request, context -> HTTPResponse.Status in
        struct Edit: Decodable { var title: String; var version: Int64 }
        let edit = try await request.decode(as: Edit.self, context: context)
        var copy = try await WebDraft.get(on: context.database, id: try context.parameters.require("id", as: Int64.self))
        copy.title = edit.title
        copy.version = edit.version
        _ = try await copy.save(on: context.database)
        return .noContent
    }
    var winner = draft
    winner.title = "winner"
    _ = try await winner.save(on: db)
    try await Application(router: router).test(.router) { client in
        let stale = try await client.execute(
            uri: "/drafts/\(draft.id!)", method: .put, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"title": "loser", "version": 1}"#))
        #expect(stale.status == .conflict)
        #expect(String(buffer: stale.body).contains("stale_object"))
    }
    #expect(try await WebDraft.get(on: db, id: draft.id!).title == "winner")
}
