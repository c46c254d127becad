import Quarry

// What schema building asks SQLite's catalog.
extension SQLiteDialect {
    public func indexLookup(named name: String) -> SQL {
        """
        SELECT m.tbl_name, l."unique", \
        (SELECT group_concat(c.name, ',') FROM (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno) AS c) \
        FROM sqlite_master AS m JOIN pragma_index_list(m.tbl_name) AS l ON l.name = m.name \
        WHERE m.type = 'index' AND m.name = \(name)
        """
    }
}
