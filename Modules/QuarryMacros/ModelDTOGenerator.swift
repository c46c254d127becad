import SwiftSyntax

/// Writes the `Create`, `Update` and `Response` DTOs of a `@Model` and the
/// members that connect them to the model.
struct ModelDTOGenerator {
    let columns: [ModelColumn]
    let access: String

    private var key: ModelColumn { columns.first(where: \.isPrimaryKey)! }
    private var createColumns: [ModelColumn] { columns.filter(\.isInCreate) }
    private var updateColumns: [ModelColumn] { columns.filter(\.isInUpdate) }

    /// Every generated declaration, as source text for the extension body.
    var declarations: String {
        [createDTO, updateDTO, responseDTO, modelMembers].joined(separator: "\n\n")
    }

    // MARK: - Create

    private func createType(_ column: ModelColumn) -> String {
        column.isOptionalInCreate ? "\(column.wrapped)?" : column.wrapped
    }

    private var createDTO: String {
        let fields = createColumns.map { "        \(access)var \($0.identifier): \(createType($0))" }
        let parameters = createColumns.map {
            "\($0.label): \(createType($0))" + ($0.isOptionalInCreate ? " = nil" : "")
        }
        let assignments = createColumns.map { "            self.\($0.identifier) = \($0.identifier)" }
        let decodes = createColumns.map { column -> String in
            let method = column.isOptionalInCreate ? "optional" : "required"
            return "            let \(column.identifier) = failures.\(method)(\(column.wrapped).self, .\(column.identifier), in: container)"
        }
        let required = createColumns.filter { !$0.isOptionalInCreate }.map { "let \($0.identifier)" }
        let arguments = createColumns.map { "\($0.label): \($0.identifier)" }.joined(separator: ", ")
        // Without every required field there is no value to run custom rules on.
        let requiredGuard = required.isEmpty ? "" : "\n" + """
                        guard \(required.joined(separator: ", ")) else {
                            throw Quarry.ValidationError(failures: failures.failures)
                        }
            """
        return """
                \(access)struct Create: Codable, Sendable, Equatable, Quarry.Validatable {
            \(fields.joined(separator: "\n"))

                    \(access)init(\(parameters.joined(separator: ", "))) {
            \(assignments.joined(separator: "\n"))
                    }

            \(codingKeys(createColumns))

            \(fieldRules(createColumns))

                    \(access)init(from decoder: any Decoder) throws {
                        \(createColumns.isEmpty ? "_" : "let container") = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
            \(decodes.joined(separator: "\n"))
                        Self.checkRules(&failures\(ruleArguments(createColumns) { $0.identifier }))\(requiredGuard)
                        self.init(\(arguments))
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    \(access)func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures\(ruleArguments(createColumns) { "self.\($0.identifier)" }))
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

            \(checkRules(createColumns) { createType($0).hasSuffix("?") ? createType($0) : createType($0) + "?" })

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else { return }
                        custom.validateCustom(into: &failures)
                    }
                }
            """
    }

    // MARK: - Update

    private func updateType(_ column: ModelColumn) -> String {
        column.isOptional ? "Quarry.Patch<\(column.wrapped)>" : "\(column.wrapped)?"
    }

    private var updateDTO: String {
        let fields = updateColumns.map { "        \(access)var \($0.identifier): \(updateType($0))" }
        let parameters = updateColumns.map {
            "\($0.label): \(updateType($0)) = " + ($0.isOptional ? ".absent" : "nil")
        }
        let assignments = updateColumns.map { "            self.\($0.identifier) = \($0.identifier)" }
        let decodes = updateColumns.map { column -> String in
            let method = column.isOptional ? "patch" : "nonNull"
            return "            let \(column.identifier) = failures.\(method)(\(column.wrapped).self, .\(column.identifier), in: container)"
        }
        let encodes = updateColumns.map { column -> String in
            if column.isOptional {
                return """
                                switch self.\(column.identifier) {
                                case .absent: break
                                case .null: try container.encodeNil(forKey: .\(column.identifier))
                                case .value(let value): try container.encode(value, forKey: .\(column.identifier))
                                }
                    """
            }
            return "            try container.encodeIfPresent(self.\(column.identifier), forKey: .\(column.identifier))"
        }
        let arguments = updateColumns.map { "\($0.label): \($0.identifier)" }.joined(separator: ", ")
        let value: (ModelColumn) -> String = { $0.isOptional ? "\($0.identifier).newValue" : $0.identifier }
        return """
                \(access)struct Update: Codable, Sendable, Equatable, Quarry.Validatable {
            \(fields.joined(separator: "\n"))

                    \(access)init(\(parameters.joined(separator: ", "))) {
            \(assignments.joined(separator: "\n"))
                    }

            \(codingKeys(updateColumns))

            \(fieldRules(updateColumns))

                    \(access)init(from decoder: any Decoder) throws {
                        \(updateColumns.isEmpty ? "_" : "let container") = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
            \(decodes.joined(separator: "\n"))
                        Self.checkRules(&failures\(ruleArguments(updateColumns, value)))
                        self.init(\(arguments))
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    \(access)func encode(to encoder: any Encoder) throws {
                        \(updateColumns.isEmpty ? "_" : "var container") = encoder.container(keyedBy: CodingKeys.self)
            \(encodes.joined(separator: "\n"))
                    }

                    \(access)func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures\(ruleArguments(updateColumns) { "self." + value($0) }))
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

            \(checkRules(updateColumns) { "\($0.wrapped)?" })

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else { return }
                        custom.validateCustom(into: &failures)
                    }
                }
            """
    }

    // MARK: - Response

    private var responseDTO: String {
        let fields = columns.map { column in
            "        \(access)var \(column.identifier): \(column.isPrimaryKey ? column.wrapped : column.type.trimmedDescription)"
        }
        // The members as the synthesized Encodable writes them (a nil optional
        // left out), straight into a JSONWriter: API bodies skip JSONEncoder.
        let members = columns.map { column in
            let call = column.isOptional && !column.isPrimaryKey ? "optionalField" : "field"
            return "            try writer.\(call)(\"\(column.property)\", self.\(column.identifier))"
        }
        return """
                \(access)struct Response: Codable, Sendable, Equatable, Quarry.JSONObjectWritable {
            \(fields.joined(separator: "\n"))

                    \(access)func writeJSONMembers(into writer: inout Quarry.JSONWriter) throws {
            \(members.joined(separator: "\n"))
                    }
                }
            """
    }

    // MARK: - Model members

    private var modelMembers: String {
        let createAssignments = createColumns.map { column -> String in
            if column.isPrimaryKey && column.initializer != nil || (!column.isOptional && column.initializer != nil) {
                return "        if let value = create.\(column.identifier) { self.\(column.identifier) = value }"
            }
            return "        self.\(column.identifier) = create.\(column.identifier)"
        } + columns.filter { ($0.isScopeFixed || $0.isServerStamped) && $0.initializer == nil }.map { column in
            // Stamped by its scope or the database on insert: empty until then.
            "        self.\(column.identifier) = \(column.isOptional ? "nil" : ".init()")"
        }
        let applies = updateColumns.map { column -> String in
            column.isOptional
                ? "        self.\(column.identifier) = update.\(column.identifier).applied(to: self.\(column.identifier))"
                : "        if let value = update.\(column.identifier) { self.\(column.identifier) = value }"
        }
        // Only a single key can be optional (composite key parts never are).
        let responseArguments = columns.map {
            "\($0.label): \($0.isPrimaryKey && $0.isOptional ? "key" : "self.\($0.identifier)")"
        }.joined(separator: ", ")
        let keyGuard = key.isOptional
            ? """
                    guard let key = self.\(key.identifier) else {
                        throw Quarry.QuarryError.misuse("a \\(Self.schema.name) row has no key yet; insert it before building its response")
                    }

            """
            : ""
        return """
                \(access)init(create: Create) {
            \(createAssignments.joined(separator: "\n"))
                }

                \(access)mutating func apply(_ update: Update) {
            \(applies.joined(separator: "\n"))
                }

                \(access)func response() throws -> Response {
            \(keyGuard)        return Response(\(responseArguments))
                }
            """
    }

    // MARK: - Helpers

    private func codingKeys(_ columns: [ModelColumn]) -> String {
        // A DTO without fields (a junction of keys only) has no keys to name.
        guard !columns.isEmpty else { return "        enum CodingKeys: CodingKey {}" }
        let cases = columns.map(\.identifier).joined(separator: ", ")
        return "        enum CodingKeys: String, CodingKey {\n            case \(cases)\n        }"
    }

    /// `static let fieldRules`: the columns' rules as data, labels in
    /// `FieldRules.init`'s order.
    private func fieldRules(_ columns: [ModelColumn]) -> String {
        let order = ["maxLength", "minLength", "pattern", "email", "range"]
        let entries = columns.filter { !$0.rules.isEmpty }.map { column -> String in
            let rules = column.rules.sorted { lhs, rhs in
                let left = order.firstIndex { lhs.hasPrefix($0 + ":") } ?? order.count
                let right = order.firstIndex { rhs.hasPrefix($0 + ":") } ?? order.count
                return left < right
            }
            return "\"\(column.property)\": Quarry.FieldRules(\(rules.joined(separator: ", ")))"
        }
        let literal = entries.isEmpty ? "[:]" : "[\(entries.joined(separator: ", "))]"
        return "        \(access)static let fieldRules: [String: Quarry.FieldRules] = \(literal)"
    }

    /// `, email: value, age: value` for the columns that have rules.
    private func ruleArguments(_ columns: [ModelColumn], _ value: (ModelColumn) -> String) -> String {
        columns.filter { !$0.rules.isEmpty }.map { ", \($0.label): \(value($0))" }.joined()
    }

    /// The static function that applies every rule to optional values.
    private func checkRules(_ columns: [ModelColumn], type: (ModelColumn) -> String) -> String {
        let ruled = columns.filter { !$0.rules.isEmpty }
        let parameters = ruled.map { ", \($0.label): \(type($0))" }.joined()
        let checks = ruled.flatMap { column in
            column.rules.map {
                "            failures.check(\(column.identifier), field: \"\(column.property)\", \($0))"
            }
        }
        return """
                    private static func checkRules(_ failures: inout Quarry.ValidationFailures\(parameters)) {
            \(checks.isEmpty ? "" : checks.joined(separator: "\n"))
                    }
            """
    }
}
