// The smallest Quarry web app: a model, its CRUD routes, JSON errors, on
// embedded SQLite. It depends on Quarry, QuarrySQLite and QuarryHummingbird
// only, so its build graph holds no libvips, libcurl or hiredis
// (ci/check-build-graph proves it; `make test` runs it).
//
//     swift run quarry-minimal            # listens on 127.0.0.1:8080 (PORT=… to change)
//     curl -X POST localhost:8080/notes -d '{"text": "hello"}'
//     curl localhost:8080/notes
import Foundation
import Quarry
import QuarryHummingbird
import QuarrySQLite

@Model(table: "notes")
struct Note {
    @ID var id: Int64?
    @Column(.maxLength(200)) var text: String
    var done: Bool = false
}

let port = Int(ProcessInfo.processInfo.environment["PORT"] ?? "") ?? 8080
let db = try await Database.sqlite(.memory)
try await db.createTables(Note.self)

let router = Router(context: QuarryBasicRequestContext.self)
router.add(middleware: QuarryErrorMiddleware())       // JSON errors: 422 with every field, 404, 409, 503 …
router.add(middleware: DatabaseMiddleware(database: db))
try CRUDRouter(Note.self, path: "notes", cursorSecret: Array(repeating: 7, count: 32))   // use a real secret
    .filterable("done", \.done)
    .register(on: router)                             // GET list, GET/POST/PATCH/DELETE one
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
