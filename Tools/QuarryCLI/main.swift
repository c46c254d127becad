// `quarry`: the command line without an app's models. `migrate init` and
// `migrate create NAME` work here; commands that need the app's migrations
// or models run from the app's own executable (see QuarryCLI.run).

import Foundation
import QuarryCommands

exit(await QuarryCLI.run(configuration: QuarryConfiguration()))
