/// Turns a struct into a ``Model``: its stored properties become columns.
///
/// The macro generates, in an extension: the ``TableSchema``, the primary
/// key, a positional `init(row:)` and `encode(into:)` (no reflection, no
/// `Codable` on the hot path). The memberwise initializer stays.
///
/// ```swift
/// @Model(table: "authors")
/// struct Author {
///     @ID var id: Int64?                                 // nil until inserted
///     @Column(.unique, .maxLength(120)) var email: String
///     var name: String
///     var bio: String?                                    // Optional ⇒ NULL
///     var karma: Int = 0                                  // initial value ⇒ column default
/// }
/// let ada = try await Author(id: nil, email: "ada@x.io", name: "Ada", bio: nil).insert(on: db)
/// ```
///
/// The table name defaults to the type name in snake_case, pluralised with
/// an "s" (`BlogPost` → `blog_posts`); column names are the properties'
/// names in snake_case unless `@Column(.name("…"))` says otherwise.
@attached(member, names: named(_quarryLoaded))
@attached(
    extension, conformances: Model, ModelDTOs, DirtyTracking, ColumnSet,
    names: named(schema), named(Key), named(primaryKey), named(keyValues(of:)), named(init(row:)), named(encode(into:)), named(Create),
    named(Update), named(Response), named(init(create:)), named(apply(_:)), named(response()),
    named(columnName(for:)), named(Columns), named(columns), named(relationship(for:)), named(isLoaded(_:)),
    named(_quarryLoadedValues), named(_quarryRemember), named(_quarryTraits)
)
public macro Model(table: String? = nil) = #externalMacro(module: "QuarryMacros", type: "ModelMacro")

/// Turns a struct into a read-only model over a database view (a
/// ``DatabaseView``): schema, key, row decoder, typed columns and
/// relations like `@Model`, and no writes. The struct declares the view's
/// `static let definition: ViewSQL`. The name defaults to the type name
/// in snake_case (`AuthorStats` → `author_stats`). `@ID` names a column
/// that is unique in the view, for `get` and ordering.
///
/// ```swift
/// @View(name: "author_stats")
/// struct AuthorStats {
///     @ID var authorID: Int64
///     var posts: Int
///     static let definition = ViewSQL("SELECT author_id, count(*) AS posts FROM posts GROUP BY author_id")
/// }
/// ```
@attached(
    extension, conformances: FetchableModel, ColumnSet, DatabaseView,
    names: named(schema), named(Key), named(primaryKey), named(keyValues(of:)), named(init(row:)), named(encode(into:)),
    named(columnName(for:)), named(Columns), named(columns), named(relationship(for:)), named(isLoaded(_:)),
    named(_quarryTraits)
)
public macro View(name: String? = nil) = #externalMacro(module: "QuarryMacros", type: "ViewMacro")

/// Marks the primary key. An integer key that is `Optional` is assigned by
/// the database (auto-increment); a `UUID` key is generated in Swift.
/// Several `@ID` columns make a composite key (never optional): `@Model`
/// then generates a `Key` struct with one field per key column, which
/// `get`, `find`, `exists` and `delete(id:)` take.
///
/// ```swift
/// @ID var id: Int64?
/// @ID var id: UUID = UUID()
///
/// @Model struct Reading {
///     @ID var sensorID: Int64
///     @ID var day: String
///     var value: Double
/// }
/// let reading = try await Reading.get(on: db, id: Reading.Key(sensorID: 1, day: "2026-01-01"))
/// ```
@attached(peer)
public macro ID(_ options: ColumnOption...) = #externalMacro(module: "QuarryMacros", type: "ColumnMarkerMacro")

/// Sets a column's options.
///
/// ```swift
/// @Column(.unique, .maxLength(120)) var email: String
/// @Column(.name("created"), .defaultNow) var createdAt: Date?
/// @Column(.indexed, .comment("shown on the profile")) var headline: String
/// ```
@attached(peer)
public macro Column(_ options: ColumnOption...) = #externalMacro(module: "QuarryMacros", type: "ColumnMarkerMacro")
