// swift-tools-version: 6.0
import CompilerPluginSupport
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode is the
/// package default; these upcoming features keep code explicit.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Quarry",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Quarry", targets: ["Quarry"]),
        .library(name: "QuarrySQLite", targets: ["QuarrySQLite"]),
        .library(name: "QuarryPostgres", targets: ["QuarryPostgres"]),
        .library(name: "QuarryTesting", targets: ["QuarryTesting"]),
        .library(name: "QuarryMigrations", targets: ["QuarryMigrations"]),
        .library(name: "QuarryCommands", targets: ["QuarryCommands"]),
        .library(name: "QuarryMixins", targets: ["QuarryMixins"]),
        .library(name: "QuarryStreaming", targets: ["QuarryStreaming"]),
        .library(name: "QuarryPagination", targets: ["QuarryPagination"]),
        .library(name: "QuarryBatch", targets: ["QuarryBatch"]),
        .library(name: "QuarryCache", targets: ["QuarryCache"]),
        .library(name: "QuarryRedis", targets: ["QuarryRedis"]),
        .library(name: "QuarryResilience", targets: ["QuarryResilience"]),
        .library(name: "QuarryMonitoring", targets: ["QuarryMonitoring"]),
        .library(name: "QuarryRateLimit", targets: ["QuarryRateLimit"]),
        .library(name: "QuarrySeeding", targets: ["QuarrySeeding"]),
        .library(name: "QuarryFiles", targets: ["QuarryFiles"]),
        .library(name: "QuarryImages", targets: ["QuarryImages"]),
        .library(name: "QuarryRealtime", targets: ["QuarryRealtime"]),
        .library(name: "QuarryTracing", targets: ["QuarryTracing"]),
        .library(name: "QuarryHummingbird", targets: ["QuarryHummingbird"]),
        .library(name: "QuarryFilesHummingbird", targets: ["QuarryFilesHummingbird"]),
        .library(name: "QuarryRealtimeHummingbird", targets: ["QuarryRealtimeHummingbird"]),
        .library(name: "QuarryRedisRateLimit", targets: ["QuarryRedisRateLimit"]),
        .library(name: "QuarryLifecycle", targets: ["QuarryLifecycle"]),
        .library(name: "QuarryGraphQL", targets: ["QuarryGraphQL"]),
        .executable(name: "quarry", targets: ["QuarryCLI"]),
        .executable(name: "quarry-bench", targets: ["QuarryBench"]),
        .executable(name: "quarry-demo", targets: ["QuarryDemo"]),
        .executable(name: "quarry-minimal", targets: ["QuarryMinimal"]),
        .executable(name: "quarry-images-bench", targets: ["QuarryImagesBench"]),
        .executable(name: "quarry-http-limit", targets: ["QuarryHTTPLimit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.0"),
        .package(url: "https://github.com/pointfreeco/swift-macro-testing", from: "0.7.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL", from: "4.3.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),
        // `swift package generate-documentation` (ci/docs): the DocC catalogs, warnings as errors.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // C shims
        .systemLibrary(name: "CSQLite", path: "Modules/CSQLite"),
        .systemLibrary(name: "CLibPQ", path: "Modules/CLibPQ"),
        .systemLibrary(name: "CHiredis", path: "Modules/CHiredis"),
        .systemLibrary(name: "CCurl", path: "Modules/CCurl"),
        // Declares the libvips functions it uses (no pkg-config: its flags carry -pthread).
        .systemLibrary(name: "CVips", path: "Modules/CVips"),

        // Kernel
        .target(
            name: "Quarry",
            dependencies: ["QuarryMacros", .product(name: "Logging", package: "swift-log")],
            path: "Modules/Quarry",
            swiftSettings: swiftSettings
        ),
        .macro(
            name: "QuarryMacros",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftSyntaxBuilder", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
                .product(name: "SwiftDiagnostics", package: "swift-syntax"),
            ],
            path: "Modules/QuarryMacros",
            swiftSettings: swiftSettings
        ),

        // Drivers
        .target(
            name: "QuarryMigrations",
            dependencies: ["Quarry"],
            path: "Modules/QuarryMigrations",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "QuarryMixins",
            dependencies: ["Quarry"],
            path: "Modules/QuarryMixins",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryStreaming",
            dependencies: ["Quarry"],
            path: "Modules/QuarryStreaming",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryPagination",
            dependencies: ["Quarry", .product(name: "Crypto", package: "swift-crypto")],
            path: "Modules/QuarryPagination",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryBatch",
            dependencies: ["Quarry"],
            path: "Modules/QuarryBatch",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryCache",
            dependencies: ["Quarry", .product(name: "Crypto", package: "swift-crypto")],
            path: "Modules/QuarryCache",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryRedis",
            dependencies: [
                "Quarry", "QuarryCache", "CHiredis", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Modules/QuarryRedis",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryResilience",
            dependencies: ["Quarry", .product(name: "Logging", package: "swift-log")],
            path: "Modules/QuarryResilience",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryMonitoring",
            dependencies: [
                "Quarry", .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Modules/QuarryMonitoring",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryRateLimit",
            dependencies: ["Quarry", .product(name: "Logging", package: "swift-log")],
            path: "Modules/QuarryRateLimit",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarrySeeding",
            dependencies: ["Quarry", .product(name: "Yams", package: "Yams")],
            path: "Modules/QuarrySeeding",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryFiles",
            dependencies: ["Quarry", "CCurl", .product(name: "Crypto", package: "swift-crypto")],
            path: "Modules/QuarryFiles",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryImages",
            dependencies: ["Quarry", "QuarryFiles", "CVips"],
            path: "Modules/QuarryImages",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryRealtime",
            dependencies: [
                "Quarry", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Modules/QuarryRealtime",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryTracing",
            dependencies: ["Quarry", .product(name: "Tracing", package: "swift-distributed-tracing")],
            path: "Modules/QuarryTracing",
            swiftSettings: swiftSettings
        ),
        // Integrations
        .target(
            name: "QuarryLifecycle",
            dependencies: ["Quarry", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Modules/QuarryLifecycle",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryHummingbird",
            dependencies: [
                "Quarry", "QuarryResilience", "QuarryMonitoring", "QuarryMixins", "QuarryPagination", "QuarryRateLimit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/QuarryHummingbird",
            swiftSettings: swiftSettings
        ),
        // Overlays: one feature's glue to the web layer (or to another
        // feature), so an app builds a feature's C library only when it asks
        // for that feature.
        .target(
            name: "QuarryFilesHummingbird",
            dependencies: [
                "QuarryFiles", "QuarryHummingbird",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Modules/QuarryFilesHummingbird",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryRealtimeHummingbird",
            dependencies: [
                "Quarry", "QuarryRealtime", .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Modules/QuarryRealtimeHummingbird",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryRedisRateLimit",
            dependencies: ["QuarryRedis", "QuarryRateLimit"],
            path: "Modules/QuarryRedisRateLimit",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryGraphQL",
            dependencies: [
                "Quarry", "QuarryHummingbird", "QuarryPagination",
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Modules/QuarryGraphQL",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryCommands",
            dependencies: [
                "Quarry", "QuarryMigrations", "QuarrySQLite", "QuarryPostgres", "QuarrySeeding",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Modules/QuarryCommands",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "QuarryCLI",
            dependencies: ["QuarryCommands"],
            path: "Tools/QuarryCLI",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "QuarrySQLite",
            dependencies: ["Quarry", "CSQLite", .product(name: "Logging", package: "swift-log")],
            path: "Modules/QuarrySQLite",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QuarryPostgres",
            dependencies: ["Quarry", "CLibPQ", .product(name: "Logging", package: "swift-log")],
            path: "Modules/QuarryPostgres",
            swiftSettings: swiftSettings
        ),

        // Test support for Quarry's suites and for users' own tests
        .target(
            name: "QuarryTesting",
            dependencies: ["Quarry", "QuarrySQLite", "QuarryPostgres", .product(name: "Logging", package: "swift-log")],
            path: "Modules/QuarryTesting",
            swiftSettings: swiftSettings
        ),

        // Examples
        .target(
            name: "CCallgrind",
            path: "Benchmarks/Sources/CCallgrind"
        ),
        .executableTarget(
            name: "QuarryBench",
            dependencies: [
                "Quarry", "QuarrySQLite", "QuarryPostgres", "QuarryStreaming", "QuarryCache", "QuarryRedis", "QuarryTracing",
                "CSQLite", "CLibPQ", "CCallgrind", .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            path: "Benchmarks/Sources/QuarryBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "QuarryHTTPLimit",
            dependencies: [
                "CSQLite", "CLibPQ", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/Sources/QuarryHTTPLimit",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "QuarryImagesBench",
            dependencies: ["QuarryImages"],
            path: "Benchmarks/Sources/QuarryImagesBench",
            swiftSettings: swiftSettings
        ),
        // Routes only: Quarry, QuarrySQLite, QuarryHummingbird and nothing else
        // (ci/check-build-graph keeps it so).
        .executableTarget(
            name: "QuarryMinimal",
            dependencies: ["Quarry", "QuarrySQLite", "QuarryHummingbird"],
            path: "Examples/QuarryMinimal",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "QuarryDemo",
            dependencies: [
                "Quarry", "QuarrySQLite", "QuarryMigrations", "QuarryCommands", "QuarryHummingbird", "QuarryRateLimit",
                "QuarryMonitoring", "QuarryResilience", "QuarrySeeding", "QuarryGraphQL", "QuarryRealtime", "QuarryLifecycle",
                "QuarryRealtimeHummingbird",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Examples/QuarryDemo",
            swiftSettings: swiftSettings
        ),

        // Unit tests (no server needed)
        .testTarget(
            name: "QuarryTests",
            dependencies: ["Quarry"],
            path: "Tests/QuarryTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QuarryMacrosTests",
            dependencies: [
                "QuarryMacros",
                .product(name: "MacroTesting", package: "swift-macro-testing"),
            ],
            path: "Tests/QuarryMacrosTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QuarrySQLiteTests",
            dependencies: ["QuarrySQLite"],
            path: "Tests/QuarrySQLiteTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QuarryMigrationsTests",
            dependencies: ["Quarry", "QuarryMigrations", "QuarryCommands", "QuarrySQLite"],
            path: "Tests/QuarryMigrationsTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QuarryMonitoringTests",
            dependencies: ["QuarryMonitoring"],
            path: "Tests/QuarryMonitoringTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QuarryRateLimitTests",
            dependencies: ["QuarryRateLimit"],
            path: "Tests/QuarryRateLimitTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QuarryTracingTests",
            dependencies: ["Quarry", "QuarryTracing"],
            path: "Tests/QuarryTracingTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QuarryFilesTests",
            dependencies: ["QuarryFiles"],
            path: "Tests/QuarryFilesTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QuarryPostgresTests",
            dependencies: ["QuarryPostgres"],
            path: "Tests/QuarryPostgresTests",
            swiftSettings: swiftSettings
        ),

        // Conformance suites: every case on SQLite and PostgreSQL
        .testTarget(
            name: "QuarryConformanceTests",
            dependencies: [
                "Quarry", "QuarrySQLite", "QuarryPostgres", "QuarryTesting", "QuarryMigrations", "QuarryMixins",
                "QuarryStreaming", "QuarryPagination", "QuarryBatch", "QuarryCache",
                "QuarryRedis", "QuarryResilience", "QuarryMonitoring", "QuarryRateLimit", "QuarryHummingbird", "QuarryRealtime", "QuarryGraphQL",
                "QuarryFiles", "QuarryImages", "QuarrySeeding", "QuarryCommands", "QuarryLifecycle",
                "QuarryFilesHummingbird", "QuarryRealtimeHummingbird", "QuarryRedisRateLimit", "QuarryTracing",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "GraphQL", package: "GraphQL"),
            ],
            path: "IntegrationTests/QuarryConformanceTests",
            swiftSettings: swiftSettings
        ),
    ]
)
