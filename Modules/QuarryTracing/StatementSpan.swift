import Quarry
import Tracing

/// One finished statement as a `client` span, started back at the moment
/// the statement was sent (its end minus its duration).
///
/// ```swift
/// StatementSpan(event: event, endpoint: endpoint, recordsQueryText: true).record(with: tracer)
/// ```
struct StatementSpan {
    let event: StatementEvent
    let endpoint: DatabaseEndpoint
    let recordsQueryText: Bool

    func record(with tracer: any Tracer) {
        let end = DefaultTracerClock.now
        let start = DefaultTracerClock.Timestamp(
            nanosecondsSinceEpoch: end.nanosecondsSinceEpoch &- min(end.nanosecondsSinceEpoch, event.duration.nanoseconds))
        let summary = QuerySummary(sql: event.sql)
        let span = tracer.startSpan(summary.spanName(system: endpoint.system), ofKind: .client, at: start)
        defer { span.end(at: end) }
        // A span the tracer's sampler dropped records nothing: skip the attributes.
        guard span.isRecording else { return }
        span.updateAttributes { attributes in
            attributes.setEndpoint(endpoint)
            attributes["db.operation.name"] = summary.operation
            attributes["db.collection.name"] = summary.collection
            if recordsQueryText { attributes["db.query.text"] = event.sql }
            attributes["db.response.returned_rows"] = event.rowsReturned
            if event.rowsChanged > 0 { attributes["quarry.rows_changed"] = event.rowsChanged }
        }
        if let error = event.error { span.recordFailure(error) }
    }
}

extension SpanAttributes {
    /// `db.system.name`, `db.namespace`, `server.address`, `server.port`.
    mutating func setEndpoint(_ endpoint: DatabaseEndpoint) {
        self["db.system.name"] = endpoint.system
        self["db.namespace"] = endpoint.namespace
        self["server.address"] = endpoint.host
        self["server.port"] = endpoint.port
    }
}

extension Span {
    /// Records `error` with OpenTelemetry's `error.type` (the `QuarryError`
    /// case, or the error's type) and, from the database,
    /// `db.response.status_code`; the span's status becomes an error.
    func recordFailure(_ error: any Error) {
        recordError(error)
        updateAttributes { attributes in
            attributes["error.type"] = ErrorType(error).name
            attributes["db.response.status_code"] = ErrorType(error).statusCode
        }
        setStatus(SpanStatus(code: .error))
    }
}

extension Duration {
    /// The duration in whole nanoseconds (clamped at zero).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(attoseconds / 1_000_000_000)
    }
}
