import Foundation
import Quarry
import QuarryMigrations
import QuarryTesting
import Testing

/// Two unique constraints whose `uq_<table>_<columns>` names agree in their
/// first 63 bytes: PostgreSQL used to truncate both to one name and skip the
/// second with IF NOT EXISTS, accepting duplicates.
@Model(table: "subscription_invoice_line_items_by_customer")
struct LongNamedItem: TableOptions {
    @ID var id: Int64?
    var customerReferenceNumber: String
    var billingPeriodStart: Int
    var billingPeriodEnd: Int

    static let constraints: [TableConstraint] = [
        unique(\.customerReferenceNumber, \.billingPeriodStart),
        unique(\.customerReferenceNumber, \.billingPeriodEnd),
    ]
}

/// Claims the name `ix_shadow_targets_label` for an index on another table.
@Model(table: "shadow_holders")
struct ShadowHolder: TableOptions {
    @ID var id: Int64?
    var code: String
    static let constraints: [TableConstraint] = [unique(\.code, name: "uq_shadow_targets_label")]
}

@Model(table: "shadow_targets")
struct ShadowTarget {
    @ID var id: Int64?
    @Column(.unique) var label: String
}

@Model(table: "shadow_targets_b")
struct ShadowTargetB: TableOptions {
    @ID var id: Int64?
    var label: String
    static let constraints: [TableConstraint] = [unique(\.label, name: "uq_shadow_targets_label")]
}

@Model(table: "shadow_targets_c")
struct ShadowTargetC: TableOptions {
    @ID var id: Int64?
    var label: String
    static let constraints: [TableConstraint] = [unique(\.label, name: "uq_shared_label")]
}

@Model(table: "shadow_targets_d")
struct ShadowTargetD: TableOptions {
    @ID var id: Int64?
    var label: String
    static let constraints: [TableConstraint] = [unique(\.label, name: "uq_shared_label")]
}

@Model(table: "twice_named")
struct TwiceNamed: TableOptions {
    @ID var id: Int64?
    var a: Int
    var b: Int
    static let constraints: [TableConstraint] = [unique(\.a, name: "uq_twice"), index(\.b, name: "uq_twice")]
}

@Model(table: "overlong_names")
struct OverlongName: TableOptions {
    @ID var id: Int64?
    var a: Int
    static let constraints: [TableConstraint] = [unique(\.a, name: String(repeating: "n", count: 64))]
}

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Schema: constraint and index names are bounded, distinct and never shadowed")
struct ConstraintNameTests {
    @Test("15 · generated names fit in 63 bytes, stay distinct, and are the same on every run")
    func bounded() {
        let names = LongNamedItem.namedConstraints.map(\.name)
        #expect(names.allSatisfy { $0.utf8.count <= 63 }, "\(names)")
        #expect(Set(names).count == 2, "\(names)")
        #expect(names[0].hasPrefix("uq_subscription_invoice_line_items_by_customer_"))
        #expect(GeneratedName.bounded("uq_short") == "uq_short")
        #expect(GeneratedName.bounded("uq_tenant_subscription_invoices_customer_reference_billing_period_start")
            == "uq_tenant_subscription_invoices_customer_reference_bil_d74c67a4", "pinned: migrations depend on it")
        let long = String(repeating: "é", count: 40)
        #expect(GeneratedName.bounded(long) == GeneratedName.bounded(long))
        #expect(GeneratedName.bounded(long).utf8.count <= 63)
        #expect(String(decoding: Array(GeneratedName.bounded(long).utf8), as: UTF8.self) == GeneratedName.bounded(long))
    }

    @Test("15 · both long-named unique constraints exist and reject duplicates", arguments: TestDatabase.all)
    func bothEnforced(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), bothEnforcedScenario)
    }

    @Test("15 · an index of the same name elsewhere is an error naming it, not a skipped constraint", arguments: TestDatabase.all)
    func shadowedIndex(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), shadowedIndexScenario)
    }

    @Test("15 · one table naming two objects alike, or a name PostgreSQL would truncate, is refused before any DDL",
          arguments: TestDatabase.all)
    func refusedNames(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), refusedNamesScenario)
    }
}

private func bothEnforcedScenario(_ db: Database) async throws {
    try await db.createTables(LongNamedItem.self)
    try await db.createTables(LongNamedItem.self)  // again: IF NOT EXISTS finds the same indexes
    try await LongNamedItem(customerReferenceNumber: "c1", billingPeriodStart: 1, billingPeriodEnd: 2).insert(on: db)
    await #expect {
        try await LongNamedItem(customerReferenceNumber: "c1", billingPeriodStart: 1, billingPeriodEnd: 3).insert(on: db)
    } throws: { error in
        if case QuarryError.uniqueViolation = error { return true } else { return false }
    }
    await #expect {
        try await LongNamedItem(customerReferenceNumber: "c1", billingPeriodStart: 5, billingPeriodEnd: 2).insert(on: db)
    } throws: { error in
        if case QuarryError.uniqueViolation = error { return true } else { return false }
    }
    #expect(try await LongNamedItem.count(on: db) == 1)
}

private func isInvalidArgument(_ error: any Error, named name: String) -> Bool {
    if case QuarryError.invalidArgument(let found, _) = error { return found == name }
    return false
}

private func shadowedIndexScenario(_ db: Database) async throws {
    try await db.createTables(ShadowHolder.self)
    // ShadowTarget's generated unique index would be uq_shadow_targets_label, ShadowHolder's explicit name.
    try await db.createTables(ShadowTarget.self)  // an inline UNIQUE: the database names it, no clash
    try await ShadowTarget(label: "x").insert(on: db)
    await #expect {
        try await ShadowTarget(label: "x").insert(on: db)
    } throws: { error in
        if case QuarryError.uniqueViolation = error { return true } else { return false }
    }
    await #expect {
        try await db.createTables(ShadowTargetB.self)
    } throws: { isInvalidArgument($0, named: "uq_shadow_targets_label") }
    let created = try await db.fetchValue(
        Int.self, db.dialect.name == "postgres"
            ? "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'shadow_targets_b'"
            : "SELECT count(*) FROM sqlite_master WHERE name = 'shadow_targets_b'")
    #expect(created == 0, "nothing of the refused table is left")
    // Two tables of one call claiming one name are refused too.
    await #expect {
        try await db.createTables(ShadowTargetC.self, ShadowTargetD.self)
    } throws: { error in
        guard case QuarryError.invalidArgument("uq_shared_label", let reason) = error else { return false }
        return reason.contains("shadow_targets_c") && reason.contains("shadow_targets_d")
    }
    #expect(try await db.fetchAll(db.dialect.indexLookup(named: "uq_shared_label")).isEmpty)
}

private func refusedNamesScenario(_ db: Database) async throws {
    await #expect {
        try await db.createTables(TwiceNamed.self)
    } throws: { isInvalidArgument($0, named: "uq_twice") }
    if db.dialect.name == "postgres" {
        await #expect {
            try await db.createTables(OverlongName.self)
        } throws: { isInvalidArgument($0, named: String(repeating: "n", count: 64)) }
    } else {
        try await db.createTables(OverlongName.self)  // SQLite keeps long names whole
    }
}
