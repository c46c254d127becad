import CLibPQ
import Quarry

extension PostgresConfiguration {
    /// The server, database and role this configuration reaches, and the
    /// session settings that change what its statements read (a
    /// `search_path`), without the password:
    /// `postgres://app@db.internal:5432/app?search_path=tenant_a`. The same in every
    /// process, so that caches shared between processes (Redis) key entries
    /// by the database they came from.
    ///
    /// ```swift
    /// try PostgresConfiguration("postgres://app:secret@db:5432/app").databaseIdentity   // "postgres://app@db:5432/app"
    /// ```
    public var databaseIdentity: String {
        let options = connectionOptions
        let host = options["host"] ?? options["hostaddr"] ?? "localhost"
        let user = options["user"].map { $0 + "@" } ?? ""
        var settings = self.settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        if let extra = options["options"], !extra.isEmpty { settings.append("options=\(extra)") }
        let query = settings.isEmpty ? "" : "?" + settings.joined(separator: "&")
        return "postgres://\(user)\(host):\(options["port"] ?? "5432")/\(options["dbname"] ?? options["user"] ?? "")" + query
    }

    /// The server, port and database this configuration reaches, for
    /// tracing (`server.address`, `server.port`, `db.namespace`).
    ///
    /// ```swift
    /// try PostgresConfiguration("postgres://app:secret@db:5432/app").endpoint   // postgresql app db 5432
    /// ```
    public var endpoint: DatabaseEndpoint {
        let options = connectionOptions
        let host = options["host"] ?? options["hostaddr"] ?? "localhost"
        return DatabaseEndpoint(
            system: "postgresql", namespace: options["dbname"] ?? options["user"],
            // A Unix socket's directory is no server address.
            host: host.hasPrefix("/") ? "localhost" : host, port: Int(options["port"] ?? "5432"))
    }

    /// The connection string's keywords and values, as libpq reads them.
    private var connectionOptions: [String: String] {
        var options: [String: String] = [:]
        if let parsed = PQconninfoParse(connectionString, nil) {
            var option = parsed
            while let keyword = option.pointee.keyword {
                if let value = option.pointee.val { options[String(cString: keyword)] = String(cString: value) }
                option += 1
            }
            PQconninfoFree(parsed)
        }
        return options
    }
}
