import Foundation
import Quarry
import QuarryTesting
import Testing

@Model(table: "gadgets")
struct Gadget {
    @ID var id: Int64?
    var name: String
    var attributes: JSON
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Query language: JSON columns")
struct JSONQueryTests {
    @Test("paths, types, key existence and containment give the same rows on both databases", arguments: TestDatabase.all)
    func json(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), jsonScenario)
    }

    @Test("13 · JSON integers past Int64 are read, written back and matched without changing a digit", arguments: TestDatabase.all)
    func bigIntegers(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), bigIntegerScenario)
    }

    @Test("12 · any key means itself: quotes, dots, backslashes, digits, control characters; NUL is refused",
          arguments: TestDatabase.all)
    func hostileKeys(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), hostileKeysScenario)
    }
}

/// The fixture set: four documents with objects, arrays, numbers written
/// as strings, booleans and a JSON null.
private let gadgets: [Gadget] = [
    Gadget(name: "one", attributes: [
        "color": "red", "size": 10, "tags": ["sale", "new"], "dims": ["w": 2, "h": 3], "active": true,
    ]),
    Gadget(name: "two", attributes: [
        "color": "blue", "size": 3.5, "tags": ["new"], "dims": ["w": 2], "active": false, "note": nil,
    ]),
    Gadget(name: "three", attributes: ["color": "red", "tags": [], "dims": ["w": 5, "h": 3]]),
    Gadget(name: "four", attributes: ["size": "10", "tags": [["k": "x"]]]),
]

private func names(_ query: Query<Gadget>, _ db: Database) async throws -> [String] {
    try await query.order { $0.id }.all(on: db).map(\.name)
}

private func jsonScenario(_ db: Database) async throws {
    try await db.createTables(Gadget.self)
    try await Gadget.insert(gadgets, on: db)
    let cases: [(String, Query<Gadget>, [String])] = [
        ("text", Gadget.filter { $0.attributes["color"].text == "red" }, ["one", "three"]),
        ("number", Gadget.filter { $0.attributes["size"].number > 5 }, ["one"]),
        ("number as text", Gadget.filter { $0.attributes["size"].text == "10" }, ["one", "four"]),
        ("bool", Gadget.filter { $0.attributes["active"].bool == true }, ["one"]),
        ("has key", Gadget.filter { $0.attributes.hasKey("note") }, ["two"]),
        ("nested exists", Gadget.filter { $0.attributes["dims"]["h"].exists }, ["one", "three"]),
        ("nested number", Gadget.filter { $0.attributes["dims"]["w"].number == 2 }, ["one", "two"]),
        ("array index", Gadget.filter { $0.attributes["tags"][0].text == "new" }, ["two"]),
        ("object containment", Gadget.filter { $0.attributes.contains(["color": "red", "dims": ["h": 3]]) }, ["one", "three"]),
        ("array contains", Gadget.filter { $0.attributes["tags"].arrayContains("new") }, ["one", "two"]),
        ("array in object", Gadget.filter { $0.attributes.contains(["tags": ["sale"]]) }, ["one"]),
        ("object in array", Gadget.filter { $0.attributes.contains(["tags": [["k": "x"]]]) }, ["four"]),
        ("false", Gadget.filter { $0.attributes.contains(["active": false]) }, ["two"]),
        ("null value", Gadget.filter { $0.attributes.contains(["note": nil]) }, ["two"]),
        ("missing path", Gadget.filter { $0.attributes["nothing"].text == "x" }, []),
    ]
    for (label, query, expected) in cases {
        let found = try await names(query, db)
        #expect(found == expected, "\(label): \(found)")
    }
}

/// Keys SQLite's path syntax cannot spell, next to the paths they imitate.
private let keyed: [Gadget] = [
    Gadget(name: "quoted", attributes: [#"a"."b"#: "spliced", "a": ["b": "nested"]]),
    Gadget(name: "digits", attributes: ["0": "zero-key", "12": ["x": true], "list": ["first", "second"], "flags": [true]]),
    Gadget(name: "escapes", attributes: [#"back\slash"#: 1, "tab\there": 2, "dot.ted": 3, #"say "hi""#: ["in": [#"q"uote"#]]]),
    Gadget(name: "array", attributes: .array(["a0", ["0": "inner"]])),
]

private func hostileKeysScenario(_ db: Database) async throws {
    try await db.createTables(Gadget.self)
    try await Gadget.insert(keyed, on: db)
    let cases: [(String, Query<Gadget>, [String])] = [
        ("a key with quotes is one key", Gadget.filter { $0.attributes[#"a"."b"#].text == "spliced" }, ["quoted"]),
        ("… not a path", Gadget.filter { $0.attributes[#"a"."b"#].text == "nested" }, []),
        ("the nested path still works", Gadget.filter { $0.attributes["a"]["b"].text == "nested" }, ["quoted"]),
        ("an all-digit object key", Gadget.filter { $0.attributes["0"].text == "zero-key" }, ["digits"]),
        ("an all-digit key, nested", Gadget.filter { $0.attributes["12"]["x"].bool == true }, ["digits"]),
        ("a digit index into an array", Gadget.filter { $0.attributes["list"][1].text == "second" }, ["digits"]),
        ("a top-level array index", Gadget.filter { $0.attributes[0].text == "a0" }, ["array"]),
        ("an object key in an array element", Gadget.filter { $0.attributes[1]["0"].text == "inner" }, ["array"]),
        ("a backslash", Gadget.filter { $0.attributes[#"back\slash"#].number == 1 }, ["escapes"]),
        ("a control character", Gadget.filter { $0.attributes["tab\there"].number == 2 }, ["escapes"]),
        ("a dot", Gadget.filter { $0.attributes["dot.ted"].number == 3 }, ["escapes"]),
        ("exists with quotes", Gadget.filter { $0.attributes[#"say "hi""#]["in"].exists }, ["escapes"]),
        ("has key with quotes", Gadget.filter { $0.attributes.hasKey(#"a"."b"#) }, ["quoted"]),
        ("containment with quoted keys", Gadget.filter { $0.attributes.contains([#"say "hi""#: ["in": [#"q"uote"#]]]) }, ["escapes"]),
        ("containment with a digit key", Gadget.filter { $0.attributes.contains(["0": "zero-key"]) }, ["digits"]),
        ("a boolean under a digit key", Gadget.filter { $0.attributes.contains(["12": ["x": true]]) }, ["digits"]),
        ("a boolean in an array", Gadget.filter { $0.attributes["flags"].arrayContains(true) }, ["digits"]),
    ]
    for (label, query, expected) in cases {
        let found = try await names(query, db)
        #expect(found == expected, "\(label): \(found)")
    }
    for query in [
        Gadget.filter { $0.attributes["a\u{0}b"].text == "x" },
        Gadget.filter { $0.attributes.contains(["k": "nul\u{0}"]) },
    ] {
        await #expect {
            try await query.all(on: db)
        } throws: { error in
            guard case QuarryError.invalidArgument(let name, let reason) = error else { return false }
            return name == "attributes" && reason.contains("NUL")
        }
    }
}

private func bigIntegerScenario(_ db: Database) async throws {
    try await db.createTables(Gadget.self)
    let document = #"{"big": 18446744073709551616, "negative": -9223372036854775809, "id": 12345678901234567890123}"#
    let table = db.dialect.quoteIdentifier("gadgets")
    let literal = db.dialect.name == "postgres" ? "CAST('\(document)' AS JSONB)" : "'\(document)'"
    try await db.execute(SQL(stringLiteral: "INSERT INTO \(table) (name, attributes) VALUES ('raw', \(literal))"))
    var gadget = try #require(try await Gadget.query.first(on: db))
    #expect(gadget.attributes["big"] == .decimal(Decimal(string: "18446744073709551616")!))
    gadget.name = "renamed"
    gadget.attributes = .object((gadget.attributes.objectMembers ?? [:]).merging(["extra": 1]) { $1 })
    try await gadget.save(on: db)
    let stored = try #require(try await db.fetchValue(
        String.self, SQL(stringLiteral: "SELECT CAST(attributes AS TEXT) FROM \(table)")))
    for digits in ["18446744073709551616", "-9223372036854775809", "12345678901234567890123"] {
        #expect(stored.contains(digits), "\(digits) written back unchanged: \(stored)")
    }
    let matched = try await Gadget.filter { $0.attributes.contains(["big": .decimal(Decimal(string: "18446744073709551616")!)]) }
        .count(on: db)
    #expect(matched == 1)
}

extension JSON {
    fileprivate var objectMembers: [String: JSON]? {
        if case .object(let members) = self { members } else { nil }
    }
}
