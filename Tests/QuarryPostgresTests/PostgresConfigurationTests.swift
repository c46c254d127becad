import Quarry
@testable import QuarryPostgres
import Testing

@Suite("PostgreSQL configuration")
struct PostgresConfigurationTests {
    @Test("URLs and key/value strings are accepted", arguments: [
        "postgres://user:secret@localhost:5432/app",
        "postgresql://localhost/app?sslmode=require&connect_timeout=5",
        "postgres:///app?host=/var/run/postgresql",
        "host=localhost port=5432 dbname=app user=app",
        "host=localhost dbname='my app' sslmode=verify-full sslrootcert=/etc/ssl/ca.pem",
    ])
    func valid(_ text: String) throws {
        #expect(try PostgresConfiguration(text).connectionString == text)
    }

    @Test("malformed strings are invalidConnectionString", arguments: [
        "",
        "   ",
        "localhost",
        "mysql://localhost/app",
        "postgres://localhost/app?nosuchoption=1",
        "host=localhost dbname='unterminated",
        "host=localhost nosuchkey=1",
        "postgres://%zz@localhost/app",
    ])
    func invalid(_ text: String) {
        #expect {
            try PostgresConfiguration(text)
        } throws: { error in
            guard case QuarryError.invalidConnectionString(let message) = error else { return false }
            return !message.isEmpty
        }
    }

    @Test("the error for a malformed URL does not repeat the password")
    func passwordNotEchoed() {
        #expect {
            try PostgresConfiguration("postgres://user:hunter2@localhost/app?bogus=1")
        } throws: { error in
            guard case QuarryError.invalidConnectionString(let message) = error else { return false }
            return !message.contains("hunter2")
        }
    }

    @Test("new connections get UTC and the statement timeout in milliseconds")
    func connectionSettings() throws {
        var configuration = try PostgresConfiguration("host=localhost", statementTimeout: .milliseconds(1500))
        configuration.settings = ["search_path": "tenant_1"]
        let settings = Dictionary(uniqueKeysWithValues: configuration.connectionSettings)
        #expect(settings == ["TimeZone": "UTC", "statement_timeout": "1500ms", "search_path": "tenant_1"])

        configuration.settings = ["timezone": "Europe/Paris"]
        configuration.statementTimeout = nil
        #expect(Dictionary(uniqueKeysWithValues: configuration.connectionSettings) == ["timezone": "Europe/Paris"])
    }

    @Test("invalid settings are named", arguments: [
        (PoolConfiguration(maxConnections: 0), nil, "maxConnections"),
        (PoolConfiguration(), Duration.zero, "statementTimeout"),
    ] as [(PoolConfiguration, Duration?, String)])
    func invalidSettings(_ pool: PoolConfiguration, _ timeout: Duration?, _ setting: String) throws {
        let configuration = try PostgresConfiguration("host=localhost", pool: pool, statementTimeout: timeout)
        #expect {
            try configuration.validate()
        } throws: { error in
            guard case QuarryError.invalidArgument(let name, _) = error else { return false }
            return name == setting
        }
    }
}

@Suite("PostgreSQL binary numeric")
struct PostgresNumericTests {
    /// Builds the binary form: digit count, weight, sign, scale, base-10 000 digits.
    private func numeric(weight: Int16, sign: UInt16, scale: Int16, _ digits: [Int16]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in [Int16(digits.count), weight] { withUnsafeBytes(of: value.bigEndian) { bytes += $0 } }
        withUnsafeBytes(of: sign.bigEndian) { bytes += $0 }
        withUnsafeBytes(of: scale.bigEndian) { bytes += $0 }
        for digit in digits { withUnsafeBytes(of: digit.bigEndian) { bytes += $0 } }
        return bytes
    }

    private func decode(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PostgresNumeric.decimalText($0.baseAddress!, length: $0.count) }
        }
    }

    @Test("digits, weight, sign and scale decode to decimal text", arguments: [
        (Int16(1), UInt16(0), Int16(3), [Int16(1), 2345, 6780], "12345.678"),
        (0, 0x4000, 2, [19, 9900], "-19.99"),
        (-1, 0, 6, [123], "0.012300"),
        (-2, 0, 6, [1200], "0.000012"),
        (-2, 0, 8, [12], "0.00000012"),
        (2, 0, 0, [1], "100000000"),
        (0, 0, 0, [], "0"),
        (0, 0, 2, [], "0.00"),
    ] as [(Int16, UInt16, Int16, [Int16], String)])
    func decodes(_ weight: Int16, _ sign: UInt16, _ scale: Int16, _ digits: [Int16], _ text: String) {
        #expect(decode(numeric(weight: weight, sign: sign, scale: scale, digits)) == text)
    }

    @Test("NaN and infinities have no Decimal", arguments: [UInt16(0xC000), 0xD000, 0xF000])
    func special(_ sign: UInt16) {
        #expect(decode(numeric(weight: 0, sign: sign, scale: 0, [])) == nil)
    }
}
