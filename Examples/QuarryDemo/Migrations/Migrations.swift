// Every migration of the app, oldest first. `quarry migrate create` appends new ones.
import QuarryMigrations

let allMigrations: [Migration] = [
    m0001_create_blog,
]
