import MacroTesting
@testable import QuarryMacros
import Testing

@Suite(.macros(["Model": ModelMacro.self, "ID": ColumnMarkerMacro.self, "Column": ColumnMarkerMacro.self]))
struct ModelMacroTests {
    @Test("a struct gets schema, key, row decoder and bind encoder")
    func expansion() {
        assertMacro {
            """
            @Model(table: "authors")
            struct Author {
                @ID var id: Int64?
                @Column(.unique, .maxLength(120)) var email: String
                var name: String
                var bio: String?
                var karma: Int = 0
                var status: Status = .active
                @Column(.name("created"), .defaultNow, .comment("set by the database")) var createdAt: Date?
                var fullName: String { name }
                static let limit = 10
            }
            """
        } expansion: {
            #"""
            struct Author {
                var id: Int64?
                var email: String
                var name: String
                var bio: String?
                var karma: Int = 0
                var status: Status = .active
                var createdAt: Date?
                var fullName: String { name }
                static let limit = 10

                var _quarryLoaded = Quarry.RowSnapshot<(id: Int64?, email: String, name: String, bio: String?, karma: Int, status: Status, createdAt: Date?)>()
            }

            extension Author: Quarry.Model, Quarry.ModelDTOs, Quarry.DirtyTracking, Quarry.ColumnSet {
                typealias Key = Int64

                var primaryKey: Int64? {
                    self.id
                }

                static let schema = Quarry.TableSchema("authors", columns: [
                    Quarry.ColumnSchema("id", type: Int64.columnType, isPrimaryKey: true, isAutoIncrement: true),
                    Quarry.ColumnSchema("email", type: Quarry.ColumnType.text(maxLength: 120), isUnique: true),
                    Quarry.ColumnSchema("name", type: String.columnType),
                    Quarry.ColumnSchema("bio", type: String.columnType, isNullable: true),
                    Quarry.ColumnSchema("karma", type: Int.columnType, defaultValue: .portable((0) as Int)),
                    Quarry.ColumnSchema("status", type: Status.columnType, defaultValue: .portable((.active) as Status)),
                    Quarry.ColumnSchema("created", type: Date.columnType, isNullable: true, defaultValue: .currentTimestamp, comment: "set by the database"),
                ])

                init(row: inout some Quarry.RowDecoder) throws {
                    self.id = try row.decode(Int64?.self)
                    self.email = try row.decode(String.self)
                    self.name = try row.decode(String.self)
                    self.bio = try row.decode(String?.self)
                    self.karma = try row.decode(Int.self)
                    self.status = try row.decode(Status.self)
                    self.createdAt = try row.decode(Date?.self)
                    self._quarryLoaded = Quarry.RowSnapshot((id: self.id, email: self.email, name: self.name, bio: self.bio, karma: self.karma, status: self.status, createdAt: self.createdAt))
                }

                func encode(into binds: inout some Quarry.BindEncoder) {
                    binds.encode(self.id)
                    binds.encode(self.email)
                    binds.encode(self.name)
                    binds.encode(self.bio)
                    binds.encode(self.karma)
                    binds.encode(self.status)
                    binds.encode(self.createdAt)
                }

                /// The typed columns, for queries: `Author.columns.email`.
                struct Columns: Sendable {
                    let id: Quarry.Column<Author, Int64?>
                    let email: Quarry.Column<Author, String>
                    let name: Quarry.Column<Author, String>
                    let bio: Quarry.Column<Author, String?>
                    let karma: Quarry.Column<Author, Int>
                    let status: Quarry.Column<Author, Status>
                    let createdAt: Quarry.Column<Author, Date?>
                    let _quarryScope: Quarry.ColumnScope

                    init(_quarryScope scope: Quarry.ColumnScope) {
                        self._quarryScope = scope
                        self.id = Quarry.Column("id", in: scope)
                        self.email = Quarry.Column("email", in: scope)
                        self.name = Quarry.Column("name", in: scope)
                        self.bio = Quarry.Column("bio", in: scope)
                        self.karma = Quarry.Column("karma", in: scope)
                        self.status = Quarry.Column("status", in: scope)
                        self.createdAt = Quarry.Column("created", in: scope)
                    }
                }

                static let columns = Columns(_quarryScope: .table("authors"))

                static let _quarryTraits = Quarry.ModelTraits(of: Author.self)

                static func columns(in scope: Quarry.ColumnScope) -> Columns {
                    Columns(_quarryScope: scope)
                }

                static func columnName(for keyPath: PartialKeyPath<Author>) -> String? {
                    switch keyPath {
                    case \Author.id:
                        return "id"
                    case \Author.email:
                        return "email"
                    case \Author.name:
                        return "name"
                    case \Author.bio:
                        return "bio"
                    case \Author.karma:
                        return "karma"
                    case \Author.status:
                        return "status"
                    case \Author.createdAt:
                        return "created"
                    default:
                        return nil
                    }
                }

                struct Create: Codable, Sendable, Equatable, Quarry.Validatable {
                    var email: String
                    var name: String
                    var bio: String?
                    var karma: Int?
                    var status: Status?

                    init(email: String, name: String, bio: String? = nil, karma: Int? = nil, status: Status? = nil) {
                        self.email = email
                        self.name = name
                        self.bio = bio
                        self.karma = karma
                        self.status = status
                    }

                    enum CodingKeys: String, CodingKey {
                        case email, name, bio, karma, status
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = ["email": Quarry.FieldRules(maxLength: 120)]

                    init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let email = failures.required(String.self, .email, in: container)
                        let name = failures.required(String.self, .name, in: container)
                        let bio = failures.optional(String.self, .bio, in: container)
                        let karma = failures.optional(Int.self, .karma, in: container)
                        let status = failures.optional(Status.self, .status, in: container)
                        Self.checkRules(&failures, email: email)
                        guard let email, let name else {
                            throw Quarry.ValidationError(failures: failures.failures)
                        }
                        self.init(email: email, name: name, bio: bio, karma: karma, status: status)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures, email: self.email)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures, email: String?) {
                        failures.check(email, field: "email", maxLength: 120)
                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                struct Update: Codable, Sendable, Equatable, Quarry.Validatable {
                    var email: String?
                    var name: String?
                    var bio: Quarry.Patch<String>
                    var karma: Int?
                    var status: Status?

                    init(email: String? = nil, name: String? = nil, bio: Quarry.Patch<String> = .absent, karma: Int? = nil, status: Status? = nil) {
                        self.email = email
                        self.name = name
                        self.bio = bio
                        self.karma = karma
                        self.status = status
                    }

                    enum CodingKeys: String, CodingKey {
                        case email, name, bio, karma, status
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = ["email": Quarry.FieldRules(maxLength: 120)]

                    init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let email = failures.nonNull(String.self, .email, in: container)
                        let name = failures.nonNull(String.self, .name, in: container)
                        let bio = failures.patch(String.self, .bio, in: container)
                        let karma = failures.nonNull(Int.self, .karma, in: container)
                        let status = failures.nonNull(Status.self, .status, in: container)
                        Self.checkRules(&failures, email: email)
                        self.init(email: email, name: name, bio: bio, karma: karma, status: status)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    func encode(to encoder: any Encoder) throws {
                        var container = encoder.container(keyedBy: CodingKeys.self)
                        try container.encodeIfPresent(self.email, forKey: .email)
                        try container.encodeIfPresent(self.name, forKey: .name)
                        switch self.bio {
                        case .absent:
                            break
                        case .null:
                            try container.encodeNil(forKey: .bio)
                        case .value(let value):
                            try container.encode(value, forKey: .bio)
                        }
                        try container.encodeIfPresent(self.karma, forKey: .karma)
                        try container.encodeIfPresent(self.status, forKey: .status)
                    }

                    func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures, email: self.email)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures, email: String?) {
                        failures.check(email, field: "email", maxLength: 120)
                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                struct Response: Codable, Sendable, Equatable, Quarry.JSONObjectWritable {
                    var id: Int64
                    var email: String
                    var name: String
                    var bio: String?
                    var karma: Int
                    var status: Status
                    var createdAt: Date?

                    func writeJSONMembers(into writer: inout Quarry.JSONWriter) throws {
                        try writer.field("id", self.id)
                        try writer.field("email", self.email)
                        try writer.field("name", self.name)
                        try writer.optionalField("bio", self.bio)
                        try writer.field("karma", self.karma)
                        try writer.field("status", self.status)
                        try writer.optionalField("createdAt", self.createdAt)
                    }
                }

                init(create: Create) {
                    self.email = create.email
                    self.name = create.name
                    self.bio = create.bio
                    if let value = create.karma {
                        self.karma = value
                    }
                    if let value = create.status {
                        self.status = value
                    }
                    self.createdAt = nil
                }

                mutating func apply(_ update: Update) {
                    if let value = update.email {
                        self.email = value
                    }
                    if let value = update.name {
                        self.name = value
                    }
                    self.bio = update.bio.applied(to: self.bio)
                    if let value = update.karma {
                        self.karma = value
                    }
                    if let value = update.status {
                        self.status = value
                    }
                }

                func response() throws -> Response {
                    guard let key = self.id else {
                        throw Quarry.QuarryError.misuse("a \(Self.schema.name) row has no key yet; insert it before building its response")
                    }
                    return Response(id: key, email: self.email, name: self.name, bio: self.bio, karma: self.karma, status: self.status, createdAt: self.createdAt)
                }

                var _quarryLoadedValues: [Quarry.SQLValue]? {
                    guard let loaded = _quarryLoaded.values else {
                        return nil
                    }
                    return [loaded.id.sqlValue, loaded.email.sqlValue, loaded.name.sqlValue, loaded.bio.sqlValue, loaded.karma.sqlValue, loaded.status.sqlValue, loaded.createdAt.sqlValue]
                }

                mutating func _quarryRemember(_ values: [Quarry.SQLValue]?) throws {
                    guard let values else {
                        _quarryLoaded = Quarry.RowSnapshot()
                        return
                    }
                    var row = Quarry.ValuesRowDecoder(values: values, columnNames: Self.schema.columns.map(\.name))
                    _quarryLoaded = Quarry.RowSnapshot((id: try row.decode(Int64?.self), email: try row.decode(String.self), name: try row.decode(String.self), bio: try row.decode(String?.self), karma: try row.decode(Int.self), status: try row.decode(Status.self), createdAt: try row.decode(Date?.self)))
                }
            }
            """#
        }
    }

    @Test("a UUID key is generated in Swift, a public struct gets public members, the table name defaults")
    func uuidKeyPublicDefaultTable() {
        assertMacro {
            """
            @Model
            public struct BlogPost {
                @ID public var id: UUID = UUID()
                public var title: String
                public var tags: JSON = [:]
                public var userID: Int64
            }
            """
        } expansion: {
            #"""
            public struct BlogPost {
                public var id: UUID = UUID()
                public var title: String
                public var tags: JSON = [:]
                public var userID: Int64

                public var _quarryLoaded = Quarry.RowSnapshot<(id: UUID, title: String, tags: JSON, userID: Int64)>()
            }

            extension BlogPost: Quarry.Model, Quarry.ModelDTOs, Quarry.DirtyTracking, Quarry.ColumnSet {
                public typealias Key = UUID

                public var primaryKey: UUID? {
                    self.id
                }

                public static let schema = Quarry.TableSchema("blog_posts", columns: [
                    Quarry.ColumnSchema("id", type: UUID.columnType, isPrimaryKey: true),
                    Quarry.ColumnSchema("title", type: String.columnType),
                    Quarry.ColumnSchema("tags", type: JSON.columnType, defaultValue: .portable(([:]) as JSON)),
                    Quarry.ColumnSchema("user_id", type: Int64.columnType),
                ])

                public init(row: inout some Quarry.RowDecoder) throws {
                    self.id = try row.decode(UUID.self)
                    self.title = try row.decode(String.self)
                    self.tags = try row.decode(JSON.self)
                    self.userID = try row.decode(Int64.self)
                    self._quarryLoaded = Quarry.RowSnapshot((id: self.id, title: self.title, tags: self.tags, userID: self.userID))
                }

                public func encode(into binds: inout some Quarry.BindEncoder) {
                    binds.encode(self.id)
                    binds.encode(self.title)
                    binds.encode(self.tags)
                    binds.encode(self.userID)
                }

                /// The typed columns, for queries: `Author.columns.email`.
                public struct Columns: Sendable {
                    public let id: Quarry.Column<BlogPost, UUID>
                    public let title: Quarry.Column<BlogPost, String>
                    public let tags: Quarry.Column<BlogPost, JSON>
                    public let userID: Quarry.Column<BlogPost, Int64>
                    let _quarryScope: Quarry.ColumnScope

                    init(_quarryScope scope: Quarry.ColumnScope) {
                        self._quarryScope = scope
                        self.id = Quarry.Column("id", in: scope)
                        self.title = Quarry.Column("title", in: scope)
                        self.tags = Quarry.Column("tags", in: scope)
                        self.userID = Quarry.Column("user_id", in: scope)
                    }
                }

                public static let columns = Columns(_quarryScope: .table("blog_posts"))

                public static let _quarryTraits = Quarry.ModelTraits(of: BlogPost.self)

                public static func columns(in scope: Quarry.ColumnScope) -> Columns {
                    Columns(_quarryScope: scope)
                }

                public static func columnName(for keyPath: PartialKeyPath<BlogPost>) -> String? {
                    switch keyPath {
                    case \BlogPost.id:
                        return "id"
                    case \BlogPost.title:
                        return "title"
                    case \BlogPost.tags:
                        return "tags"
                    case \BlogPost.userID:
                        return "user_id"
                    default:
                        return nil
                    }
                }

                public struct Create: Codable, Sendable, Equatable, Quarry.Validatable {
                    public var id: UUID?
                    public var title: String
                    public var tags: JSON?
                    public var userID: Int64

                    public init(id: UUID? = nil, title: String, tags: JSON? = nil, userID: Int64) {
                        self.id = id
                        self.title = title
                        self.tags = tags
                        self.userID = userID
                    }

                    enum CodingKeys: String, CodingKey {
                        case id, title, tags, userID
                    }

                    public static let fieldRules: [String: Quarry.FieldRules] = [:]

                    public init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let id = failures.optional(UUID.self, .id, in: container)
                        let title = failures.required(String.self, .title, in: container)
                        let tags = failures.optional(JSON.self, .tags, in: container)
                        let userID = failures.required(Int64.self, .userID, in: container)
                        Self.checkRules(&failures)
                        guard let title, let userID else {
                            throw Quarry.ValidationError(failures: failures.failures)
                        }
                        self.init(id: id, title: title, tags: tags, userID: userID)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    public func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures) {

                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                public struct Update: Codable, Sendable, Equatable, Quarry.Validatable {
                    public var title: String?
                    public var tags: JSON?
                    public var userID: Int64?

                    public init(title: String? = nil, tags: JSON? = nil, userID: Int64? = nil) {
                        self.title = title
                        self.tags = tags
                        self.userID = userID
                    }

                    enum CodingKeys: String, CodingKey {
                        case title, tags, userID
                    }

                    public static let fieldRules: [String: Quarry.FieldRules] = [:]

                    public init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let title = failures.nonNull(String.self, .title, in: container)
                        let tags = failures.nonNull(JSON.self, .tags, in: container)
                        let userID = failures.nonNull(Int64.self, .userID, in: container)
                        Self.checkRules(&failures)
                        self.init(title: title, tags: tags, userID: userID)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    public func encode(to encoder: any Encoder) throws {
                        var container = encoder.container(keyedBy: CodingKeys.self)
                        try container.encodeIfPresent(self.title, forKey: .title)
                        try container.encodeIfPresent(self.tags, forKey: .tags)
                        try container.encodeIfPresent(self.userID, forKey: .userID)
                    }

                    public func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures) {

                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                public struct Response: Codable, Sendable, Equatable, Quarry.JSONObjectWritable {
                    public var id: UUID
                    public var title: String
                    public var tags: JSON
                    public var userID: Int64

                    public func writeJSONMembers(into writer: inout Quarry.JSONWriter) throws {
                        try writer.field("id", self.id)
                        try writer.field("title", self.title)
                        try writer.field("tags", self.tags)
                        try writer.field("userID", self.userID)
                    }
                }

                public init(create: Create) {
                    if let value = create.id {
                        self.id = value
                    }
                    self.title = create.title
                    if let value = create.tags {
                        self.tags = value
                    }
                    self.userID = create.userID
                }

                public mutating func apply(_ update: Update) {
                    if let value = update.title {
                        self.title = value
                    }
                    if let value = update.tags {
                        self.tags = value
                    }
                    if let value = update.userID {
                        self.userID = value
                    }
                }

                public func response() throws -> Response {
                    return Response(id: self.id, title: self.title, tags: self.tags, userID: self.userID)
                }

                public var _quarryLoadedValues: [Quarry.SQLValue]? {
                    guard let loaded = _quarryLoaded.values else {
                        return nil
                    }
                    return [loaded.id.sqlValue, loaded.title.sqlValue, loaded.tags.sqlValue, loaded.userID.sqlValue]
                }

                public mutating func _quarryRemember(_ values: [Quarry.SQLValue]?) throws {
                    guard let values else {
                        _quarryLoaded = Quarry.RowSnapshot()
                        return
                    }
                    var row = Quarry.ValuesRowDecoder(values: values, columnNames: Self.schema.columns.map(\.name))
                    _quarryLoaded = Quarry.RowSnapshot((id: try row.decode(UUID.self), title: try row.decode(String.self), tags: try row.decode(JSON.self), userID: try row.decode(Int64.self)))
                }
            }
            """#
        }
    }

    @Test("a property named id is the key when none is marked")
    func implicitID() {
        assertMacro {
            """
            @Model(table: "tags")
            struct Tag {
                var id: Int?
                var label: String
            }
            """
        } expansion: {
            #"""
            struct Tag {
                var id: Int?
                var label: String

                var _quarryLoaded = Quarry.RowSnapshot<(id: Int?, label: String)>()
            }

            extension Tag: Quarry.Model, Quarry.ModelDTOs, Quarry.DirtyTracking, Quarry.ColumnSet {
                typealias Key = Int

                var primaryKey: Int? {
                    self.id
                }

                static let schema = Quarry.TableSchema("tags", columns: [
                    Quarry.ColumnSchema("id", type: Int.columnType, isPrimaryKey: true, isAutoIncrement: true),
                    Quarry.ColumnSchema("label", type: String.columnType),
                ])

                init(row: inout some Quarry.RowDecoder) throws {
                    self.id = try row.decode(Int?.self)
                    self.label = try row.decode(String.self)
                    self._quarryLoaded = Quarry.RowSnapshot((id: self.id, label: self.label))
                }

                func encode(into binds: inout some Quarry.BindEncoder) {
                    binds.encode(self.id)
                    binds.encode(self.label)
                }

                /// The typed columns, for queries: `Author.columns.email`.
                struct Columns: Sendable {
                    let id: Quarry.Column<Tag, Int?>
                    let label: Quarry.Column<Tag, String>
                    let _quarryScope: Quarry.ColumnScope

                    init(_quarryScope scope: Quarry.ColumnScope) {
                        self._quarryScope = scope
                        self.id = Quarry.Column("id", in: scope)
                        self.label = Quarry.Column("label", in: scope)
                    }
                }

                static let columns = Columns(_quarryScope: .table("tags"))

                static let _quarryTraits = Quarry.ModelTraits(of: Tag.self)

                static func columns(in scope: Quarry.ColumnScope) -> Columns {
                    Columns(_quarryScope: scope)
                }

                static func columnName(for keyPath: PartialKeyPath<Tag>) -> String? {
                    switch keyPath {
                    case \Tag.id:
                        return "id"
                    case \Tag.label:
                        return "label"
                    default:
                        return nil
                    }
                }

                struct Create: Codable, Sendable, Equatable, Quarry.Validatable {
                    var label: String

                    init(label: String) {
                        self.label = label
                    }

                    enum CodingKeys: String, CodingKey {
                        case label
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = [:]

                    init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let label = failures.required(String.self, .label, in: container)
                        Self.checkRules(&failures)
                        guard let label else {
                            throw Quarry.ValidationError(failures: failures.failures)
                        }
                        self.init(label: label)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures) {

                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                struct Update: Codable, Sendable, Equatable, Quarry.Validatable {
                    var label: String?

                    init(label: String? = nil) {
                        self.label = label
                    }

                    enum CodingKeys: String, CodingKey {
                        case label
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = [:]

                    init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let label = failures.nonNull(String.self, .label, in: container)
                        Self.checkRules(&failures)
                        self.init(label: label)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    func encode(to encoder: any Encoder) throws {
                        var container = encoder.container(keyedBy: CodingKeys.self)
                        try container.encodeIfPresent(self.label, forKey: .label)
                    }

                    func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures) {

                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                struct Response: Codable, Sendable, Equatable, Quarry.JSONObjectWritable {
                    var id: Int
                    var label: String

                    func writeJSONMembers(into writer: inout Quarry.JSONWriter) throws {
                        try writer.field("id", self.id)
                        try writer.field("label", self.label)
                    }
                }

                init(create: Create) {
                    self.label = create.label
                }

                mutating func apply(_ update: Update) {
                    if let value = update.label {
                        self.label = value
                    }
                }

                func response() throws -> Response {
                    guard let key = self.id else {
                        throw Quarry.QuarryError.misuse("a \(Self.schema.name) row has no key yet; insert it before building its response")
                    }
                    return Response(id: key, label: self.label)
                }

                var _quarryLoadedValues: [Quarry.SQLValue]? {
                    guard let loaded = _quarryLoaded.values else {
                        return nil
                    }
                    return [loaded.id.sqlValue, loaded.label.sqlValue]
                }

                mutating func _quarryRemember(_ values: [Quarry.SQLValue]?) throws {
                    guard let values else {
                        _quarryLoaded = Quarry.RowSnapshot()
                        return
                    }
                    var row = Quarry.ValuesRowDecoder(values: values, columnNames: Self.schema.columns.map(\.name))
                    _quarryLoaded = Quarry.RowSnapshot((id: try row.decode(Int?.self), label: try row.decode(String.self)))
                }
            }
            """#
        }
    }

    @Test("@Model on a class is an error with a fix-it")
    func onClass() {
        assertMacro {
            """
            @Model
            class Author {
                var id: Int64?
            }
            """
        } diagnostics: {
            """
            @Model
            class Author {
            ┬────
            ╰─ 🛑 @Model applies to a struct
               ✏️ make it a struct
                var id: Int64?
            }
            """
        } fixes: {
            """
            @Model
            struct Author {
                var id: Int64?
            }
            """
        } expansion: {
            #"""
            struct Author {
                var id: Int64?

                var _quarryLoaded = Quarry.RowSnapshot<Int64?>()
            }

            extension Author: Quarry.Model, Quarry.ModelDTOs, Quarry.DirtyTracking, Quarry.ColumnSet {
                typealias Key = Int64

                var primaryKey: Int64? {
                    self.id
                }

                static let schema = Quarry.TableSchema("authors", columns: [
                    Quarry.ColumnSchema("id", type: Int64.columnType, isPrimaryKey: true, isAutoIncrement: true),
                ])

                init(row: inout some Quarry.RowDecoder) throws {
                    self.id = try row.decode(Int64?.self)
                    self._quarryLoaded = Quarry.RowSnapshot(self.id)
                }

                func encode(into binds: inout some Quarry.BindEncoder) {
                    binds.encode(self.id)
                }

                /// The typed columns, for queries: `Author.columns.email`.
                struct Columns: Sendable {
                    let id: Quarry.Column<Author, Int64?>
                    let _quarryScope: Quarry.ColumnScope

                    init(_quarryScope scope: Quarry.ColumnScope) {
                        self._quarryScope = scope
                        self.id = Quarry.Column("id", in: scope)
                    }
                }

                static let columns = Columns(_quarryScope: .table("authors"))

                static let _quarryTraits = Quarry.ModelTraits(of: Author.self)

                static func columns(in scope: Quarry.ColumnScope) -> Columns {
                    Columns(_quarryScope: scope)
                }

                static func columnName(for keyPath: PartialKeyPath<Author>) -> String? {
                    switch keyPath {
                    case \Author.id:
                        return "id"
                    default:
                        return nil
                    }
                }

                struct Create: Codable, Sendable, Equatable, Quarry.Validatable {


                    init() {

                    }

                    enum CodingKeys: CodingKey {
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = [:]

                    init(from decoder: any Decoder) throws {
                        _ = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()

                        Self.checkRules(&failures)
                        self.init()
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures) {

                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                struct Update: Codable, Sendable, Equatable, Quarry.Validatable {


                    init() {

                    }

                    enum CodingKeys: CodingKey {
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = [:]

                    init(from decoder: any Decoder) throws {
                        _ = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()

                        Self.checkRules(&failures)
                        self.init()
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    func encode(to encoder: any Encoder) throws {
                        _ = encoder.container(keyedBy: CodingKeys.self)

                    }

                    func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures) {

                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                struct Response: Codable, Sendable, Equatable, Quarry.JSONObjectWritable {
                    var id: Int64

                    func writeJSONMembers(into writer: inout Quarry.JSONWriter) throws {
                        try writer.field("id", self.id)
                    }
                }

                init(create: Create) {

                }

                mutating func apply(_ update: Update) {

                }

                func response() throws -> Response {
                    guard let key = self.id else {
                        throw Quarry.QuarryError.misuse("a \(Self.schema.name) row has no key yet; insert it before building its response")
                    }
                    return Response(id: key)
                }

                var _quarryLoadedValues: [Quarry.SQLValue]? {
                    guard let loaded = _quarryLoaded.values else {
                        return nil
                    }
                    return [loaded.sqlValue]
                }

                mutating func _quarryRemember(_ values: [Quarry.SQLValue]?) throws {
                    guard let values else {
                        _quarryLoaded = Quarry.RowSnapshot()
                        return
                    }
                    var row = Quarry.ValuesRowDecoder(values: values, columnNames: Self.schema.columns.map(\.name))
                    _quarryLoaded = Quarry.RowSnapshot(try row.decode(Int64?.self))
                }
            }
            """#
        }
    }

    @Test("@Model on an enum is an error")
    func onEnum() {
        assertMacro {
            """
            @Model
            enum Status { case active }
            """
        } diagnostics: {
            """
            @Model
            ┬─────
            ╰─ 🛑 @Model applies to a struct
            enum Status { case active }
            """
        }
    }

    @Test("a composite key's parts cannot be optional")
    func optionalCompositeKey() {
        assertMacro {
            """
            @Model
            struct Pair {
                @ID var a: Int64?
                @ID var b: Int64
            }
            """
        } diagnostics: {
            """
            @Model
            struct Pair {
                @ID var a: Int64?
                ┬──
                ╰─ 🛑 a column of a composite primary key (several @ID) cannot be optional; the database never assigns it
                @ID var b: Int64
            }
            """
        }
    }

    @Test("several @ID columns make a composite key: a Key struct, primaryKey and keyValues(of:)")
    func compositeKey() {
        assertMacro {
            """
            @Model("post_tags")
            struct PostTag {
                @ID var postID: Int64
                @ID var tagID: Int64
                var weight: Int = 1
            }
            """
        } expansion: {
            #"""
            struct PostTag {
                var postID: Int64
                var tagID: Int64
                var weight: Int = 1

                var _quarryLoaded = Quarry.RowSnapshot<(postID: Int64, tagID: Int64, weight: Int)>()
            }

            extension PostTag: Quarry.Model, Quarry.ModelDTOs, Quarry.DirtyTracking, Quarry.ColumnSet {
                /// The composite primary key: one value per `@ID` column.
                struct Key: Hashable, Sendable, Codable {
                    var postID: Int64
                    var tagID: Int64

                    init(postID: Int64, tagID: Int64) {
                        self.postID = postID
                        self.tagID = tagID
                    }
                }

                var primaryKey: Key? {
                    Key(postID: self.postID, tagID: self.tagID)
                }

                static func keyValues(of key: Key) -> [Quarry.SQLValue] {
                    [key.postID.sqlValue, key.tagID.sqlValue]
                }

                static let schema = Quarry.TableSchema("post_tags", columns: [
                    Quarry.ColumnSchema("post_id", type: Int64.columnType, isPrimaryKey: true),
                    Quarry.ColumnSchema("tag_id", type: Int64.columnType, isPrimaryKey: true),
                    Quarry.ColumnSchema("weight", type: Int.columnType, defaultValue: .portable((1) as Int)),
                ])

                init(row: inout some Quarry.RowDecoder) throws {
                    self.postID = try row.decode(Int64.self)
                    self.tagID = try row.decode(Int64.self)
                    self.weight = try row.decode(Int.self)
                    self._quarryLoaded = Quarry.RowSnapshot((postID: self.postID, tagID: self.tagID, weight: self.weight))
                }

                func encode(into binds: inout some Quarry.BindEncoder) {
                    binds.encode(self.postID)
                    binds.encode(self.tagID)
                    binds.encode(self.weight)
                }

                /// The typed columns, for queries: `Author.columns.email`.
                struct Columns: Sendable {
                    let postID: Quarry.Column<PostTag, Int64>
                    let tagID: Quarry.Column<PostTag, Int64>
                    let weight: Quarry.Column<PostTag, Int>
                    let _quarryScope: Quarry.ColumnScope

                    init(_quarryScope scope: Quarry.ColumnScope) {
                        self._quarryScope = scope
                        self.postID = Quarry.Column("post_id", in: scope)
                        self.tagID = Quarry.Column("tag_id", in: scope)
                        self.weight = Quarry.Column("weight", in: scope)
                    }
                }

                static let columns = Columns(_quarryScope: .table("post_tags"))

                static let _quarryTraits = Quarry.ModelTraits(of: PostTag.self)

                static func columns(in scope: Quarry.ColumnScope) -> Columns {
                    Columns(_quarryScope: scope)
                }

                static func columnName(for keyPath: PartialKeyPath<PostTag>) -> String? {
                    switch keyPath {
                    case \PostTag.postID:
                        return "post_id"
                    case \PostTag.tagID:
                        return "tag_id"
                    case \PostTag.weight:
                        return "weight"
                    default:
                        return nil
                    }
                }

                struct Create: Codable, Sendable, Equatable, Quarry.Validatable {
                    var postID: Int64
                    var tagID: Int64
                    var weight: Int?

                    init(postID: Int64, tagID: Int64, weight: Int? = nil) {
                        self.postID = postID
                        self.tagID = tagID
                        self.weight = weight
                    }

                    enum CodingKeys: String, CodingKey {
                        case postID, tagID, weight
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = [:]

                    init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let postID = failures.required(Int64.self, .postID, in: container)
                        let tagID = failures.required(Int64.self, .tagID, in: container)
                        let weight = failures.optional(Int.self, .weight, in: container)
                        Self.checkRules(&failures)
                        guard let postID, let tagID else {
                            throw Quarry.ValidationError(failures: failures.failures)
                        }
                        self.init(postID: postID, tagID: tagID, weight: weight)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures) {

                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                struct Update: Codable, Sendable, Equatable, Quarry.Validatable {
                    var weight: Int?

                    init(weight: Int? = nil) {
                        self.weight = weight
                    }

                    enum CodingKeys: String, CodingKey {
                        case weight
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = [:]

                    init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let weight = failures.nonNull(Int.self, .weight, in: container)
                        Self.checkRules(&failures)
                        self.init(weight: weight)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    func encode(to encoder: any Encoder) throws {
                        var container = encoder.container(keyedBy: CodingKeys.self)
                        try container.encodeIfPresent(self.weight, forKey: .weight)
                    }

                    func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures) {

                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                struct Response: Codable, Sendable, Equatable, Quarry.JSONObjectWritable {
                    var postID: Int64
                    var tagID: Int64
                    var weight: Int

                    func writeJSONMembers(into writer: inout Quarry.JSONWriter) throws {
                        try writer.field("postID", self.postID)
                        try writer.field("tagID", self.tagID)
                        try writer.field("weight", self.weight)
                    }
                }

                init(create: Create) {
                    self.postID = create.postID
                    self.tagID = create.tagID
                    if let value = create.weight {
                        self.weight = value
                    }
                }

                mutating func apply(_ update: Update) {
                    if let value = update.weight {
                        self.weight = value
                    }
                }

                func response() throws -> Response {
                    return Response(postID: self.postID, tagID: self.tagID, weight: self.weight)
                }

                var _quarryLoadedValues: [Quarry.SQLValue]? {
                    guard let loaded = _quarryLoaded.values else {
                        return nil
                    }
                    return [loaded.postID.sqlValue, loaded.tagID.sqlValue, loaded.weight.sqlValue]
                }

                mutating func _quarryRemember(_ values: [Quarry.SQLValue]?) throws {
                    guard let values else {
                        _quarryLoaded = Quarry.RowSnapshot()
                        return
                    }
                    var row = Quarry.ValuesRowDecoder(values: values, columnNames: Self.schema.columns.map(\.name))
                    _quarryLoaded = Quarry.RowSnapshot((postID: try row.decode(Int64.self), tagID: try row.decode(Int64.self), weight: try row.decode(Int.self)))
                }
            }
            """#
        }
    }

    @Test("no primary key is an error at the struct name")
    func noKey() {
        assertMacro {
            """
            @Model
            struct Note {
                var body: String
            }
            """
        } diagnostics: {
            """
            @Model
            struct Note {
                   ┬───
                   ╰─ 🛑 @Model needs a primary key: mark one property @ID (or name it 'id')
                var body: String
            }
            """
        }
    }

    @Test("a computed property marked as a column is an error")
    func computedColumn() {
        assertMacro {
            """
            @Model
            struct Person {
                var id: Int64?
                var first: String
                @Column(.indexed) var display: String { first }
            }
            """
        } diagnostics: {
            """
            @Model
            struct Person {
                var id: Int64?
                var first: String
                @Column(.indexed) var display: String { first }
                ┬────────────────
                ╰─ 🛑 a computed property cannot be a column; remove @Column or @ID, or store the value
            }
            """
        }
    }

    @Test("unsupported types, missing annotations and a let with a value are errors")
    func unsupportedDeclarations() {
        assertMacro {
            """
            @Model
            struct Bad {
                var id: Int64?
                var pair: (Int, Int)
                var lookup: [String: Int]
                var karma = 0
                let kind: String = "x"
            }
            """
        } diagnostics: {
            """
            @Model
            struct Bad {
                var id: Int64?
                var pair: (Int, Int)
                          ┬─────────
                          ╰─ 🛑 this type cannot be a column; use a scalar, an enum with a raw value, or a Codable struct conforming to JSONColumn
                var lookup: [String: Int]
                            ┬────────────
                            ╰─ 🛑 this type cannot be a column; use a scalar, an enum with a raw value, or a Codable struct conforming to JSONColumn
                var karma = 0
                    ┬────
                    ╰─ 🛑 a column needs an explicit type (for example 'var karma: Int = 0')
                let kind: String = "x"
                ┬──
                ╰─ 🛑 a 'let' with an initial value cannot be read from a row; make it 'var'
                   ✏️ make it 'var'
            }
            """
        }
    }

    @Test("a let with an initial value is fixed by making it var")
    func letFixIt() {
        assertMacro {
            """
            @Model
            struct Fixed {
                var id: Int64?
                let kind: String = "x"
            }
            """
        } diagnostics: {
            """
            @Model
            struct Fixed {
                var id: Int64?
                let kind: String = "x"
                ┬──
                ╰─ 🛑 a 'let' with an initial value cannot be read from a row; make it 'var'
                   ✏️ make it 'var'
            }
            """
        } fixes: {
            """
            @Model
            struct Fixed {
                var id: Int64?
                var kind: String = "x"
            }
            """
        } expansion: {
            #"""
            struct Fixed {
                var id: Int64?
                var kind: String = "x"

                var _quarryLoaded = Quarry.RowSnapshot<(id: Int64?, kind: String)>()
            }

            extension Fixed: Quarry.Model, Quarry.ModelDTOs, Quarry.DirtyTracking, Quarry.ColumnSet {
                typealias Key = Int64

                var primaryKey: Int64? {
                    self.id
                }

                static let schema = Quarry.TableSchema("fixeds", columns: [
                    Quarry.ColumnSchema("id", type: Int64.columnType, isPrimaryKey: true, isAutoIncrement: true),
                    Quarry.ColumnSchema("kind", type: String.columnType, defaultValue: .portable(("x") as String)),
                ])

                init(row: inout some Quarry.RowDecoder) throws {
                    self.id = try row.decode(Int64?.self)
                    self.kind = try row.decode(String.self)
                    self._quarryLoaded = Quarry.RowSnapshot((id: self.id, kind: self.kind))
                }

                func encode(into binds: inout some Quarry.BindEncoder) {
                    binds.encode(self.id)
                    binds.encode(self.kind)
                }

                /// The typed columns, for queries: `Author.columns.email`.
                struct Columns: Sendable {
                    let id: Quarry.Column<Fixed, Int64?>
                    let kind: Quarry.Column<Fixed, String>
                    let _quarryScope: Quarry.ColumnScope

                    init(_quarryScope scope: Quarry.ColumnScope) {
                        self._quarryScope = scope
                        self.id = Quarry.Column("id", in: scope)
                        self.kind = Quarry.Column("kind", in: scope)
                    }
                }

                static let columns = Columns(_quarryScope: .table("fixeds"))

                static let _quarryTraits = Quarry.ModelTraits(of: Fixed.self)

                static func columns(in scope: Quarry.ColumnScope) -> Columns {
                    Columns(_quarryScope: scope)
                }

                static func columnName(for keyPath: PartialKeyPath<Fixed>) -> String? {
                    switch keyPath {
                    case \Fixed.id:
                        return "id"
                    case \Fixed.kind:
                        return "kind"
                    default:
                        return nil
                    }
                }

                struct Create: Codable, Sendable, Equatable, Quarry.Validatable {
                    var kind: String?

                    init(kind: String? = nil) {
                        self.kind = kind
                    }

                    enum CodingKeys: String, CodingKey {
                        case kind
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = [:]

                    init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let kind = failures.optional(String.self, .kind, in: container)
                        Self.checkRules(&failures)
                        self.init(kind: kind)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures) {

                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                struct Update: Codable, Sendable, Equatable, Quarry.Validatable {
                    var kind: String?

                    init(kind: String? = nil) {
                        self.kind = kind
                    }

                    enum CodingKeys: String, CodingKey {
                        case kind
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = [:]

                    init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let kind = failures.nonNull(String.self, .kind, in: container)
                        Self.checkRules(&failures)
                        self.init(kind: kind)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    func encode(to encoder: any Encoder) throws {
                        var container = encoder.container(keyedBy: CodingKeys.self)
                        try container.encodeIfPresent(self.kind, forKey: .kind)
                    }

                    func validate() throws {
                        var failures = Quarry.ValidationFailures()
                        Self.checkRules(&failures)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    private static func checkRules(_ failures: inout Quarry.ValidationFailures) {

                    }

                    private func addCustomFailures(into failures: inout Quarry.ValidationFailures) {
                        guard let custom = self as Any as? any Quarry.CustomValidation else {
                            return
                        }
                        custom.validateCustom(into: &failures)
                    }
                }

                struct Response: Codable, Sendable, Equatable, Quarry.JSONObjectWritable {
                    var id: Int64
                    var kind: String

                    func writeJSONMembers(into writer: inout Quarry.JSONWriter) throws {
                        try writer.field("id", self.id)
                        try writer.field("kind", self.kind)
                    }
                }

                init(create: Create) {
                    if let value = create.kind {
                        self.kind = value
                    }
                }

                mutating func apply(_ update: Update) {
                    if let value = update.kind {
                        self.kind = value
                    }
                }

                func response() throws -> Response {
                    guard let key = self.id else {
                        throw Quarry.QuarryError.misuse("a \(Self.schema.name) row has no key yet; insert it before building its response")
                    }
                    return Response(id: key, kind: self.kind)
                }

                var _quarryLoadedValues: [Quarry.SQLValue]? {
                    guard let loaded = _quarryLoaded.values else {
                        return nil
                    }
                    return [loaded.id.sqlValue, loaded.kind.sqlValue]
                }

                mutating func _quarryRemember(_ values: [Quarry.SQLValue]?) throws {
                    guard let values else {
                        _quarryLoaded = Quarry.RowSnapshot()
                        return
                    }
                    var row = Quarry.ValuesRowDecoder(values: values, columnNames: Self.schema.columns.map(\.name))
                    _quarryLoaded = Quarry.RowSnapshot((id: try row.decode(Int64?.self), kind: try row.decode(String.self)))
                }
            }
            """#
        }
    }

    @Test("bad options are errors at the option")
    func badOptions() {
        assertMacro {
            """
            @Model(table: "")
            struct Item {
                var id: Int64?
            }
            """
        } diagnostics: {
            """
            @Model(table: "")
                          ┬─
                          ╰─ 🛑 table: takes a non-empty string literal
            struct Item {
                var id: Int64?
            }
            """
        }
        assertMacro {
            """
            @Model
            struct Item {
                var id: Int64?
                @Column(.maxLength(10)) var count: Int
                @Column(.sparkly) var name: String
                @Column(.name(someVariable)) var label: String
            }
            """
        } diagnostics: {
            """
            @Model
            struct Item {
                var id: Int64?
                @Column(.maxLength(10)) var count: Int
                        ┬─────────────
                        ╰─ 🛑 this text rule (.maxLength, .minLength, .pattern, .email) applies to String columns only
                @Column(.sparkly) var name: String
                        ┬───────
                        ╰─ 🛑 unknown column option
                @Column(.name(someVariable)) var label: String
                              ┬───────────
                              ╰─ 🛑 this option takes a literal (a number for .maxLength, a string for .name and .comment)
            }
            """
        }
        assertMacro {
            """
            @Model
            struct Item {
                var id: Int64?
                @Column(.writable) var label: String
            }
            """
        } diagnostics: {
            """
            @Model
            struct Item {
                var id: Int64?
                @Column(.writable) var label: String
                ┬─────────────────
                ╰─ 🛑 .writable applies to server-stamped (.defaultNow) columns; other columns are writable already
            }
            """
        }
    }

    @Test("a generic struct and a range on text are errors")
    func genericAndRange() {
        assertMacro {
            """
            @Model
            struct Box<T> {
                var id: Int64?
            }
            """
        } diagnostics: {
            """
            @Model
            struct Box<T> {
                   ┬──
                   ╰─ 🛑 @Model does not support generic structs
                var id: Int64?
            }
            """
        }
        assertMacro {
            """
            @Model
            struct Item {
                var id: Int64?
                @Column(.range(0...10)) var label: String
            }
            """
        } diagnostics: {
            """
            @Model
            struct Item {
                var id: Int64?
                @Column(.range(0...10)) var label: String
                        ┬─────────────
                        ╰─ 🛑 .range applies to numeric columns only
            }
            """
        }
    }

    @Test("column names are the properties in snake_case", arguments: [
        ("createdAt", "created_at"), ("userID", "user_id"), ("URLString", "url_string"), ("name", "name"),
        ("htmlBody2", "html_body2"),
    ])
    func snakeCase(_ property: String, _ column: String) {
        #expect(property.snakeCased == column)
    }
}
