import Quarry
import Tracing

/// A pool checkout as an `internal` span named `pool checkout`, started
/// back when the wait began, with `db.client.connection.pool.name`.
///
/// ```swift
/// CheckoutSpan(pool: "readers", endpoint: endpoint, waited: .milliseconds(3), error: nil).record(with: tracer)
/// ```
struct CheckoutSpan {
    let pool: String
    let endpoint: DatabaseEndpoint
    let waited: Duration
    let error: (any Error)?

    func record(with tracer: any Tracer) {
        let end = DefaultTracerClock.now
        let start = DefaultTracerClock.Timestamp(
            nanosecondsSinceEpoch: end.nanosecondsSinceEpoch &- min(end.nanosecondsSinceEpoch, waited.nanoseconds))
        let span = tracer.startSpan("pool checkout", ofKind: .internal, at: start)
        defer { span.end(at: end) }
        guard span.isRecording else { return }
        span.updateAttributes { attributes in
            attributes["db.system.name"] = endpoint.system
            attributes["db.client.connection.pool.name"] = pool
        }
        if let error { span.recordFailure(error) }
    }
}
