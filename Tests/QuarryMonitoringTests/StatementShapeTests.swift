import QuarryMonitoring
import Testing

@Suite("StatementShape: statements that differ only in values share a shape")
struct StatementShapeTests {
    @Test("placeholders of both dialects become ?, lists ?…, repeated rows one row and …", arguments: [
        ("SELECT \"id\" FROM \"authors\" WHERE \"id\" = $1", "SELECT \"id\" FROM \"authors\" WHERE \"id\" = ?"),
        ("SELECT * FROM t WHERE id = ?12 AND name = ?13", "SELECT * FROM t WHERE id = ? AND name = ?"),
        ("SELECT * FROM t WHERE id IN ($1, $2, $3)", "SELECT * FROM t WHERE id IN (?…)"),
        ("SELECT * FROM t WHERE id IN (?1,?2)", "SELECT * FROM t WHERE id IN (?…)"),
        ("SELECT * FROM t WHERE id IN (?1)", "SELECT * FROM t WHERE id IN (?)"),
        ("SELECT * FROM t WHERE a = $1 AND b IN ($2, $3) LIMIT $4", "SELECT * FROM t WHERE a = ? AND b IN (?…) LIMIT ?"),
        ("INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6)", "INSERT INTO t (a, b) VALUES (?…), …"),
        ("INSERT INTO t (a) VALUES (?1)", "INSERT INTO t (a) VALUES (?)"),
        ("SELECT '$1 and ?', \"we?ird\" FROM t WHERE x = $1", "SELECT '$1 and ?', \"we?ird\" FROM t WHERE x = ?"),
        ("SELECT price * 2, $$body$$ FROM t", "SELECT price * 2, $$body$$ FROM t"),
        ("SELECT (a, b) IN (($1, $2), ($3, $4)) FROM t", "SELECT (a, b) IN ((?…), …) FROM t"),
    ])
    func normalises(_ sql: String, _ expected: String) {
        #expect(StatementShape(sql).text == expected)
    }

    @Test("lists of different lengths and values share one shape; different columns do not")
    func equality() {
        #expect(StatementShape("SELECT * FROM t WHERE id IN ($1, $2)") == StatementShape("SELECT * FROM t WHERE id IN ($1, $2, $3, $4)"))
        #expect(StatementShape("SELECT * FROM t WHERE id = $1") == StatementShape("SELECT * FROM t WHERE id = ?1"))
        #expect(StatementShape("SELECT * FROM t WHERE id = $1") != StatementShape("SELECT * FROM t WHERE name = $1"))
    }

    @Test("the operation is the first keyword, or other", arguments: [
        ("SELECT 1", "select"), ("  insert into t values (?)", "insert"), ("WITH x AS (SELECT 1) SELECT * FROM x", "with"),
        ("BEGIN IMMEDIATE", "begin"), ("(SELECT 1) UNION (SELECT 2)", "select"), ("VACUUM", "other"), ("", "other"),
    ])
    func operation(_ sql: String, _ expected: String) {
        #expect(StatementShape(sql).operation == expected)
    }
}
