import Quarry
import QuarrySQLite
import Testing

/// A schema exercising every DDL feature.
let sampleSchema = TableSchema("order", columns: [
    ColumnSchema("id", type: .int64, isPrimaryKey: true, isAutoIncrement: true),
    ColumnSchema("user", type: .text(maxLength: 40), isUnique: true),
    ColumnSchema("total", type: .decimal, isIndexed: true),
    ColumnSchema("paid", type: .bool, defaultValue: .value(.bool(false))),
    ColumnSchema("note", type: .text(maxLength: nil), isNullable: true, defaultValue: .value(.text("it's")), comment: "why"),
    ColumnSchema("created_at", type: .date, defaultValue: .currentTimestamp),
])

@Suite("SQLite DDL")
struct SQLiteSchemaTests {
    @Test("CREATE TABLE quotes every name, checks text length and adds indexes")
    func createTable() throws {
        let statements = try SchemaSQL.createTable(sampleSchema, dialect: SQLiteDialect())
            .map { try $0.render(for: SQLiteDialect()).text }
        #expect(statements == [
            #"CREATE TABLE IF NOT EXISTS "order" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "user" TEXT NOT NULL UNIQUE, "#
                + #""total" DECIMAL TEXT NOT NULL, "paid" BOOLEAN NOT NULL DEFAULT 0, "note" TEXT DEFAULT 'it''s', "#
                + #""created_at" TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'), "#
                + #"CHECK (length("user") <= 40))"#,
            #"CREATE INDEX IF NOT EXISTS "ix_order_total" ON "order" ("total")"#,
        ])
    }

    @Test("a schema without a primary key, or with an auto-increment column in a composite one, is refused")
    func primaryKeys() {
        let none = TableSchema("t", columns: [ColumnSchema("a", type: .int64)])
        let autoIncrementPart = TableSchema("t", columns: [
            ColumnSchema("a", type: .int64, isPrimaryKey: true, isAutoIncrement: true),
            ColumnSchema("b", type: .int64, isPrimaryKey: true),
        ])
        for schema in [none, autoIncrementPart] {
            #expect(throws: QuarryError.self) { try SchemaSQL.createTable(schema, dialect: SQLiteDialect()) }
        }
    }

    @Test("a composite primary key is a table constraint, its columns NOT NULL")
    func compositeKey() throws {
        let two = TableSchema("t", columns: [
            ColumnSchema("a", type: .int64, isPrimaryKey: true), ColumnSchema("b", type: .text(maxLength: nil), isPrimaryKey: true),
        ])
        let statements = try SchemaSQL.createTable(two, dialect: SQLiteDialect()).map { try $0.render(for: SQLiteDialect()).text }
        #expect(statements == [#"CREATE TABLE IF NOT EXISTS "t" ("a" INTEGER NOT NULL, "b" TEXT NOT NULL, PRIMARY KEY ("a", "b"))"#])
    }

    @Test("an auto-increment text key, a duplicate column and a non-portable default are refused")
    func invalidSchemas() {
        let schemas = [
            TableSchema("t", columns: [ColumnSchema("a", type: .text(maxLength: nil), isPrimaryKey: true, isAutoIncrement: true)]),
            TableSchema("t", columns: [ColumnSchema("a", type: .int64, isPrimaryKey: true), ColumnSchema("a", type: .int64)]),
            TableSchema("t", columns: [
                ColumnSchema("a", type: .int64, isPrimaryKey: true),
                ColumnSchema("b", type: .blob, defaultValue: .value(.blob([1]))),
            ]),
        ]
        for schema in schemas {
            #expect(throws: QuarryError.self) { try SchemaSQL.createTable(schema, dialect: SQLiteDialect()) }
        }
    }
}
