import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Quarry
import QuarryHummingbird
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

/// The generated Response writers (`JSONWriter`) against `JSONEncoder`: the
/// same JSON for every column type and edge value, and the encoder still
/// used where a context configures it differently.
@Suite("Response DTOs written without JSONEncoder")
struct ResponseJSONTests {
    @Test("a Response's JSON writer writes what JSONEncoder writes, for every column type and edge value",
          arguments: TestDatabase.all)
    func sameAsEncoder(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), sameAsEncoderScenario)
    }

    @Test("pages and included relations are written as JSONEncoder writes them")
    func pagesAndInclusions() throws {
        let bloggers = [
            Blogger.Response(id: 1, name: "Ada \"A\" / \\ \u{1}", karma: -3),
            Blogger.Response(id: 2, name: "", karma: .max),
        ]
        let bio = Bio.Response(id: 9, bloggerID: 1, text: "line\nbreak")
        let included = IncludedResponse(
            base: bloggers[0],
            included: [("bio", Optional(bio)), ("none", Optional<Bio.Response>.none), ("entries", [BlogEntry.Response]()),
                       ("address", Address(city: "Zürich", zip: "8001")), ("both", bloggers)])
        try expectSameJSON(included)
        try expectSameJSON(ListPage(items: [included, included], nextCursor: "abc", previousCursor: nil))
        try expectSameJSON(ListPage(items: bloggers, nextCursor: nil, previousCursor: "x/y"))
    }

    @Test("a non-finite double throws as with JSONEncoder")
    func nonFinite() {
        for value in [Double.nan, .infinity, -.infinity] {
            var writer = JSONWriter()
            #expect(throws: EncodingError.self) { try value.writeJSON(into: &writer) }
            #expect(throws: EncodingError.self) { try JSONEncoder().encode([value]) }
        }
    }

    @Test("a route answers with the writer under the default encoder and with the context's own encoder otherwise")
    func contextEncoder() async throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.75)
        let response = Stamped.Response(id: 1, at: date)
        let plain = Router(context: BasicRequestContext.self)
        plain.get("/stamped") { _, _ in JSONResponse(response) }
        try await Application(router: plain).test(.router) { client in
            let answer = try await client.execute(uri: "/stamped", method: .get)
            #expect(String(buffer: answer.body) == #"{"id":1,"at":"2023-11-14T22:13:20Z"}"#)
            #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
            #expect(answer.headers[.contentLength] == String(answer.body.readableBytes))
        }
        let seconds = Router(context: SecondsContext.self)
        seconds.get("/stamped") { _, _ in JSONResponse(response) }
        seconds.get("/page") { _, _ in ListPage(items: [response], nextCursor: nil, previousCursor: nil) }
        try await Application(router: seconds).test(.router) { client in
            let one = try await client.execute(uri: "/stamped", method: .get)
            let object = try JSONSerialization.jsonObject(with: Data(one.body.readableBytesView)) as? [String: Any]
            #expect(object?["at"] as? Double == 1_700_000_000.75, "the context's encoder writes dates as seconds")
            let page = try await client.execute(uri: "/page", method: .get)
            #expect(String(buffer: page.body).contains("1700000000.75"))
        }
    }
}

@Model(table: "stamped")
struct Stamped {
    @ID var id: Int64?
    var at: Date
}

/// A context whose encoder writes dates as seconds since 1970.
struct SecondsContext: RequestContext {
    var coreContext: CoreRequestContextStorage

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }
}

/// `value` written by a JSONWriter and by JSONEncoder (`.iso8601` dates),
/// parsed: the same document (member order aside).
private func expectSameJSON(
    _ value: some JSONValueWritable, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    var writer = JSONWriter()
    try value.writeJSON(into: &writer)
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    let written = String(decoding: writer.bytes, as: UTF8.self)
    let encoded = String(decoding: try encoder.encode(value), as: UTF8.self)
    #expect(try JSON(parsing: written) == JSON(parsing: encoded), "\(written)\n\(encoded)", sourceLocation: sourceLocation)
}

private func sameAsEncoderScenario(_ db: Database) async throws {
    try await db.createTables(AllTypes.self)
    // Every control character but NUL (refused in text), quotes, slashes, non-ASCII, and the separators JSON text must carry as they are.
    let awkward = String((1..<32).map { Character(UnicodeScalar($0)!) }) + "\"\\/'\u{7F}é😀\u{2028}\u{2029}</script>"
    let dates: [Double] = [
        0.7, -0.3, -0.000001, 1_700_000_000.999_999, 951_782_400, -2_208_988_800, -2_208_988_801,
        -5_000_000_000, 253_402_300_799.5, 1e10,
    ]
    // The smallest subnormals by bit pattern (their literals round), and an
    // integer Float cannot hold (it rounds to 16,777,216).
    let doubles: [Double] = [
        1, -0.0, 0.1, 1e20, 1e-7, Double(bitPattern: 1), .greatestFiniteMagnitude, 123_456_789.125, 1e15, -2.5e-300,
    ]
    let floats: [Float] = [0.1, 1, 3.4e38, -Float(bitPattern: 1), Float(Int(16_777_217))]
    let decimals = ["0", "1.50", "-0.000001", "12345678901234567890123456789012345678", "-98765.4321"]
    let documents: [JSON] = [
        ["k": [1, "two", nil, true, 2.5]], [:], [], .string(awkward), .int(.min), .double(-0.0),
        .decimal(Decimal(string: "18446744073709551616")!), ["ü/\"\u{1}": ["nested": [["deep": .null]]]],
    ]
    for index in 0..<10 {
        let create = AllTypes.Create(
            int: index % 2 == 0 ? .min : .max, int16: index % 2 == 0 ? .min : .max, int32: .min, int64: .max,
            double: doubles[index], float: floats[index % floats.count], bool: index % 2 == 0,
            string: index == 0 ? awkward : String(repeating: "x", count: index),
            date: Date(timeIntervalSince1970: dates[index]), uuid: UUID(),
            decimal: Decimal(string: decimals[index % decimals.count])!, data: Data((0..<UInt8(index * 20)).map { $0 &* 13 }),
            bytes: index == 0 ? [] : [0, 255, UInt8(index)], json: documents[index % documents.count],
            address: Address(city: index == 0 ? awkward : "Zürich", zip: "8001"), status: index % 2 == 0 ? .active : .banned,
            priority: .high, optionalInt: index % 2 == 0 ? nil : -index, optionalDate: index % 3 == 0 ? nil : Date(timeIntervalSince1970: dates[9 - index]),
            optionalAddress: index % 2 == 0 ? nil : Address(city: "Bern", zip: "3000"), optionalPriority: index % 2 == 0 ? .low : nil)
        let stored = try await AllTypes.create(on: db, create)
        // The row as the database gives it back, then its Response both ways.
        try expectSameJSON(try await AllTypes.get(on: db, id: stored.id).response())
    }
}
