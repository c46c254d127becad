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
    @HasMany(\ReadingNote.sensorID, \ReadingNote.day) var notes: [ReadingNote]?

    static let constraints: [TableConstraint] = [check("value >= 0")]
}

/// Refers to a reading by its whole composite key.
@Model(table: "reading_notes")
struct ReadingNote: TableOptions {
    @ID var id: Int64?
    var sensorID: Int64
    var day: String
    var body: String
    @BelongsTo(\ReadingNote.sensorID, \ReadingNote.day) var reading: Reading?

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

/// A table whose key changes from one column to two.
@Model(table: "measurements")
struct MeasurementV1 {
    @ID var id: Int64
    var sensorID: Int64
    var day: String
}

@Model(table: "measurements")
struct MeasurementV2 {
    var id: Int64
    @ID var sensorID: Int64
    @ID var day: String
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

    @Test("relations to a composite key prefetch (also limited per parent) and filter across it", arguments: TestDatabase.all)
    func compositeRelations(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), compositeRelationScenario)
    }

    @Test("a relation whose columns do not match the key it refers to is a named error", arguments: TestDatabase.all)
    func mismatchedRelation(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), mismatchedRelationScenario)
    }

    @Test("autogenerate changes a primary key from one column to two and back, keeping rows", arguments: TestDatabase.all)
    func primaryKeyChange(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), primaryKeyChangeScenario)
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

private func compositeRelationScenario(_ db: Database) async throws {
    try await db.createTables(Sensor.self, Reading.self, ReadingNote.self)
    let id = try #require(try await Sensor(name: "roof").insert(on: db).id)
    for day in ["d1", "d2", "d3"] { try await Reading(sensorID: id, day: day, value: 1).insert(on: db) }
    for (day, body) in [("d1", "a"), ("d1", "b"), ("d1", "c"), ("d3", "z")] {
        try await ReadingNote(sensorID: id, day: day, body: body).insert(on: db)
    }

    let ((readings, notes), statements) = try await StatementCounter.count {
        let readings = try await Reading.query.order { $0.day }.prefetch(\.notes) { $0.order { $0.body } }.all(on: db)
        let notes = try await ReadingNote.query.order { $0.body }.prefetch(\.reading).all(on: db)
        return (readings, notes)
    }
    let latestTwo = try await Reading.query.order { $0.day }
        .prefetch(\.notes) { $0.order { $0.body.desc() }.limit(2) }.all(on: db)
    let withNotes = try await Reading.filter { $0.notes.any { $0.body == "z" } }.all(on: db).map(\.day)
    let onD1 = try await ReadingNote.filter { $0.reading.day == "d1" }.count(on: db)
    let counts = try await Reading.query.order { $0.day }.withCount(\.notes, on: db).map(\.1)

    #expect(readings.map { $0.notes?.map(\.body) } == [["a", "b", "c"], [], ["z"]])
    #expect(notes.map { $0.reading?.day } == ["d1", "d1", "d1", "d3"])
    #expect(statements == 4, "two statements per query, however many rows")
    #expect(latestTwo.map { $0.notes?.map(\.body) } == [["c", "b"], [], ["z"]])
    #expect(withNotes == ["d3"])
    #expect(onD1 == 3)
    #expect(counts == [3, 0, 1])
}

/// Refers to a reading by one column only: not its whole key.
@Model(table: "loose_notes")
private struct LooseNote {
    @ID var id: Int64?
    var readingID: Int64
    @BelongsTo(\LooseNote.readingID) var reading: Reading?
}

private func mismatchedRelationScenario(_ db: Database) async throws {
    try await db.createTables(Sensor.self, Reading.self, LooseNote.self)
    try await LooseNote(readingID: 1).insert(on: db)
    let error = await #expect(throws: QuarryError.self) {
        try await LooseNote.query.prefetch(\.reading).all(on: db)
    }
    guard case .invalidArgument(let name, let reason)? = error else {
        Issue.record("expected invalidArgument, got \(String(describing: error))")
        return
    }
    #expect(name == "reading")
    #expect(reason.contains("composite key"), "\(reason)")
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

private func primaryKeyChangeScenario(_ db: Database) async throws {
    let create = try SchemaDiff(from: DatabaseSchema(), to: DatabaseSchema(models: [MeasurementV1.self]))
    let change = try SchemaDiff(from: DatabaseSchema(models: [MeasurementV1.self]), to: DatabaseSchema(models: [MeasurementV2.self]))
    let migrator = try Migrator(database: db, migrations: [
        Migration("0001_measurements", up: create.up.map(\.operation), down: create.down.map(\.operation)),
        Migration("0002_natural_key", up: change.up.map(\.operation), down: change.down.map(\.operation)),
    ])
    try await migrator.upgrade(to: "0001_measurements")
    try await MeasurementV1(id: 1, sensorID: 7, day: "d1").insert(on: db)
    try await MeasurementV1(id: 2, sensorID: 7, day: "d2").insert(on: db)
    try await migrator.upgrade()
    let live = try await SchemaIntrospector.read(db)
    let byNaturalKey = try await MeasurementV2.get(on: db, id: MeasurementV2.Key(sensorID: 7, day: "d2"))
    var duplicate: QuarryError?
    do { try await MeasurementV2(id: 3, sensorID: 7, day: "d1").insert(on: db) } catch let error as QuarryError {
        duplicate = error
    }
    try await migrator.downgrade(steps: 1)
    let back = try await SchemaIntrospector.read(db)
    let rows = try await MeasurementV1.all(on: db).map(\.id)

    #expect(change.up.map { String($0.operation.summary.prefix { $0 != " " }) } == ["alterPrimaryKey"])
    #expect(change.notes.isEmpty)
    #expect(live.tables["measurements"]?.primaryKey == ["sensor_id", "day"])
    #expect(byNaturalKey.id == 2)
    guard case .uniqueViolation? = duplicate else {
        Issue.record("expected a unique violation, got \(String(describing: duplicate))")
        return
    }
    #expect(back.tables["measurements"]?.primaryKey == ["id"])
    #expect(rows == [1, 2], "the rows survive both changes")
}
