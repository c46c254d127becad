/// A web layer answers a failed validation with 422 `validation_failed` and
/// every failing field.
///
/// ```swift
/// let error = ValidationError(failures: [FieldFailure(field: "email", message: "is required")])
/// print(error.httpStatus, error.fieldFailures.count)  // 422 1
/// ```
extension ValidationError: ClientFacingError {
    public var httpStatus: Int { 422 }
    public var errorCode: String { "validation_failed" }
    public var publicMessage: String { "\(failures.count) field(s) failed validation" }
    public var fieldFailures: [FieldFailure] { failures }
}
