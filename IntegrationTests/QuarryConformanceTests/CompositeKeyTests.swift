import Foundation
import Quarry
import QuarryMigrations
import QuarryMixins
import QuarryTesting
import Testing

@Model(table: "sensors")
struct Sensor {
    @ID var id: Int64?
    var name: String
    @HasMany(\Reading.sensorID) var readings: [Reading]?
}

/// A time series: one reading per sensor and day, keyed by both.
@Model(table: "readings")
struct Reading: TableOptions {
    @ID @Column(.references(Sensor.self, onDelete: .cascade)) var sensorID: Int64
    @ID var day: String
    var value: Double
    @BelongsTo var sensor: Sensor?

    static let constraints: [TableConstraint] = [check("value >= 0")]
}

/// Refers to a reading by its whole composite key.
@Model(table: "reading_notes")
struct ReadingNote: TableOptions {
    @ID var id: Int64?
    var sensorID: Int64
    var day: String
    var body: String

    static let constraints: [TableConstraint] = [
        foreignKey(\.sensorID, \.day, references: Reading.self, onDelete: .cascade),
    ]
}

/// A junction table keyed by its two foreign keys.
@Model(table: "memberships")
struct Membership {
    @ID @Column(.references(Sensor.self, onDelete: .cascade)) var sensorID: Int64
    @ID @Column(.references(Station.self, onDelete: .cascade)) var stationID: Int64
    var since: String = "2026"
}

@Model(table: "stations")
struct Station {
    @ID var id: Int64?
    var city: String
    @ManyToMany(through: Membership.self) var sensors: [Sensor]?
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Schema: composite primary keys")
struct CompositeKeyTests {
    @Test("insert, get, find, exists, save, delete and bulk delete by a composite key", arguments: TestDatabase.all)
    func crud(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), crudScenario)
    }

    @Test("a duplicate composite key, a broken composite foreign key and a failed check get typed errors",
          arguments: TestDatabase.all)
    func constraints(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), constraintScenario)
    }

    @Test("relations from and through composite-key tables prefetch and filter", arguments: TestDatabase.all)
    func relations(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), relationScenario)
    }

    @Test("migrations create composite keys and foreign keys, and see no drift", arguments: TestDatabase.all)
    func migrations(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), migrationScenario)
    }
}

private func crudScenario(_ db: Database) async throws {
    try await db.createTables(Sensor.self, Reading.self, ReadingNote.self)
    let sensor = try await Sensor(name: "roof").insert(on: db)
    let id = try #require(sensor.id)
    try await Reading.insert(
        ["2026-01-01", "2026-01-02", "2026-01-03"].enumerated().map { Reading(sensorID: id, day: $1, value: Double($0)) },
        on: db)

    let key = Reading.Key(sensorID: id, day: "2026-01-02")
    var second = try await Reading.get(on: db, id: key)
    let missing = try await Reading.find(on: db, id: Reading.Key(sensorID: id, day: "1999-12-31"))
    let exists = try await Reading.exists(on: db, id: key)
    second.value = 42
    try await second.save(on: db)
    let saved = try await Reading.get(on: db, id: key)
    var notFound: QuarryError?
    do { _ = try await Reading.get(on: db, id: Reading.Key(sensorID: id, day: "nope")) } catch let error as QuarryError {
        notFound = error
    }
    try await saved.delete(on: db)
    let afterDelete = try await Reading.all(on: db).map(\.day)
    let removed = try await Reading.bulkDelete(keys: [Reading.Key(sensorID: id, day: "2026-01-01")], on: db)
    let left = try await Reading.all(on: db).map(\.day)

    #expect(second.primaryKey == key)
    #expect(missing == nil)
    #expect(exists)
    #expect(saved.value == 42, "save updates the row its composite key names")
    guard case .notFound(let table, let description)? = notFound else {
        Issue.record("expected notFound, got \(String(describing: notFound))")
        return
    }
    #expect(table == "readings")
    #expect(description.contains("nope"), "the error names the key: \(description)")
    #expect(afterDelete == ["2026-01-01", "2026-01-03"])
    #expect(removed == 1)
    #expect(left == ["2026-01-03"])
}

private func constraintScenario(_ db: Database) async throws {
    try await db.createTables(Sensor.self, Reading.self, ReadingNote.self)
    let id = try #require(try await Sensor(name: "roof").insert(on: db).id)
    try await Reading(sensorID: id, day: "2026-01-01", value: 1).insert(on: db)
    try await ReadingNote(sensorID: id, day: "2026-01-01", body: "sunny").insert(on: db)

    var duplicate: QuarryError?
    do { try await Reading(sensorID: id, day: "2026-01-01", value: 2).insert(on: db) } catch let error as QuarryError {
        duplicate = error
    }
    var dangling: QuarryError?
    do {
        try await ReadingNote(sensorID: id, day: "2026-01-02", body: "no such reading").insert(on: db)
    } catch let error as QuarryError {
        dangling = error
    }
    var negative: QuarryError?
    do { try await Reading(sensorID: id, day: "2026-01-03", value: -1).insert(on: db) } catch let error as QuarryError {
        negative = error
    }
    try await Reading.delete(on: db, id: Reading.Key(sensorID: id, day: "2026-01-01"))
    let notesLeft = try await ReadingNote.count(on: db)

    guard case .uniqueViolation? = duplicate else {
        Issue.record("expected a unique violation, got \(String(describing: duplicate))")
        return
    }
    guard case .foreignKeyViolation? = dangling else {
        Issue.record("expected a foreign key violation, got \(String(describing: dangling))")
        return
    }
    guard case .checkViolation? = negative else {
        Issue.record("expected a check violation, got \(String(describing: negative))")
        return
    }
    #expect(notesLeft == 0, "the composite foreign key cascades")
}

private func relationScenario(_ db: Database) async throws {
    try await db.createTables(Sensor.self, Reading.self, Station.self, Membership.self)
    let roof = try await Sensor(name: "roof").insert(on: db)
    let cellar = try await Sensor(name: "cellar").insert(on: db)
    for (sensor, days) in [(roof, ["d1", "d2"]), (cellar, ["d1"])] {
        for day in days { try await Reading(sensorID: sensor.id!, day: day, value: 1).insert(on: db) }
    }
    let station = try await Station(city: "Oslo").insert(on: db)
    let attached = try await station.attach(\.sensors, [roof, cellar], on: db)
    let again = try await station.attach(\.sensors, [roof], on: db)

    let sensors = try await Sensor.query.order { $0.name }.prefetch(\.readings).all(on: db)
    let readings = try await Reading.query.order { $0.day }.order { $0.sensorID }.prefetch(\.sensor).all(on: db)
    let roofReadings = try await Reading.filter { $0.sensor.name == "roof" }.count(on: db)
    let stations = try await Station.query.prefetch(\.sensors).all(on: db)
    let membership = try await Membership.get(on: db, id: Membership.Key(sensorID: roof.id!, stationID: station.id!))

    #expect(sensors.map { $0.readings?.map(\.day).sorted() } == [["d1"], ["d1", "d2"]])
    #expect(readings.map { $0.sensor?.name } == ["roof", "cellar", "roof"])
    #expect(roofReadings == 2)
    #expect(attached == 2 && again == 0, "attach is idempotent on a composite-key junction")
    #expect(stations.first?.sensors?.map(\.name).sorted() == ["cellar", "roof"])
    #expect(membership.since == "2026")
}

private func migrationScenario(_ db: Database) async throws {
    let models: [any Model.Type] = [Sensor.self, Reading.self, ReadingNote.self]
    let diff = try SchemaDiff(from: DatabaseSchema(), to: DatabaseSchema(models: models))
    let migrator = try Migrator(database: db, migrations: [
        Migration("0001_readings", up: diff.up.map(\.operation), down: diff.down.map(\.operation)),
    ])
    try await migrator.upgrade()
    let live = try await SchemaIntrospector.read(db)
    let drift = SchemaDrift.compare(live: live, expected: DatabaseSchema(models: models), dialect: db.dialect)
    let id = try #require(try await Sensor(name: "roof").insert(on: db).id)
    try await Reading(sensorID: id, day: "d1", value: 1).insert(on: db)
    try await migrator.downgrade(to: nil)
    let tables = try await SchemaIntrospector.read(db).tableNames

    #expect(live.tables["readings"]?.primaryKey == ["sensor_id", "day"])
    let note = live.tables["reading_notes"]?.foreignKeys.first
    #expect(note?.columns == ["sensor_id", "day"])
    #expect(note?.referencedTable == "readings" && note?.referencedColumns == ["sensor_id", "day"])
    #expect(note?.onDelete == .cascade)
    #expect(drift.isEmpty, "\(drift)")
    #expect(tables.isEmpty)
}
