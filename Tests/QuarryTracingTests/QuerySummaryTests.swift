import Quarry
import Testing

@testable import QuarryTracing

@Suite("QuarryTracing: operation and table read off SQL text; error types")
struct QuerySummaryTests {
    @Test("the operation and the table after FROM, INTO or UPDATE, unquoted, with the schema", arguments: [
        (#"SELECT "id", "name" FROM "authors" WHERE "id" = $1"#, "SELECT", "authors"),
        (#"select count(*) from authors"#, "SELECT", "authors"),
        (#"INSERT INTO "app"."authors" ("name") VALUES (?1) RETURNING "id""#, "INSERT", "app.authors"),
        (#"UPDATE "posts" SET "title" = $1 WHERE "id" = $2"#, "UPDATE", "posts"),
        (#"DELETE FROM `tags` WHERE `id` = ?"#, "DELETE", "tags"),
        // FROM inside a subquery or a string is not the statement's table.
        (#"SELECT (SELECT max(x) FROM "b") AS m, 'from x' FROM "a""#, "SELECT", "a"),
        (#"SELECT "x" FROM (SELECT 1 AS "x") AS "t""#, "SELECT", nil),
        ("BEGIN", "BEGIN", nil),
        ("SAVEPOINT \"quarry_sp_1\"", "SAVEPOINT", nil),
        ("   \n  SELECT 1", "SELECT", nil),
        ("", nil, nil),
    ] as [(String, String?, String?)])
    func summaries(_ sql: String, _ operation: String?, _ collection: String?) {
        let summary = QuerySummary(sql: sql)
        #expect(summary.operation == operation)
        #expect(summary.collection == collection)
    }

    @Test("span names: operation and table, else the operation, else the system")
    func spanNames() {
        #expect(QuerySummary(sql: #"SELECT * FROM "authors""#).spanName(system: "sqlite") == "SELECT authors")
        #expect(QuerySummary(sql: "COMMIT").spanName(system: "sqlite") == "COMMIT")
        #expect(QuerySummary(sql: "").spanName(system: "postgresql") == "postgresql")
    }

    @Test("error.type is the QuarryError case (or the type), the status code the database's own")
    func errorTypes() {
        let unique = QuarryError.uniqueViolation(DatabaseErrorInfo(message: "dup", sqlState: "23505"))
        #expect(ErrorType(unique).name == "uniqueViolation")
        #expect(ErrorType(unique).statusCode == "23505")
        let sqlite = QuarryError.checkViolation(DatabaseErrorInfo(message: "check", sqliteExtendedCode: 275))
        #expect(ErrorType(sqlite).statusCode == "275")
        #expect(ErrorType(QuarryError.poolClosed).name == "poolClosed")
        #expect(ErrorType(QuarryError.poolClosed).statusCode == nil)
        #expect(ErrorType(CancellationError()).name == "CancellationError")
    }
}
