import Foundation
import Quarry
import QuarryTesting
import Testing

@Model(table: "samples")
struct Sample {
    @ID var id: Int64?
    var a: Int?
    var b: Int?
    var s: String?
}

/// A small deterministic generator (SplitMix64), so a failing seed replays.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A predicate tree, evaluated both in Swift (SQL's three-valued logic) and
/// compiled to SQL.
indirect enum PredicateTree: CustomStringConvertible {
    enum IntColumn: CaseIterable { case a, b }
    enum Comparison: CaseIterable { case eq, ne, lt, le, gt, ge }
    enum TextTest: CaseIterable { case prefix, suffix, contains, like, ilike, equalsIgnoringCase }

    case compare(IntColumn, Comparison, Int)
    case columns(Comparison)
    case isNull(IntColumn?, negated: Bool)
    case membership(IntColumn, [Int], negated: Bool)
    case between(IntColumn, Int, Int)
    case text(TextTest, String)
    case and(PredicateTree, PredicateTree)
    case or(PredicateTree, PredicateTree)
    case not(PredicateTree)

    var description: String {
        switch self {
        case .compare(let c, let op, let k): "\(c) \(op) \(k)"
        case .columns(let op): "a \(op) b"
        case .isNull(let c, let negated): "\(c.map { "\($0)" } ?? "s") \(negated ? "IS NOT NULL" : "IS NULL")"
        case .membership(let c, let list, let negated): "\(c) \(negated ? "NOT IN" : "IN") \(list)"
        case .between(let c, let low, let high): "\(c) BETWEEN \(low) AND \(high)"
        case .text(let test, let text): "s \(test) \(text.debugDescription)"
        case .and(let l, let r): "(\(l) AND \(r))"
        case .or(let l, let r): "(\(l) OR \(r))"
        case .not(let p): "NOT (\(p))"
        }
    }

    static func random(depth: Int, using generator: inout SeededGenerator) -> PredicateTree {
        let leaf = depth == 0 || Int.random(in: 0..<3, using: &generator) == 0
        if !leaf {
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: return .and(random(depth: depth - 1, using: &generator), random(depth: depth - 1, using: &generator))
            case 1: return .or(random(depth: depth - 1, using: &generator), random(depth: depth - 1, using: &generator))
            default: return .not(random(depth: depth - 1, using: &generator))
            }
        }
        let column = IntColumn.allCases.randomElement(using: &generator)!
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: return .compare(column, Comparison.allCases.randomElement(using: &generator)!, Int.random(in: -3...3, using: &generator))
        case 1: return .columns(Comparison.allCases.randomElement(using: &generator)!)
        case 2: return .isNull(Bool.random(using: &generator) ? column : nil, negated: Bool.random(using: &generator))
        case 3:
            let list = (0..<Int.random(in: 0...3, using: &generator)).map { _ in Int.random(in: -3...3, using: &generator) }
            return .membership(column, list, negated: Bool.random(using: &generator))
        case 4:
            let low = Int.random(in: -3...3, using: &generator)
            return .between(column, low, low + Int.random(in: -1...3, using: &generator))
        default:
            return .text(TextTest.allCases.randomElement(using: &generator)!, randomText(using: &generator, pattern: true))
        }
    }

    static func randomText(using generator: inout SeededGenerator, pattern: Bool) -> String {
        let alphabet: [Character] = pattern ? ["a", "A", "b", "%", "_", "\\"] : ["a", "A", "b", "%", "_"]
        return String((0..<Int.random(in: 0...3, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }

    // MARK: - SQL

    var condition: Condition {
        let columns = Sample.columns
        func column(_ c: IntColumn) -> Column<Sample, Int?> { c == .a ? columns.a : columns.b }
        switch self {
        case .compare(let c, let op, let k):
            let value: Int? = k
            switch op {
            case .eq: return column(c) == value
            case .ne: return column(c) != value
            case .lt: return column(c) < value
            case .le: return column(c) <= value
            case .gt: return column(c) > value
            case .ge: return column(c) >= value
            }
        case .columns(let op):
            switch op {
            case .eq: return columns.a == columns.b
            case .ne: return columns.a != columns.b
            case .lt: return columns.a < columns.b
            case .le: return columns.a <= columns.b
            case .gt: return columns.a > columns.b
            case .ge: return columns.a >= columns.b
            }
        case .isNull(let c, let negated):
            if let c { return negated ? column(c).isNotNull() : column(c).isNull() }
            return negated ? columns.s.isNotNull() : columns.s.isNull()
        case .membership(let c, let list, let negated):
            let values = list.map { Optional($0) }
            return negated ? column(c).notIn(values) : column(c).in(values)
        case .between(let c, let low, let high):
            return column(c).between(low, and: high)
        case .text(let test, let text):
            switch test {
            case .prefix: return columns.s.hasPrefix(text)
            case .suffix: return columns.s.hasSuffix(text)
            case .contains: return columns.s.contains(text)
            case .like: return columns.s.like(text)
            case .ilike: return columns.s.ilike(text)
            case .equalsIgnoringCase: return columns.s.equalsIgnoringCase(text)
            }
        case .and(let l, let r): return l.condition && r.condition
        case .or(let l, let r): return l.condition || r.condition
        case .not(let p): return !p.condition
        }
    }

    // MARK: - Swift evaluation (three-valued)

    func evaluate(_ row: Sample) -> Bool? {
        func value(_ c: IntColumn) -> Int? { c == .a ? row.a : row.b }
        func compare(_ l: Int?, _ op: Comparison, _ r: Int?) -> Bool? {
            guard let l, let r else { return nil }
            switch op {
            case .eq: return l == r
            case .ne: return l != r
            case .lt: return l < r
            case .le: return l <= r
            case .gt: return l > r
            case .ge: return l >= r
            }
        }
        switch self {
        case .compare(let c, let op, let k): return compare(value(c), op, k)
        case .columns(let op): return compare(row.a, op, row.b)
        case .isNull(let c, let negated):
            let isNull = c.map { value($0) == nil } ?? (row.s == nil)
            return negated ? !isNull : isNull
        case .membership(let c, let list, let negated):
            if list.isEmpty { return negated }
            guard let v = value(c) else { return nil }
            return list.contains(v) != negated
        case .between(let c, let low, let high):
            guard let v = value(c) else { return nil }
            return low <= v && v <= high
        case .text(let test, let text):
            guard let s = row.s else { return nil }
            switch test {
            case .prefix: return s.hasPrefix(text)
            case .suffix: return s.hasSuffix(text)
            case .contains: return text.isEmpty || s.contains(text)
            case .like: return Self.like(s, text, caseInsensitive: false)
            case .ilike: return Self.like(s, text, caseInsensitive: true)
            case .equalsIgnoringCase: return s.lowercased() == text.lowercased()
            }
        case .and(let l, let r):
            let (x, y) = (l.evaluate(row), r.evaluate(row))
            if x == false || y == false { return false }
            if x == nil || y == nil { return nil }
            return true
        case .or(let l, let r):
            let (x, y) = (l.evaluate(row), r.evaluate(row))
            if x == true || y == true { return true }
            if x == nil || y == nil { return nil }
            return false
        case .not(let p): return p.evaluate(row).map { !$0 }
        }
    }

    /// SQL LIKE with `\` as the escape, the way Quarry compiles it.
    static func like(_ text: String, _ pattern: String, caseInsensitive: Bool) -> Bool {
        enum Token { case literal(Character), one, many }
        var closed = pattern
        if closed.reversed().prefix(while: { $0 == "\\" }).count % 2 == 1 { closed += "\\" }
        var tokens: [Token] = []
        var iterator = closed.makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\\": if let next = iterator.next() { tokens.append(.literal(next)) }
            case "%": tokens.append(.many)
            case "_": tokens.append(.one)
            default: tokens.append(.literal(character))
            }
        }
        let subject = Array(caseInsensitive ? text.lowercased() : text)
        func fold(_ c: Character) -> Character { caseInsensitive ? Character(c.lowercased()) : c }
        var memo: [Int: Bool] = [:]
        func match(_ t: Int, _ s: Int) -> Bool {
            let key = t * 1000 + s
            if let known = memo[key] { return known }
            let result: Bool
            if t == tokens.count {
                result = s == subject.count
            } else {
                switch tokens[t] {
                case .many: result = match(t + 1, s) || (s < subject.count && match(t, s + 1))
                case .one: result = s < subject.count && match(t + 1, s + 1)
                case .literal(let c): result = s < subject.count && subject[s] == fold(c) && match(t + 1, s + 1)
                }
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}

@Suite("Query language: differential property test")
struct QueryDifferentialTests {
    @Test("random predicate trees over random rows select the same rows in Swift and in SQL",
          arguments: TestDatabase.all, [UInt64(1), 2, 3])
    func differential(_ database: TestDatabase, _ seed: UInt64) async throws {
        try await database.withDatabase(.init(), check(seed))
    }

    /// The test body as a function, not a closure (see ClosureReproTests).
    private func check(_ seed: UInt64) -> (Database) async throws -> Void {
        { db in try await runDifferential(db, seed: seed) }
    }
}

private func runDifferential(_ db: Database, seed: UInt64) async throws {
    var generator = SeededGenerator(state: seed)
    try await db.createTables(Sample.self)
    var rows: [Sample] = []
    for _ in 0..<40 {
        func maybe() -> Int? { Int.random(in: 0..<4, using: &generator) == 0 ? nil : Int.random(in: -3...3, using: &generator) }
        let text: String? = Int.random(in: 0..<4, using: &generator) == 0
            ? nil : PredicateTree.randomText(using: &generator, pattern: false)
        rows.append(Sample(a: maybe(), b: maybe(), s: text))
    }
    let stored = try await Sample.insert(rows, on: db)
    var mismatches: [String] = []
    for _ in 0..<150 {
        let tree = PredicateTree.random(depth: 3, using: &generator)
        let condition = tree.condition
        let expected = Set(stored.filter { tree.evaluate($0) == true }.compactMap(\.id))
        let selected = Set(try await Sample.query.filter { _ in condition }.all(on: db).compactMap(\.id))
        if expected != selected {
            mismatches.append("\(tree): Swift \(expected.sorted()) SQL \(selected.sorted())")
        }
    }
    #expect(mismatches.isEmpty, "seed \(seed) on \(db.dialect.name):\n\(mismatches.prefix(5).joined(separator: "\n"))")
}
