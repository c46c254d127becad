import MacroTesting
import QuarryMacros
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
            """
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
            }

            extension Author: Quarry.Model {
                typealias Key = Int64

                static let schema = Quarry.TableSchema("authors", columns: [
                    Quarry.ColumnSchema("id", type: Int64.columnType, isPrimaryKey: true, isAutoIncrement: true),
                    Quarry.ColumnSchema("email", type: Quarry.ColumnType.text(maxLength: 120), isUnique: true),
                    Quarry.ColumnSchema("name", type: String.columnType),
                    Quarry.ColumnSchema("bio", type: String.columnType, isNullable: true),
                    Quarry.ColumnSchema("karma", type: Int.columnType, defaultValue: .portable((0) as Int)),
                    Quarry.ColumnSchema("status", type: Status.columnType, defaultValue: .portable((.active) as Status)),
                    Quarry.ColumnSchema("created", type: Date.columnType, isNullable: true, defaultValue: .currentTimestamp, comment: "set by the database"),
                ])

                var primaryKey: Int64? {
                    self.id
                }

                init(row: inout some Quarry.RowDecoder) throws {
                    self.id = try row.decode(Int64?.self)
                    self.email = try row.decode(String.self)
                    self.name = try row.decode(String.self)
                    self.bio = try row.decode(String?.self)
                    self.karma = try row.decode(Int.self)
                    self.status = try row.decode(Status.self)
                    self.createdAt = try row.decode(Date?.self)
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
            }
            """
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
            """
            public struct BlogPost {
                public var id: UUID = UUID()
                public var title: String
                public var tags: JSON = [:]
                public var userID: Int64
            }

            extension BlogPost: Quarry.Model {
                public typealias Key = UUID

                public static let schema = Quarry.TableSchema("blog_posts", columns: [
                    Quarry.ColumnSchema("id", type: UUID.columnType, isPrimaryKey: true),
                    Quarry.ColumnSchema("title", type: String.columnType),
                    Quarry.ColumnSchema("tags", type: JSON.columnType, defaultValue: .portable(([:]) as JSON)),
                    Quarry.ColumnSchema("user_id", type: Int64.columnType),
                ])

                public var primaryKey: UUID? {
                    self.id
                }

                public init(row: inout some Quarry.RowDecoder) throws {
                    self.id = try row.decode(UUID.self)
                    self.title = try row.decode(String.self)
                    self.tags = try row.decode(JSON.self)
                    self.userID = try row.decode(Int64.self)
                }

                public func encode(into binds: inout some Quarry.BindEncoder) {
                    binds.encode(self.id)
                    binds.encode(self.title)
                    binds.encode(self.tags)
                    binds.encode(self.userID)
                }
            }
            """
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
            """
            struct Tag {
                var id: Int?
                var label: String
            }

            extension Tag: Quarry.Model {
                typealias Key = Int

                static let schema = Quarry.TableSchema("tags", columns: [
                    Quarry.ColumnSchema("id", type: Int.columnType, isPrimaryKey: true, isAutoIncrement: true),
                    Quarry.ColumnSchema("label", type: String.columnType),
                ])

                var primaryKey: Int? {
                    self.id
                }

                init(row: inout some Quarry.RowDecoder) throws {
                    self.id = try row.decode(Int?.self)
                    self.label = try row.decode(String.self)
                }

                func encode(into binds: inout some Quarry.BindEncoder) {
                    binds.encode(self.id)
                    binds.encode(self.label)
                }
            }
            """
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
            """
            struct Author {
                var id: Int64?
            }

            extension Author: Quarry.Model {
                typealias Key = Int64

                static let schema = Quarry.TableSchema("authors", columns: [
                    Quarry.ColumnSchema("id", type: Int64.columnType, isPrimaryKey: true, isAutoIncrement: true),
                ])

                var primaryKey: Int64? {
                    self.id
                }

                init(row: inout some Quarry.RowDecoder) throws {
                    self.id = try row.decode(Int64?.self)
                }

                func encode(into binds: inout some Quarry.BindEncoder) {
                    binds.encode(self.id)
                }
            }
            """
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

    @Test("two primary keys are an error at the second")
    func twoKeys() {
        assertMacro {
            """
            @Model
            struct Pair {
                @ID var a: Int64?
                @ID var b: Int64?
            }
            """
        } diagnostics: {
            """
            @Model
            struct Pair {
                @ID var a: Int64?
                @ID var b: Int64?
                ┬──
                ╰─ 🛑 a model has one primary key; this is the second @ID
            }
            """
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
            """
            struct Fixed {
                var id: Int64?
                var kind: String = "x"
            }

            extension Fixed: Quarry.Model {
                typealias Key = Int64

                static let schema = Quarry.TableSchema("fixeds", columns: [
                    Quarry.ColumnSchema("id", type: Int64.columnType, isPrimaryKey: true, isAutoIncrement: true),
                    Quarry.ColumnSchema("kind", type: String.columnType, defaultValue: .portable(("x") as String)),
                ])

                var primaryKey: Int64? {
                    self.id
                }

                init(row: inout some Quarry.RowDecoder) throws {
                    self.id = try row.decode(Int64?.self)
                    self.kind = try row.decode(String.self)
                }

                func encode(into binds: inout some Quarry.BindEncoder) {
                    binds.encode(self.id)
                    binds.encode(self.kind)
                }
            }
            """
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
                        ╰─ 🛑 .maxLength applies to String columns only
                @Column(.sparkly) var name: String
                        ┬───────
                        ╰─ 🛑 unknown column option
                @Column(.name(someVariable)) var label: String
                              ┬───────────
                              ╰─ 🛑 this option takes a literal (a number for .maxLength, a string for .name and .comment)
            }
            """
        }
    }

    @Test("column names are the properties in snake_case", arguments: [
        ("createdAt", "created_at"), ("userID", "user_id"), ("URLString", "url_string"), ("name", "name"),
        ("htmlBody2", "html_body2"),
    ])
    func snakeCase(_ property: String, _ column: String) {
        #expect(property.snakeCasedForTesting == column)
    }
}
