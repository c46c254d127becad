// swift-tools-version: 6.0
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
        .executable(name: "quarry-demo", targets: ["QuarryDemo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // C shims
        .systemLibrary(name: "CSQLite", path: "Modules/CSQLite"),
        .systemLibrary(name: "CLibPQ", path: "Modules/CLibPQ"),

        // Kernel
        .target(
            name: "Quarry",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Modules/Quarry",
            swiftSettings: swiftSettings
        ),

        // Drivers
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
        .executableTarget(
            name: "QuarryDemo",
            dependencies: ["Quarry", "QuarrySQLite"],
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
            name: "QuarrySQLiteTests",
            dependencies: ["QuarrySQLite"],
            path: "Tests/QuarrySQLiteTests",
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
            dependencies: ["Quarry", "QuarrySQLite", "QuarryPostgres", "QuarryTesting", .product(name: "Logging", package: "swift-log")],
            path: "IntegrationTests/QuarryConformanceTests",
            swiftSettings: swiftSettings
        ),
    ]
)
