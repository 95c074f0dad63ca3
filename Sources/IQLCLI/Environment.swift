import Glibc

/// The value of the environment variable `name`, if set. Read with getenv(3) rather than
/// `ProcessInfo.processInfo.environment`, which copies the whole environment into a
/// dictionary (about 2% of `iql -e '1 + 1'`) to answer one name.
func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
