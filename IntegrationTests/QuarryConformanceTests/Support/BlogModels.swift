import Quarry

// A blog for the relationship suites: every relation kind, a tree, a
// self-referential many-to-many and a polymorphic comment.

@Model(table: "bloggers")
struct Blogger: Equatable {
    @ID var id: Int64?
    var name: String
    var karma: Int = 0
    @HasMany(\BlogEntry.bloggerID) var entries: [BlogEntry]?
    @HasOne(\Bio.bloggerID) var bio: Bio?
    @ManyToMany(through: Follow.self, from: \Follow.followerID, to: \Follow.followeeID) var following: [Blogger]?
    @ManyToMany(through: Follow.self, from: \Follow.followeeID, to: \Follow.followerID) var followers: [Blogger]?
}

@Model(table: "bios")
struct Bio {
    @ID var id: Int64?
    @Column(.references(Blogger.self, onDelete: .cascade)) var bloggerID: Int64
    var text: String
    @BelongsTo var blogger: Blogger?
}

@Model(table: "blog_entries")
struct BlogEntry: Equatable {
    @ID var id: Int64?
    @Column(.references(Blogger.self, onDelete: .cascade)) var bloggerID: Int64
    var title: String
    var likes: Int = 0
    var published: Bool = true
    @BelongsTo var blogger: Blogger?
    @HasMany(\Reply.entryID) var replies: [Reply]?
    @ManyToMany(through: EntryLabel.self) var labels: [Label]?
    @MorphMany(type: \Remark.targetType, id: \Remark.targetID) var remarks: [Remark]?
}

@Model(table: "replies")
struct Reply {
    @ID var id: Int64?
    @Column(.references(BlogEntry.self, onDelete: .cascade)) var entryID: Int64
    var body: String
    @BelongsTo(\Reply.entryID) var entry: BlogEntry?
}

@Model(table: "labels")
struct Label {
    @ID var id: Int64?
    @Column(.unique) var text: String
    @ManyToMany(through: EntryLabel.self) var entries: [BlogEntry]?
}

@Model(table: "entry_labels")
struct EntryLabel {
    @ID var id: Int64?
    @Column(.references(BlogEntry.self, onDelete: .cascade)) var entryID: Int64
    @Column(.references(Label.self, onDelete: .cascade)) var labelID: Int64
}

@Model(table: "follows")
struct Follow {
    @ID var id: Int64?
    @Column(.references(Blogger.self, onDelete: .cascade)) var followerID: Int64
    @Column(.references(Blogger.self, onDelete: .cascade)) var followeeID: Int64
}

@Model(table: "pictures")
struct Picture {
    @ID var id: Int64?
    var url: String
    @MorphMany(type: \Remark.targetType, id: \Remark.targetID) var remarks: [Remark]?
}

@Model(table: "remarks")
struct Remark {
    @ID var id: Int64?
    var targetType: String
    var targetID: Int64
    var body: String
    @MorphTo(type: \Remark.targetType, id: \Remark.targetID, BlogEntry.self, Picture.self) var target: (any Model)?
}

/// Creates every table of the blog, parents first.
func createBlog(_ db: Database) async throws {
    try await db.createTables(
        Blogger.self, Bio.self, BlogEntry.self, Reply.self, Label.self, EntryLabel.self, Follow.self, Picture.self,
        Remark.self)
}
