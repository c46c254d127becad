// make bench-http's limit: the demo blog's benchmarked routes as
// hand-written Hummingbird handlers on raw libsqlite3 or libpq — statements
// prepared once, JSON written byte by byte from the columns — answering the
// same JSON as the Quarry demo (`ci/bench-http` checks that before measuring).
//
//   quarry-http-limit SQLITE-PATH PORT
//   quarry-http-limit postgres://… PORT     (QUARRY_HTTP_LIMIT_CONNECTIONS, 4)

import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix

// As the demo: QUARRY_DEMO_NIO_EXECUTOR=1 runs tasks on NIO's event loop threads.
if ProcessInfo.processInfo.environment["QUARRY_DEMO_NIO_EXECUTOR"] == "1" {
    _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: quarry-http-limit SQLITE-PATH|postgres://… PORT\n".utf8))
    exit(2)
}
var logger = Logger(label: "quarry.http-limit")
logger.logLevel = .warning
let blog: any Blog = arguments[1].hasPrefix("postgres")
    ? try PostgresBlogStore(
        url: arguments[1],
        connections: Int(ProcessInfo.processInfo.environment["QUARRY_HTTP_LIMIT_CONNECTIONS"] ?? "") ?? 4)
    : try SQLiteBlogStore(path: arguments[1])
let app = Application(
    router: Routes.router(blog),
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "quarry-http-limit"),
    logger: logger)
// A synchronous main that waits for the server, so that valgrind (3.19 dies
// on the rt_sigsuspend an async top-level main parks on) can count it.
nonisolated(unsafe) var failure: (any Error)?
let stopped = DispatchSemaphore(value: 0)
Task.detached {
    do { try await app.runService() } catch { failure = error }
    stopped.signal()
}
stopped.wait()
if let failure { throw failure }
