// The Quarry demo: a blog API on Hummingbird over an embedded SQLite file,
// seeded from Seeds/blog.json.
//
//   make demo     starts the API on a free port, runs a scripted tour of real
//                 HTTP requests against it, prints what happened, and stops
//   make serve    keeps it running on http://127.0.0.1:8080 (PORT to change),
//                 with its data in .build/demo.sqlite, seeded when new and
//                 kept across restarts; docs at /docs
//                 (`quarry-demo serve [--seed] [--pool N] [PATH | sqlite:PATH | postgres://…]`
//                 serves another file or a PostgreSQL database; --help)
//
// Its executable also runs Quarry's commands with the blog's models,
// migrations and seeds, on .build/demo.sqlite unless --database says
// otherwise: `swift run quarry-demo db reset --yes --seed`,
// `swift run quarry-demo db inspect`, `swift run quarry-demo --help`.

import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOPosix
import Quarry
import QuarryCommands
import QuarryLifecycle
import QuarryMigrations
import QuarryRealtime
import QuarryRealtimeHummingbird
import QuarrySQLite
import ServiceLifecycle
import UnixSignals

let configuration = QuarryConfiguration(
    migrations: allMigrations, models: blogModels, migrationsDirectory: "Examples/QuarryDemo/Migrations",
    seeds: BlogSeed.seeds, seedsDirectory: "Seeds", defaultDatabase: "sqlite:.build/demo.sqlite")

// A synchronous main that waits for the demo, so that valgrind (3.19 dies on
// the rt_sigsuspend an async top-level main parks on) can count its
// instructions per request; an error ends it with its message and status 1.
// QUARRY_DEMO_NIO_EXECUTOR=1 runs tasks on NIO's event loop threads, so a
// request's handler and its response's write need no hand-over between
// Swift's pool and the loop; but SQLite statements, which run inline, then
// hold up the loop's I/O, so it is off by default.
if ProcessInfo.processInfo.environment["QUARRY_DEMO_NIO_EXECUTOR"] == "1" {
    _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
nonisolated(unsafe) var status: Int32 = 0
let finished = DispatchSemaphore(value: 0)
Task.detached {
    do { status = try await runDemo(configuration: configuration) } catch {
        print("quarry-demo: \(error)")
        status = 1
    }
    finished.signal()
}
finished.wait()
exit(status)

/// The CLI's commands, the tour (`make demo`) or the server (`serve`).
func runDemo(configuration: QuarryConfiguration) async throws -> Int32 {
    let command: DemoCommand
    do { command = try DemoCommand.parse(Array(CommandLine.arguments.dropFirst())) } catch {
        print("quarry-demo: \(error)")
        return error.status
    }
    let location: String
    var seedAnyway = false
    var pool: Int?
    switch command {
    case .cli:
        return await QuarryCLI.run(configuration: configuration)
    case .help(let serveOnly):
        print(DemoCommand.usage)
        if !serveOnly {
            print("\nQUARRY'S COMMANDS (quarry-demo help <command> for each):")
            _ = await QuarryCLI.run(["--help"], configuration: configuration)
        }
        return 0
    case .serve(let database, let seed, let size):
        location = database
        seedAnyway = seed
        pool = size
    case .tour:
        location = FileManager.default.temporaryDirectory
            .appendingPathComponent("quarry-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
    }
    let serving = command != .tour
    do {
        return try await serve(location, seedAnyway: seedAnyway, pool: pool, serving: serving)
    } catch let error as DemoError {
        print("quarry-demo: \(error)")
        return error.status
    }
}

/// Opens (and on first use creates, migrates and seeds) the database at
/// `location`, then serves the API — or runs the tour against it and stops.
func serve(_ location: String, seedAnyway: Bool, pool: Int? = nil, serving: Bool) async throws -> Int32 {
    // What is missing is said in one line before anything is created.
    try DemoError.checkFolder(of: location)
    let seeds = URL(fileURLWithPath: "Seeds/blog.json")
    let seedsExist = FileManager.default.fileExists(atPath: seeds.path)
    let isPostgres = DatabaseLocation.isPostgres(location)
    let isNewFile = !isPostgres && !DatabaseLocation.isMemory(location)
        && !FileManager.default.fileExists(atPath: DatabaseLocation.sqlitePath(location))
    if (seedAnyway || isNewFile) && !seedsExist { throw DemoError.missingSeeds(seeds) }
    print(isPostgres ? "Quarry demo blog — PostgreSQL" : "Quarry demo blog — SQLite file at \(location)")
    let db = try await DatabaseLocation.open(location, maxConnections: pool)
    let migrator = try Migrator(database: db, migrations: allMigrations) { print("  migration: \($0)") }
    // A new database is seeded; an existing one keeps what the API wrote (unless --seed).
    let isNew = try await migrator.current() == nil
    if isNew && !seedsExist {
        await db.close()
        throw DemoError.missingSeeds(seeds)
    }
    try await migrator.upgrade()
    if isNew || seedAnyway {
        print("  seeded from \(seeds.relativePath): \(try await BlogSeed.load(seeds, into: db))")
    } else {
        print("  kept its rows (quarry-demo serve --seed loads \(seeds.relativePath) again)")
    }
    var logger = Logger(label: "quarry.demo")
    logger.logLevel = serving ? .info : .warning
    let api = BlogAPI(database: db)
    let port = serving ? Int(ProcessInfo.processInfo.environment["PORT"] ?? "") ?? 8080 : 0
    let (addresses, addressSink) = AsyncStream.makeStream(of: Int.self)
    let environment = ProcessInfo.processInfo.environment
    // QUARRY_DEMO_COMMENT_LIMIT: comments a client may write a minute (3), or
    // `off` (make bench-http, which compares stacks without a limiter).
    let commentsPerMinute = environment["QUARRY_DEMO_COMMENT_LIMIT"] == "off"
        ? nil : Int(environment["QUARRY_DEMO_COMMENT_LIMIT"] ?? "") ?? 3
    // Committed changes to posts, comments and tags go out over a WebSocket
    // (/realtime); one process here, so the bus is in process.
    let feed = ChangeFeed(database: db, bus: InProcessMessageBus())
    for model in [Post.self, Comment.self, Tag.self] as [any ModelDTOs.Type] { register(model, on: feed) }
    try await feed.start()
    let sockets = Router(context: BasicWebSocketRequestContext.self)
    sockets.addRealtimeRoute("/realtime", feed: feed)
    let app = Application(
        // The tour shows the diagnostics on its private loopback port; `serve` mounts them only with QUARRY_DEMO_DIAGNOSTICS=1.
        router: try api.router(
            logRequests: serving && environment["QUARRY_DEMO_LOG_REQUESTS"] != "0",
            exposeDiagnostics: !serving || environment["QUARRY_DEMO_DIAGNOSTICS"] == "1",
            commentsPerMinute: commentsPerMinute),
        server: .http1WebSocketUpgrade(
            webSocketRouter: sockets, configuration: .init(ws: .init(autoPing: .enabled(timePeriod: .seconds(15))))),
        configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "quarry-demo"),
        onServerRunning: { channel in addressSink.yield(channel.localAddress?.port ?? port) },
        logger: logger)

    if serving {
        print("Serving on http://127.0.0.1:\(port)  (docs: /docs, OpenAPI: /openapi.json; Ctrl-C stops)")
        fflush(nil)  // the lines above reach a pipe or a log now, not at exit
        // SIGTERM or Ctrl-C: the server stops accepting and finishes the
        // requests in flight, then the change feed and the database close
        // (a group stops its services in reverse order).
        let group = ServiceGroup(configuration: .init(
            services: [db, feed, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        return 0
    }
    let status = await tour(app, port: addresses, logger: logger)
    await db.close()
    // The tour's temporary file goes, whatever the outcome.
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location + suffix) }
    return status
}

/// Runs the server, the scripted tour against it, and stops the server.
func tour(_ app: some Service, port addresses: AsyncStream<Int>, logger: Logger) async -> Int32 {
    let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
    let server = Task { try await services.run() }
    var iterator = addresses.makeAsyncIterator()
    guard let bound = await iterator.next() else {
        print("The server did not start.")
        return 1
    }
    print("  listening on 127.0.0.1:\(bound)")
    do {
        try await Tour(base: "http://127.0.0.1:\(bound)").run()
    } catch {
        print("The tour failed: \(error)")
        await services.triggerGracefulShutdown()
        return 1
    }
    await services.triggerGracefulShutdown()
    do { try await server.value } catch {
        print("The server failed: \(error)")
        return 1
    }
    print("\nDone: the server stopped.")
    return 0
}

/// Publishes `model`'s committed changes on `feed` (opens the existential).
func register<M: ModelDTOs>(_ model: M.Type, on feed: ChangeFeed) {
    feed.register(model)
}
