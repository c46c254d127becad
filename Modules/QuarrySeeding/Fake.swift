import Foundation
import Quarry

/// Deterministic fake data: the same seed gives the same names, e-mails,
/// words and dates on every machine and run (SplitMix64), so tests and
/// demos built on it are reproducible.
///
/// ```swift
/// var fake = Fake(seed: 42)
/// fake.fullName()                  // "Mina Okafor"
/// fake.email(for: "Mina Okafor")   // "mina.okafor.1@example.com"
/// fake.sentence()                  // "Quiet engines weave ordered patterns."
/// ```
public struct Fake: Sendable {
    private var state: UInt64
    private var serial = 0

    public init(seed: UInt64) {
        state = seed &+ 0x9E37_79B9_7F4A_7C15
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An integer in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// True with `probability`.
    public mutating func bool(_ probability: Double = 0.5) -> Bool {
        Double(next() % 1_000_000) / 1_000_000 < probability
    }

    /// One of `elements`.
    public mutating func pick<Element>(_ elements: [Element]) -> Element {
        precondition(!elements.isEmpty, "pick needs at least one element")
        return elements[int(in: 0...(elements.count - 1))]
    }

    public mutating func firstName() -> String { pick(Self.firstNames) }
    public mutating func lastName() -> String { pick(Self.lastNames) }
    public mutating func fullName() -> String { "\(firstName()) \(lastName())" }

    /// A unique address at example.com (a serial number keeps repeated names apart).
    public mutating func email(for name: String? = nil) -> String {
        serial += 1
        let person = (name ?? fullName()).lowercased().split(separator: " ").joined(separator: ".")
            .filter { $0.isLetter || $0.isNumber || $0 == "." }
        return "\(person).\(serial)@example.com"
    }

    public mutating func word() -> String { pick(Self.words) }

    /// `count` words joined by spaces.
    public mutating func words(_ count: Int) -> String {
        (0..<count).map { _ in word() }.joined(separator: " ")
    }

    /// A capitalised sentence with a full stop.
    public mutating func sentence(words range: ClosedRange<Int> = 5...12) -> String {
        let text = words(int(in: range))
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }

    /// Sentences joined by spaces.
    public mutating func paragraph(sentences range: ClosedRange<Int> = 3...6) -> String {
        (0..<int(in: range)).map { _ in sentence() }.joined(separator: " ")
    }

    /// A unique lowercase slug of `count` words.
    public mutating func slug(words count: Int = 3) -> String {
        serial += 1
        return words(count).replacingOccurrences(of: " ", with: "-") + "-\(serial)"
    }

    /// A date between `start` and `end`, to the second.
    public mutating func date(from start: Date, to end: Date) -> Date {
        let seconds = Int(end.timeIntervalSince(start))
        return start.addingTimeInterval(TimeInterval(seconds > 0 ? int(in: 0...seconds) : 0))
    }

    /// A UUID from the generator (version 4 layout).
    public mutating func uuid() -> UUID {
        var bytes = withUnsafeBytes(of: (next(), next())) { Array($0) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return (try? UUID(sqlValue: .blob(bytes))) ?? UUID()  // 16 bytes always decode
    }

    static let firstNames = [
        "Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Katherine", "Linus", "Margaret", "Niklaus",
        "Radia", "Ken", "Dennis", "Hedy", "Tim", "Mina", "Kwame", "Sofia", "Hiro", "Amara", "Lena", "Omar", "Priya", "Tomás",
    ]
    static let lastNames = [
        "Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Johnson", "Torvalds", "Hamilton",
        "Wirth", "Perlman", "Thompson", "Ritchie", "Lamarr", "Berners-Lee", "Okafor", "Mensah", "Rossi", "Tanaka", "Adeyemi",
        "Novak", "Haddad", "Iyer", "García",
    ]
    static let words = [
        "engine", "pattern", "quiet", "ordered", "weave", "table", "query", "river", "lantern", "compile", "stone", "garden",
        "signal", "thread", "harbour", "index", "cursor", "window", "bridge", "letter", "summer", "copper", "orbit", "meadow",
        "paper", "render", "kernel", "canvas", "north", "silver", "rhythm", "forest", "pixel", "ledger", "anchor", "violet",
    ]
}
