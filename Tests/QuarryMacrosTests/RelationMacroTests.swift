import MacroTesting
import QuarryMacros
import Testing

@Suite(.macros(
    [
        "Model": ModelMacro.self, "ID": ColumnMarkerMacro.self, "Column": ColumnMarkerMacro.self,
        "BelongsTo": RelationMacro.self, "HasMany": RelationMacro.self, "HasOne": RelationMacro.self,
        "ManyToMany": RelationMacro.self, "MorphTo": RelationMacro.self, "MorphMany": RelationMacro.self,
    ]))
struct RelationMacroTests {
    @Test("relation properties become computed over Related storage, with navigation and descriptors")
    func expansion() {
        assertMacro {
            """
            @Model(table: "posts")
            struct Post {
                @ID var id: Int64?
                var authorID: Int64
                @BelongsTo var author: Author?
                @HasMany(\\Comment.postID) var comments: [Comment]?
                @ManyToMany(through: PostTag.self) var tags: [Tag]?
                @MorphTo(type: \\Post.kind, id: \\Post.ref, Photo.self, Video.self) var subject: (any Model)?
                var kind: String
                var ref: Int64
            }
            """
        } expansion: {
            #"""
            struct Post {
                var id: Int64?
                var authorID: Int64
                var author: Author? {
                    get {
                        _author.value
                    }
                    set {
                        _author = Quarry.Related(loaded: newValue)
                    }
                }

                var _author = Quarry.Related<Author>()
                var comments: [Comment]? {
                    get {
                        _comments.value
                    }
                    set {
                        _comments = Quarry.Related(loaded: newValue)
                    }
                }

                var _comments = Quarry.Related<[Comment]>()
                var tags: [Tag]? {
                    get {
                        _tags.value
                    }
                    set {
                        _tags = Quarry.Related(loaded: newValue)
                    }
                }

                var _tags = Quarry.Related<[Tag]>()
                var subject: (any Model)? {
                    get {
                        _subject.value
                    }
                    set {
                        _subject = Quarry.Related(loaded: newValue)
                    }
                }

                var _subject = Quarry.Related<any Model>()
                var kind: String
                var ref: Int64

                var _quarryLoaded = Quarry.RowSnapshot<(id: Int64?, authorID: Int64, kind: String, ref: Int64)>()
            }

            extension Post: Quarry.Model, Quarry.ModelDTOs, Quarry.DirtyTracking, Quarry.ColumnSet {
                typealias Key = Int64

                var primaryKey: Int64? {
                    self.id
                }

                static let schema = Quarry.TableSchema("posts", columns: [
                    Quarry.ColumnSchema("id", type: Int64.columnType, isPrimaryKey: true, isAutoIncrement: true),
                    Quarry.ColumnSchema("author_id", type: Int64.columnType),
                    Quarry.ColumnSchema("kind", type: String.columnType),
                    Quarry.ColumnSchema("ref", type: Int64.columnType),
                ])

                init(row: inout some Quarry.RowDecoder) throws {
                    self.id = try row.decode(Int64?.self)
                    self.authorID = try row.decode(Int64.self)
                    self.kind = try row.decode(String.self)
                    self.ref = try row.decode(Int64.self)
                    self._quarryLoaded = Quarry.RowSnapshot((id: self.id, authorID: self.authorID, kind: self.kind, ref: self.ref))
                }

                func encode(into binds: inout some Quarry.BindEncoder) {
                    binds.encode(self.id)
                    binds.encode(self.authorID)
                    binds.encode(self.kind)
                    binds.encode(self.ref)
                }

                /// The typed columns, for queries: `Author.columns.email`.
                struct Columns: Sendable {
                    let id: Quarry.Column<Post, Int64?>
                    let authorID: Quarry.Column<Post, Int64>
                    let kind: Quarry.Column<Post, String>
                    let ref: Quarry.Column<Post, Int64>
                    let _quarryScope: Quarry.ColumnScope

                    init(_quarryScope scope: Quarry.ColumnScope) {
                        self._quarryScope = scope
                        self.id = Quarry.Column("id", in: scope)
                        self.authorID = Quarry.Column("author_id", in: scope)
                        self.kind = Quarry.Column("kind", in: scope)
                        self.ref = Quarry.Column("ref", in: scope)
                    }

                    var author: Quarry.RelatedOne<Author> {
                        Quarry.RelatedOne(Post.relationship(for: \Post.author)!, from: _quarryScope)
                    }

                    var comments: Quarry.RelatedMany<Comment> {
                        Quarry.RelatedMany(Post.relationship(for: \Post.comments)!, from: _quarryScope)
                    }

                    var tags: Quarry.RelatedMany<Tag> {
                        Quarry.RelatedMany(Post.relationship(for: \Post.tags)!, from: _quarryScope)
                    }
                }

                static let columns = Columns(_quarryScope: .table("posts"))

                static let _quarryTraits = Quarry.ModelTraits(of: Post.self)

                static func columns(in scope: Quarry.ColumnScope) -> Columns {
                    Columns(_quarryScope: scope)
                }

                static func columnName(for keyPath: PartialKeyPath<Post>) -> String? {
                    switch keyPath {
                    case \Post.id:
                        return "id"
                    case \Post.authorID:
                        return "author_id"
                    case \Post.kind:
                        return "kind"
                    case \Post.ref:
                        return "ref"
                    default:
                        return nil
                    }
                }

                static func relationship(for keyPath: PartialKeyPath<Post>) -> Quarry.Relationship? {
                    switch keyPath {
                    case \Post.author:
                        return .belongsTo("author", foreignKey: \Post.authorID, target: Author.self)
                    case \Post.comments:
                        return .hasMany("comments", parent: Post.self, foreignKey: \Comment.postID)
                    case \Post.tags:
                        return .manyToMany("tags", parent: Post.self, target: Tag.self, through: PostTag.self)
                    case \Post.subject:
                        return .morphTo("subject", type: \Post.kind, id: \Post.ref, targets: [Photo.self, Video.self])
                    default:
                        return nil
                    }
                }

                func isLoaded(_ relation: PartialKeyPath<Post>) -> Bool {
                    switch relation {
                    case \Post.author:
                        return self._author.isLoaded
                    case \Post.comments:
                        return self._comments.isLoaded
                    case \Post.tags:
                        return self._tags.isLoaded
                    case \Post.subject:
                        return self._subject.isLoaded
                    default:
                        return false
                    }
                }

                struct Create: Codable, Sendable, Equatable, Quarry.Validatable {
                    var authorID: Int64
                    var kind: String
                    var ref: Int64

                    init(authorID: Int64, kind: String, ref: Int64) {
                        self.authorID = authorID
                        self.kind = kind
                        self.ref = ref
                    }

                    enum CodingKeys: String, CodingKey {
                        case authorID, kind, ref
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = [:]

                    init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let authorID = failures.required(Int64.self, .authorID, in: container)
                        let kind = failures.required(String.self, .kind, in: container)
                        let ref = failures.required(Int64.self, .ref, in: container)
                        Self.checkRules(&failures)
                        guard let authorID, let kind, let ref else {
                            throw Quarry.ValidationError(failures: failures.failures)
                        }
                        self.init(authorID: authorID, kind: kind, ref: ref)
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
                    var authorID: Int64?
                    var kind: String?
                    var ref: Int64?

                    init(authorID: Int64? = nil, kind: String? = nil, ref: Int64? = nil) {
                        self.authorID = authorID
                        self.kind = kind
                        self.ref = ref
                    }

                    enum CodingKeys: String, CodingKey {
                        case authorID, kind, ref
                    }

                    static let fieldRules: [String: Quarry.FieldRules] = [:]

                    init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        var failures = Quarry.ValidationFailures()
                        let authorID = failures.nonNull(Int64.self, .authorID, in: container)
                        let kind = failures.nonNull(String.self, .kind, in: container)
                        let ref = failures.nonNull(Int64.self, .ref, in: container)
                        Self.checkRules(&failures)
                        self.init(authorID: authorID, kind: kind, ref: ref)
                        self.addCustomFailures(into: &failures)
                        try failures.throwIfAny()
                    }

                    func encode(to encoder: any Encoder) throws {
                        var container = encoder.container(keyedBy: CodingKeys.self)
                        try container.encodeIfPresent(self.authorID, forKey: .authorID)
                        try container.encodeIfPresent(self.kind, forKey: .kind)
                        try container.encodeIfPresent(self.ref, forKey: .ref)
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
                    var authorID: Int64
                    var kind: String
                    var ref: Int64

                    func writeJSONMembers(into writer: inout Quarry.JSONWriter) throws {
                        try writer.field("id", self.id)
                        try writer.field("authorID", self.authorID)
                        try writer.field("kind", self.kind)
                        try writer.field("ref", self.ref)
                    }
                }

                init(create: Create) {
                    self.authorID = create.authorID
                    self.kind = create.kind
                    self.ref = create.ref
                }

                mutating func apply(_ update: Update) {
                    if let value = update.authorID {
                        self.authorID = value
                    }
                    if let value = update.kind {
                        self.kind = value
                    }
                    if let value = update.ref {
                        self.ref = value
                    }
                }

                func response() throws -> Response {
                    guard let key = self.id else {
                        throw Quarry.QuarryError.misuse("a \(Self.schema.name) row has no key yet; insert it before building its response")
                    }
                    return Response(id: key, authorID: self.authorID, kind: self.kind, ref: self.ref)
                }

                var _quarryLoadedValues: [Quarry.SQLValue]? {
                    guard let loaded = _quarryLoaded.values else {
                        return nil
                    }
                    return [loaded.id.sqlValue, loaded.authorID.sqlValue, loaded.kind.sqlValue, loaded.ref.sqlValue]
                }

                mutating func _quarryRemember(_ values: [Quarry.SQLValue]?) throws {
                    guard let values else {
                        _quarryLoaded = Quarry.RowSnapshot()
                        return
                    }
                    var row = Quarry.ValuesRowDecoder(values: values, columnNames: Self.schema.columns.map(\.name))
                    _quarryLoaded = Quarry.RowSnapshot((id: try row.decode(Int64?.self), authorID: try row.decode(Int64.self), kind: try row.decode(String.self), ref: try row.decode(Int64.self)))
                }
            }
            """#
        }
    }

    @Test("wrong relation shapes are errors at the property")
    func diagnostics() {
        assertMacro {
            """
            @Model
            struct Post {
                var id: Int64?
                @BelongsTo var author: Author?
            }
            """
        } diagnostics: {
            #"""
            @Model
            struct Post {
                var id: Int64?
                @BelongsTo var author: Author?
                ┬─────────
                ╰─ 🛑 no column 'authorID' holds this relation's key: add one, or name it with @BelongsTo(\Post.column)
            }
            """#
        }
        assertMacro {
            """
            @Model
            struct Post {
                var id: Int64?
                var authorID: Int64
                @BelongsTo var author: [Author]?
                @HasMany(\\Comment.postID) var comments: [Comment]
                @HasOne(\\Profile.postID) let profile: Profile?
                @BelongsTo(\\Post.authorID) var writer: Author? = nil
            }
            """
        } diagnostics: {
            #"""
            @Model
            struct Post {
                var id: Int64?
                var authorID: Int64
                @BelongsTo var author: [Author]?
                                       ┬───────
                                       ╰─ 🛑 @BelongsTo holds one model; use @HasMany or @ManyToMany for an array
                @HasMany(\Comment.postID) var comments: [Comment]
                                                      ┬──────────
                                                      ╰─ 🛑 @HasMany needs an optional array ('[Post]?'): nil means not loaded
                @HasOne(\Profile.postID) let profile: Profile?
                                         ┬──
                                         ╰─ 🛑 a relation is loaded after the row: make it 'var'
                @BelongsTo(\Post.authorID) var writer: Author? = nil
                                                               ┬────
                                                               ╰─ 🛑 a relation starts not loaded: remove the initial value
            }
            """#
        }
    }
}
