import Quarry

// What schema building asks PostgreSQL's catalog.
extension PostgresDialect {
    /// NAMEDATALEN - 1: longer identifiers are silently truncated.
    public var maxIdentifierLength: Int { 63 }

    public func indexLookup(named name: String) -> SQL {
        """
        SELECT t.relname, i.indisunique, \
        (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) \
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) \
        FROM pg_class x JOIN pg_index i ON i.indexrelid = x.oid JOIN pg_class t ON t.oid = i.indrelid \
        WHERE x.relname = \(name) AND x.relnamespace = current_schema()::regnamespace
        """
    }
}
