import Foundation
import Quarry
import QuarryCommands
import QuarrySeeding
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

private let backupModels: [any Model.Type] = [AllTypes.self, SeedAuthor.self, SeedTag.self, SeedPost.self, SeedPostTag.self]

private func allTypes(_ index: Int) -> AllTypes {
    AllTypes(
        int: index, int16: Int16(index), int32: -Int32(index), int64: Int64(index) << 40, double: 1.5 * Double(index), float: 0.25,
        bool: index.isMultiple(of: 2), string: "row \(index) — ünïcode ✓", date: Date(timeIntervalSince1970: 1_767_225_600.123456 + Double(index)),
        uuid: UUID(), decimal: Decimal(string: "12345.6789")! + Decimal(index), data: Data([0, 1, 2, 255]), bytes: [9, 8, 7],
        json: .object(["n": .int(Int64(index)), "tags": .array([.string("a")])]), address: Address(city: "Paris", zip: nil),
        status: .active, priority: .high, optionalInt: index.isMultiple(of: 3) ? nil : index, optionalDate: nil,
        optionalAddress: index == 1 ? Address(city: "Lagos", zip: "100001") : nil, optionalPriority: nil)
}

/// Everything a backup carries, comparable: every model's rows in key order, as column values.
private func snapshot(_ db: Database) async throws -> [String] {
    var lines: [String] = []
    for model in backupModels {
        let table = model.schema.name
        let columns = SQL.join(model.schema.columns.map { column -> SQL in "\(identifier: column.name)" }, separator: ", ")
        let key = SQL.join(model.schema.primaryKeyNames.map { column -> SQL in "\(identifier: column)" }, separator: ", ")
        for row in try await db.fetchAll("SELECT " + columns + " FROM \(identifier: table) ORDER BY " + key) {
            lines.append("\(table): " + zip(row.values, model.schema.columns).map { "\(PortableValueProbe.text($0, $1.type))" }.joined(separator: " | "))
        }
    }
    return lines
}

/// Values normalised the way the backup format writes them, for comparison across engines.
private enum PortableValueProbe {
    static func text(_ value: SQLValue, _ type: ColumnType) -> String {
        switch (value, type) {
        case (.int(let number), .bool): "\(number != 0)"
        case (.bool(let flag), _): "\(flag)"
        case (.date(let date), _): SQLTimestamp.format(date)
        case (.text(let text), .date): SQLTimestamp.parse(text).map(SQLTimestamp.format) ?? text
        case (.uuid(let uuid), _): uuid.uuidString
        case (.blob(let bytes), .uuid) where bytes.count == 16: (try? UUID(sqlValue: value))?.uuidString ?? "\(value)"
        case (.decimal(let decimal), _): decimal.description
        case (.text(let text), .decimal): Decimal(string: text)?.description ?? text
        case (.json(let json), _): "\(json)"
        case (.text(let text), .json): (try? JSONDecoder().decode(JSON.self, from: Data(text.utf8))).map { "\($0)" } ?? text
        case (.int(let number), .double), (.int(let number), .float): "\(Double(number))"
        default: "\(value)"
        }
    }
}

@Suite("quarry backup / restore: a portable format between PostgreSQL and SQLite")
struct BackupTests {
    @Test("PostgreSQL → file → SQLite → file → PostgreSQL: identical rows of every column type; sequences continue; non-empty tables refused")
    func roundTrip() async throws {
        try await TestDatabase.postgres.withDatabase(.init(), roundTripFromPostgres)
    }
}

private func roundTripFromPostgres(_ source: Database) async throws {
    try await source.createTables(backupModels)
    for index in 0..<25 { try await allTypes(index).insert(on: source) }
    let authors = Factory<SeedAuthor>(seed: 5) { fake, _ in
        let name = fake.fullName()
        return SeedAuthor(email: fake.email(for: name), name: name, bio: fake.bool() ? fake.sentence() : nil)
    }
    let posts = Factory<SeedPost>(seed: 6) { fake, _ in
        SeedPost(authorID: 0, slug: fake.slug(), title: fake.sentence(words: 2...4), views: fake.int(in: 0...99),
                 publishedAt: fake.bool() ? fake.date(from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 1e9)) : nil)
    }
    try await authors.count(12).with(posts, count: 3, linkedBy: \.authorID).create(on: source)
    let tag = try await SeedTag(name: "swift").insert(on: source)
    try await SeedPostTag(postID: 1, tagID: tag.id!).insert(on: source)
    // More than one page of 1,000 rows.
    try await SeedTag.insert((1..<2_500).map { SeedTag(name: "tag-\($0)") }, on: source)
    let original = try await snapshot(source)
    let expectedRows = 25 + 12 + 36 + 2_500 + 1
    #expect(original.count == expectedRows)

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-backup-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let fromPostgres = directory.appendingPathComponent("postgres.jsonl")
    let written = try await PortableBackup.write(from: source, to: fromPostgres)
    #expect(written.first { $0.table == "seed_posts" }?.rows == 36)
    #expect(written.firstIndex { $0.table == "seed_authors" }! < written.firstIndex { $0.table == "seed_posts" }!, "parents first")

    try await TestDatabase.sqlite.withDatabase(.init()) { lite in
        try await lite.createTables(backupModels)
        try await PortableBackup.restore(from: fromPostgres, into: lite)
        #expect(try await snapshot(lite) == original, "SQLite holds the same rows")
        await #expect(throws: QuarryError.self) { try await PortableBackup.restore(from: fromPostgres, into: lite) }
        #expect(try await SeedAuthor.count(on: lite) == 12, "a refused restore writes nothing")

        let fromSQLite = directory.appendingPathComponent("sqlite.jsonl")
        try await PortableBackup.write(from: lite, to: fromSQLite, models: backupModels)
        // Without the models, the header names each kind from SQLite's declared column types.
        let bare = directory.appendingPathComponent("sqlite-bare.jsonl")
        try await PortableBackup.write(from: lite, to: bare)
        let header = try JSONDecoder().decode(
            JSON.self, from: Data(try String(contentsOf: bare, encoding: .utf8).prefix { $0 != "\n" }.utf8))
        var kinds: [String: String] = [:]
        if case .array(let tables) = header["tables"], let table = tables.first(where: { $0["name"] == "all_types" }),
            case .array(let columns) = table["columns"]
        {
            for column in columns {
                if case .string(let name) = column["name"], case .string(let type) = column["type"] { kinds[name] = type }
            }
        }
        #expect(kinds["date"] == "date" && kinds["uuid"] == "uuid" && kinds["decimal"] == "decimal", "\(kinds)")
        #expect(kinds["json"] == "json" && kinds["bool"] == "bool" && kinds["float"] == "double", "\(kinds)")
        try await TestDatabase.postgres.withDatabase(.init()) { again in
            try await again.createTables(backupModels)
            try await PortableBackup.restore(from: fromSQLite, into: again)
            #expect(try await snapshot(again) == original, "and back into PostgreSQL, the same rows")
            let next = try await SeedAuthor(email: "new@example.com", name: "New").insert(on: again)
            #expect(next.id == 13, "the key sequence continues after the restored keys")
        }
    }

    let broken = directory.appendingPathComponent("broken.jsonl")
    try "{\"format\": \"something-else\"}\n".write(to: broken, atomically: true, encoding: .utf8)
    await #expect(throws: QuarryError.self) { try await PortableBackup.restore(from: broken, into: source) }
}
