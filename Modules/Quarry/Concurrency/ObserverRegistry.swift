import Synchronization

/// The observers registered with something observable (a database's
/// statements, a pool's events): added once each, removed by identity, and
/// checked with one atomic load on hot paths while none is registered.
///
/// ```swift
/// let registry = ObserverRegistry<any StatementObserver>()
/// registry.add(monitor)
/// if registry.isActive { for observer in registry.all { observer.statementDidFinish(event) } }
/// ```
///
/// `Observer` is a class-bound protocol's existential (`any StatementObserver`):
/// observers are told apart by object identity.
final class ObserverRegistry<Observer: Sendable>: Sendable {
    private let registered = Mutex<[Observer]>([])
    private let active = Atomic<Bool>(false)

    /// An empty registry.
    init() {}

    /// Registers `observer` (once, however often it is added).
    func add(_ observer: Observer) {
        registered.withLock { observers in
            guard !observers.contains(where: { ($0 as AnyObject) === (observer as AnyObject) }) else { return }
            observers.append(observer)
            active.store(true, ordering: .releasing)
        }
    }

    /// Unregisters `observer`.
    func remove(_ observer: Observer) {
        registered.withLock { observers in
            observers.removeAll { ($0 as AnyObject) === (observer as AnyObject) }
            active.store(!observers.isEmpty, ordering: .releasing)
        }
    }

    /// The observers registered now.
    var all: [Observer] { registered.withLock { $0 } }

    /// Whether any observer is registered: one atomic load.
    var isActive: Bool { active.load(ordering: .acquiring) }
}
