import Quarry
import Tracing

/// A transaction, savepoint or cache read as an `internal` span, current
/// while the work runs, so its statements become its children.
///
/// ```swift
/// try await WorkSpan(work: work).run(with: tracer) { try await body() }
/// ```
struct WorkSpan {
    let work: DatabaseWork

    /// `transaction`, `savepoint`, `cache read`.
    var name: String {
        switch work.kind {
        case .transaction: "transaction"
        case .savepoint: "savepoint"
        case .cacheRead: "cache read"
        }
    }

    func run<Value>(with tracer: any Tracer, _ body: () async throws -> Value) async throws -> Value {
        let span = tracer.startSpan(name, ofKind: .internal)
        defer { span.end() }
        if span.isRecording { setAttributes(of: span) }
        do {
            let value = try await ServiceContext.$current.withValue(span.context) { try await body() }
            if case .cacheRead = work.kind, span.isRecording { span.attributes["quarry.cache.hit"] = !isNone(value) }
            return value
        } catch {
            span.recordFailure(error)
            throw error
        }
    }

    private func setAttributes(of span: any Span) {
        span.updateAttributes { attributes in
            if let endpoint = work.endpoint { attributes.setEndpoint(endpoint) }
            switch work.kind {
            case .transaction: break
            case .savepoint(let depth): attributes["quarry.savepoint.depth"] = depth
            case .cacheRead(let store): attributes["quarry.cache.store"] = store
            }
            attributes["db.collection.name"] = work.table
        }
    }
}

/// Whether `value` is an optional holding nothing (a cache miss).
private func isNone<Value>(_ value: Value) -> Bool {
    (value as? any OptionalValue)?.isNone ?? false
}

private protocol OptionalValue {
    var isNone: Bool { get }
}

extension Optional: OptionalValue {
    fileprivate var isNone: Bool { self == nil }
}
