// make bench-http's limit: the demo blog's benchmarked routes as
// hand-written Hummingbird handlers on raw libsqlite3 — statements prepared
// once, JSON written byte by byte from the columns — answering the same JSON
// as the Quarry demo (`ci/bench-http` checks that before measuring).
//
//   quarry-http-limit SQLITE-PATH PORT

import Foundation
import Hummingbird
import Logging

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: quarry-http-limit SQLITE-PATH PORT\n".utf8))
    exit(2)
}
var logger = Logger(label: "quarry.http-limit")
logger.logLevel = .warning
let app = Application(
    router: Routes.router(try BlogStore(path: arguments[1])),
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "quarry-http-limit"),
    logger: logger)
try await app.runService()
