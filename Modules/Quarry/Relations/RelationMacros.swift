/// A to-one relation through a foreign-key column of this model.
///
/// The property must be `var` and optional, with no initial value: `nil`
/// until prefetched (then `nil` means "no row"; `Model/isLoaded(_:)`
/// tells the two apart). Without an argument the key is the column named
/// after the property plus `ID` (`author` → `authorID`).
///
/// ```swift
/// @Model struct Post {
///     @ID var id: Int64?
///     @Column(.references(Author.self, onDelete: .cascade)) var authorID: Int64
///     var title: String
///     @BelongsTo var author: Author?
/// }
/// @Model struct Category {
///     @ID var id: Int64?
///     @Column(.references(Category.self, onDelete: .setNull)) var parentID: Int64?
///     @BelongsTo(\Category.parentID) var parent: Category?     // a tree
///     @HasMany(\Category.parentID) var children: [Category]?
/// }
/// let posts = try await Post.query.prefetch(\.author).all(on: db)
/// ```
@attached(accessor, names: named(get), named(set))
@attached(peer, names: prefixed(_))
public macro BelongsTo() = #externalMacro(module: "QuarryMacros", type: "RelationMacro")

/// A to-one relation through the foreign-key column `foreignKey` of this model.
@attached(accessor, names: named(get), named(set))
@attached(peer, names: prefixed(_))
public macro BelongsTo<Root, Value>(_ foreignKey: KeyPath<Root, Value>) =
    #externalMacro(module: "QuarryMacros", type: "RelationMacro")

/// A to-one relation to a model with a composite primary key, through
/// this model's foreign-key columns, one per key column, in key order.
///
/// ```swift
/// @BelongsTo(\ReadingNote.sensorID, \ReadingNote.day) var reading: Reading?
/// ```
@attached(accessor, names: named(get), named(set))
@attached(peer, names: prefixed(_))
public macro BelongsTo<Root>(_ first: PartialKeyPath<Root>, _ second: PartialKeyPath<Root>, _ more: PartialKeyPath<Root>...) =
    #externalMacro(module: "QuarryMacros", type: "RelationMacro")

/// The rows of another model whose `foreignKey` refers to this one.
///
/// ```swift
/// @Model struct Author {
///     @ID var id: Int64?
///     var name: String
///     @HasMany(\Post.authorID) var posts: [Post]?        // nil: not loaded; []: none
///     @HasOne(\Profile.authorID) var profile: Profile?
/// }
/// let authors = try await Author.query.prefetch(\.posts).all(on: db)   // 2 statements
/// ```
@attached(accessor, names: named(get), named(set))
@attached(peer, names: prefixed(_))
public macro HasMany<Target, Value>(_ foreignKey: KeyPath<Target, Value>) =
    #externalMacro(module: "QuarryMacros", type: "RelationMacro")

/// The rows of another model whose foreign-key columns refer to this
/// model's composite primary key, one per key column, in key order.
///
/// ```swift
/// @HasMany(\ReadingNote.sensorID, \ReadingNote.day) var notes: [ReadingNote]?
/// ```
@attached(accessor, names: named(get), named(set))
@attached(peer, names: prefixed(_))
public macro HasMany<Target>(_ first: PartialKeyPath<Target>, _ second: PartialKeyPath<Target>, _ more: PartialKeyPath<Target>...) =
    #externalMacro(module: "QuarryMacros", type: "RelationMacro")

/// The one row of another model whose `foreignKey` refers to this one.
///
/// ```swift
/// @HasOne(\Profile.authorID) var profile: Profile?
/// ```
@attached(accessor, names: named(get), named(set))
@attached(peer, names: prefixed(_))
public macro HasOne<Target, Value>(_ foreignKey: KeyPath<Target, Value>) =
    #externalMacro(module: "QuarryMacros", type: "RelationMacro")

/// The one row of another model whose foreign-key columns refer to this
/// model's composite primary key.
///
/// ```swift
/// @HasOne(\Summary.sensorID, \Summary.day) var summary: Summary?
/// ```
@attached(accessor, names: named(get), named(set))
@attached(peer, names: prefixed(_))
public macro HasOne<Target>(_ first: PartialKeyPath<Target>, _ second: PartialKeyPath<Target>, _ more: PartialKeyPath<Target>...) =
    #externalMacro(module: "QuarryMacros", type: "RelationMacro")

/// The rows of another model paired with this one by a junction model.
/// The junction's columns are found by their foreign keys; name them with
/// `from:` (refers to this model) and `to:` when both refer to one table.
///
/// ```swift
/// @Model struct PostTag {
///     @ID var id: Int64?
///     @Column(.references(Post.self, onDelete: .cascade)) var postID: Int64
///     @Column(.references(Tag.self, onDelete: .cascade)) var tagID: Int64
/// }
/// // in Post:
/// @ManyToMany(through: PostTag.self) var tags: [Tag]?
/// // in User, following users:
/// @ManyToMany(through: Follow.self, from: \Follow.followerID, to: \Follow.followeeID) var following: [User]?
///
/// try await post.attach(\.tags, [swift, sql], on: db)
/// ```
@attached(accessor, names: named(get), named(set))
@attached(peer, names: prefixed(_))
public macro ManyToMany<Junction: Model>(through: Junction.Type) =
    #externalMacro(module: "QuarryMacros", type: "RelationMacro")

/// A many-to-many relation whose junction columns are named.
@attached(accessor, names: named(get), named(set))
@attached(peer, names: prefixed(_))
public macro ManyToMany<Junction: Model, From, To>(
    through: Junction.Type, from: KeyPath<Junction, From>, to: KeyPath<Junction, To>
) = #externalMacro(module: "QuarryMacros", type: "RelationMacro")

/// The rows of another model that point at this one through a type column
/// (holding this model's table name) and a key column.
///
/// ```swift
/// // in Post and in Photo:
/// @MorphMany(type: \Comment.targetType, id: \Comment.targetID) var comments: [Comment]?
/// ```
@attached(accessor, names: named(get), named(set))
@attached(peer, names: prefixed(_))
public macro MorphMany<Target, TypeValue, KeyValue>(
    type: KeyPath<Target, TypeValue>, id: KeyPath<Target, KeyValue>
) = #externalMacro(module: "QuarryMacros", type: "RelationMacro")

/// A to-one relation to one of several models, chosen by a type column
/// holding the target's table name; the key column holds its primary key.
/// Prefetching runs one query per target model present.
///
/// ```swift
/// @Model struct Comment {
///     @ID var id: Int64?
///     var targetType: String          // "posts" or "photos"
///     var targetID: Int64
///     var body: String
///     @MorphTo(type: \Comment.targetType, id: \Comment.targetID, Post.self, Photo.self)
///     var target: (any Model)?
/// }
/// let comments = try await Comment.query.prefetch(\.target).all(on: db)
/// let post = comments[0].target as? Post
/// ```
@attached(accessor, names: named(get), named(set))
@attached(peer, names: prefixed(_))
public macro MorphTo<Root, TypeValue, KeyValue>(
    type: KeyPath<Root, TypeValue>, id: KeyPath<Root, KeyValue>, _ targets: any (ColumnSet & Model).Type...
) = #externalMacro(module: "QuarryMacros", type: "RelationMacro")
