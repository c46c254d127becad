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
