/// Where reads go while a task runs: the task-local switch behind
/// `Database.onPrimary(_:)`.
enum ReplicaRouting {
    @TaskLocal static var forcesPrimary = false
}
