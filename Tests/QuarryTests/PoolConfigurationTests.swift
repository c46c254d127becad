import Quarry
import Testing

@Suite("Pool configuration")
struct PoolConfigurationTests {
    @Test("the defaults are valid")
    func defaults() throws {
        try PoolConfiguration().validate()
    }

    @Test("each setting out of range is named", arguments: [
        (PoolConfiguration(maxConnections: 0), "maxConnections"),
        (PoolConfiguration(checkoutTimeout: .zero), "checkoutTimeout"),
        (PoolConfiguration(maxLifetime: .seconds(-1)), "maxLifetime"),
        (PoolConfiguration(healthCheckAfterIdle: .seconds(-1)), "healthCheckAfterIdle"),
    ])
    func invalid(_ configuration: PoolConfiguration, _ setting: String) {
        #expect {
            try configuration.validate()
        } throws: { error in
            guard case QuarryError.invalidArgument(let name, _) = error else { return false }
            return name == setting
        }
    }
}
