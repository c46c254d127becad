import Quarry

extension JSONSchema {
    /// This object schema with each property's declared rules
    /// (`Quarry/FieldRules`) written as JSON Schema keywords: `maxLength`,
    /// `minLength`, `pattern` (anchored: validation matches the whole text),
    /// `format: email`, `minimum` and `maximum`.
    ///
    /// ```swift
    /// JSONSchema.infer(Author.Create.self).applying(Author.Create.fieldRules)
    /// // "name": {"type": "string", "maxLength": 80, "minLength": 1}
    /// ```
    public func applying(_ rules: [String: FieldRules]) -> JSONSchema {
        guard !rules.isEmpty, case .object(var object) = json, case .object(var properties)? = object["properties"] else {
            return self
        }
        for (name, rule) in rules {
            guard case .object(var property)? = properties[name] else { continue }
            if let maxLength = rule.maxLength { property["maxLength"] = .int(Int64(maxLength)) }
            if let minLength = rule.minLength { property["minLength"] = .int(Int64(minLength)) }
            // Validation matches the whole text; JSON Schema's pattern searches: anchored.
            if let pattern = rule.pattern { property["pattern"] = .string("^(?:\(pattern))$") }
            if rule.isEmail { property["format"] = "email" }
            if let range = rule.range {
                property["minimum"] = Self.number(range.lowerBound)
                property["maximum"] = Self.number(range.upperBound)
            }
            properties[name] = .object(property)
        }
        object["properties"] = .object(properties)
        return JSONSchema(.object(object))
    }

    /// A bound as an integer where it is one (`0`, not `0.0`).
    private static func number(_ value: Double) -> JSON {
        value == value.rounded() && abs(value) < 9.0e15 ? .int(Int64(value)) : .double(value)
    }
}
