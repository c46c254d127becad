import SwiftDiagnostics
import SwiftSyntax

/// The errors `@Model` reports, each at the line that causes it.
enum ModelDiagnostic: String, DiagnosticMessage {
    case notAStruct
    case genericStruct
    case missingPrimaryKey
    case optionalCompositeKeyPart
    case computedColumn
    case letWithInitialValue
    case missingTypeAnnotation
    case unsupportedType
    case unknownOption
    case maxLengthOnNonText
    case rangeOnNonNumber
    case invalidOptionArgument
    case invalidTableName
    case writableWithoutStamp

    var message: String {
        switch self {
        case .notAStruct: "@Model applies to a struct"
        case .genericStruct: "@Model does not support generic structs"
        case .missingPrimaryKey: "@Model needs a primary key: mark one property @ID (or name it 'id')"
        case .optionalCompositeKeyPart:
            "a column of a composite primary key (several @ID) cannot be optional; the database never assigns it"
        case .computedColumn: "a computed property cannot be a column; remove @Column or @ID, or store the value"
        case .letWithInitialValue: "a 'let' with an initial value cannot be read from a row; make it 'var'"
        case .missingTypeAnnotation: "a column needs an explicit type (for example 'var karma: Int = 0')"
        case .unsupportedType:
            "this type cannot be a column; use a scalar, an enum with a raw value, or a Codable struct conforming to JSONColumn"
        case .unknownOption: "unknown column option"
        case .maxLengthOnNonText: "this text rule (.maxLength, .minLength, .pattern, .email) applies to String columns only"
        case .rangeOnNonNumber: ".range applies to numeric columns only"
        case .invalidOptionArgument: "this option takes a literal (a number for .maxLength, a string for .name and .comment)"
        case .invalidTableName: "table: takes a non-empty string literal"
        case .writableWithoutStamp:
            ".writable applies to server-stamped (.defaultNow) columns; other columns are writable already"
        }
    }

    var diagnosticID: MessageID { MessageID(domain: "QuarryMacros", id: rawValue) }
    var severity: DiagnosticSeverity { .error }
}

/// A fix-it message.
struct ModelFixIt: FixItMessage {
    let message: String
    var fixItID: MessageID { MessageID(domain: "QuarryMacros", id: message) }
}
