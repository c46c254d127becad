import Quarry
import QuarrySQLite
import Testing

@testable import QuarryMigrations

@Suite("SQLite's table text, edited in place, and declared type names read back")
struct SQLiteTableTextTests {
    private let dialect = SQLiteDialect()

    @Test("only the named columns' type words change; names, strings and checks with quotes, commas and parentheses do not move a boundary")
    func redeclares() throws {
        let sql = """
            CREATE TABLE IF NOT EXISTS "odd ""table" (
              "id" INTEGER PRIMARY KEY, -- a comment, with (parens)
              "a, b" TEXT NOT NULL DEFAULT 'x, "y" TEXT (z)',
              [bracketed] text, `tick` BLOB, plain TEXT COLLATE NOCASE,
              "TEXT" TEXT /* a TEXT comment */ CHECK ("TEXT" <> 'TEXT, TEXT'),
              CONSTRAINT "ck" CHECK (length("a, b") < 9))
            """
        let edited = try SQLiteTableText(sql).redeclaring([
            "a, b": (from: "TEXT", to: "TIMESTAMP"), "bracketed": (from: "TEXT", to: "JSON TEXT"),
            "tick": (from: "blob", to: "UUID"), "plain": (from: "TEXT", to: "DECIMAL TEXT"), "TEXT": (from: "TEXT", to: "TIMESTAMP"),
        ]).sql
        #expect(edited == """
            CREATE TABLE IF NOT EXISTS "odd ""table" (
              "id" INTEGER PRIMARY KEY, -- a comment, with (parens)
              "a, b" TIMESTAMP NOT NULL DEFAULT 'x, "y" TEXT (z)',
              [bracketed] JSON TEXT, `tick` UUID, plain DECIMAL TEXT COLLATE NOCASE,
              "TEXT" TIMESTAMP /* a TEXT comment */ CHECK ("TEXT" <> 'TEXT, TEXT'),
              CONSTRAINT "ck" CHECK (length("a, b") < 9))
            """)
    }

    @Test("a column not declared with the expected type is refused, and the header is replaced by a quoted name")
    func refusesAndRenames() throws {
        let text = SQLiteTableText(#"CREATE TABLE t (id INTEGER, at REAL, "x(" TEXT)"#)
        #expect(throws: MigrationError.self) { try text.redeclaring(["at": (from: "TEXT", to: "TIMESTAMP")]) }
        #expect(throws: MigrationError.self) { try text.redeclaring(["missing": (from: "TEXT", to: "TIMESTAMP")]) }
        #expect(text.named(#"new "t""#, dialect: dialect) == #"CREATE TABLE "new ""t""" (id INTEGER, at REAL, "x(" TEXT)"#)
        #expect(SQLiteTableText(#"CREATE TABLE "a(b" ("c" TEXT)"#).named("n", dialect: dialect) == #"CREATE TABLE "n" ("c" TEXT)"#)
    }

    @Test("every kind's declared name reads back as that kind; other names follow SQLite's affinity rules")
    func declaredNames() {
        let kinds: [ColumnType] = [.int64, .double, .float, .bool, .text(maxLength: nil), .blob, .date, .uuid, .decimal, .json]
        for kind in kinds {
            #expect(SQLiteCatalog.columnType(declared: dialect.columnTypeSQL(kind)) == kind, "\(kind)")
        }
        #expect(SQLiteCatalog.columnType(declared: dialect.columnTypeSQL(.int32)) == .int64, "SQLite's integers are 64-bit")
        #expect(SQLiteCatalog.columnType(declared: "varchar(40)") == .text(maxLength: 40))
        #expect(SQLiteCatalog.columnType(declared: "datetime") == .date)
        #expect(SQLiteCatalog.columnType(declared: "UNSIGNED BIG INT") == .int64)
        #expect(SQLiteCatalog.columnType(declared: "NATIVE CHARACTER(70)") == .text(maxLength: nil))
        #expect(SQLiteCatalog.columnType(declared: "DOUBLE PRECISION") == .double)
        #expect(SQLiteCatalog.columnType(declared: "MONEY") == .decimal, "NUMERIC affinity")
        #expect(SQLiteCatalog.columnType(declared: "") == .text(maxLength: nil))
    }

    @Test("a cast names the storage class, never a declared name whose affinity would convert")
    func castsByStorageClass() {
        #expect(dialect.storageTypeSQL(.date) == "TEXT" && dialect.columnTypeSQL(.date) == "TIMESTAMP")
        #expect(dialect.storageTypeSQL(.bool) == "INTEGER" && dialect.storageTypeSQL(.uuid) == "BLOB")
        #expect(dialect.storageTypeSQL(.float) == "REAL" && dialect.storageTypeSQL(.decimal) == "TEXT")
    }
}
