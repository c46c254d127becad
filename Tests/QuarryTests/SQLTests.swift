import Quarry
import Testing

/// A dialect with PostgreSQL-style numbered placeholders, for rendering tests.
private struct NumberedDialect: SQLDialect {
    var name: String { "numbered" }
    var maxBindParameters: Int { 3 }
    var beginTransactionSQL: String { "BEGIN" }
    func placeholder(_ index: Int) -> String { "$\(index)" }
    func columnTypeSQL(_ type: ColumnType) -> String { "ANY" }
    func autoIncrementPrimaryKeySQL(_ type: ColumnType) -> String { "SERIAL" }
    var enforcesTextLength: Bool { true }
    var currentTimestampSQL: String { "NOW()" }
    func booleanLiteral(_ value: Bool) -> String { value ? "T" : "F" }
    func like(_ value: SQL, _ pattern: SQL, caseInsensitive: Bool) -> SQL { value + " LIKE " + pattern }
    func datePart(_ part: DatePart, of date: SQL) -> SQL { "part(" + date + ")" }
    func jsonExtract(_ document: SQL, path: [String], as kind: JSONValueKind) -> SQL { "extract(" + document + ")" }
    func jsonExists(_ document: SQL, path: [String]) -> SQL { "exists(" + document + ")" }
    func jsonContains(_ document: SQL, path: [String], _ value: JSON) -> SQL { "contains(" + document + ")" }
    func fullText(_ search: FullTextSearch) -> SQL { "match()" }
    func fullTextSetup(table: String, key: String, columns: [String], language: String) -> [SQL] { [] }
    func fullTextTeardown(table: String) -> [SQL] { [] }
    func indexLookup(named name: String) -> SQL { "SELECT NULL WHERE 1 = 0" }
}

@Suite("SQL fragments")
struct SQLTests {
    @Test("interpolated values become binds with numbered placeholders")
    func interpolationBinds() throws {
        let name = "Robert'); DROP TABLE students;--"
        let sql: SQL = "SELECT id FROM \(identifier: "students") WHERE name = \(name) AND age > \(12)"
        let (text, binds) = try sql.render(for: NumberedDialect())
        #expect(text == #"SELECT id FROM "students" WHERE name = $1 AND age > $2"#)
        #expect(binds == [.text(name), .int(12)])
    }

    @Test("identifiers are quoted with embedded quotes doubled")
    func identifierQuoting() throws {
        let sql: SQL = "SELECT \(identifier: #"we"ird"#) FROM \(identifier: "order")"
        #expect(try sql.render(for: NumberedDialect()).text == #"SELECT "we""ird" FROM "order""#)
    }

    @Test("an empty identifier or one with NUL is rejected", arguments: ["", "a\u{0}b"])
    func invalidIdentifier(_ name: String) {
        let sql: SQL = "SELECT \(identifier: name)"
        #expect(throws: QuarryError.self) { try sql.render(for: NumberedDialect()) }
    }

    @Test("spliced SQL keeps its binds in order")
    func splicing() throws {
        let condition: SQL = "age > \(18)"
        let sql: SQL = "SELECT * FROM t WHERE name = \("x") AND \(condition) LIMIT \(5)"
        let (text, binds) = try sql.render(for: NumberedDialect())
        #expect(text == "SELECT * FROM t WHERE name = $1 AND age > $2 LIMIT $3")
        #expect(binds == [.text("x"), .int(18), .int(5)])
    }

    @Test("join places separators between parts only")
    func join() throws {
        let joined = SQL.join(["a = \(1)", "b = \(2)"] as [SQL], separator: " AND ")
        #expect(try joined.render(for: NumberedDialect()).text == "a = $1 AND b = $2")
        #expect(try SQL.join([SQL](), separator: ", ").render(for: NumberedDialect()).text == "")
    }

    @Test("optional and NULL values bind as NULL")
    func nullBinds() throws {
        let missing: String? = nil
        let sql: SQL = "VALUES (\(missing), \(SQLValue.null))"
        #expect(sql.binds == [.null, .null])
    }

    @Test("more binds than the dialect allows is invalidArgument naming binds")
    func bindLimit() {
        let sql: SQL = "VALUES (\(1), \(2), \(3), \(4))"
        #expect {
            try sql.render(for: NumberedDialect())
        } throws: { error in
            guard case QuarryError.invalidArgument(let name, _) = error else { return false }
            return name == "binds"
        }
    }

    @Test("adjacent text fragments merge")
    func fragmentMerging() {
        var sql: SQL = "SELECT "
        sql.append(sql: "1")
        sql.append(sql: " + 2")
        #expect(sql.fragments == [.text("SELECT 1 + 2")])
    }
}
