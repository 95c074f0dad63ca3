/// The messages of running on a database (PostgreSQL): connecting, logging in, the
/// server's errors, and a query stopped by a limit.
extension Messages {
    static let databaseNotPermitted = Message("database_not_permitted",
                                              en: "reading a database is not permitted: this engine was not granted database access",
                                              zh: "不允许读取数据库：这个引擎没有数据库访问权限")
    static func databaseLibraryMissing(_ library: String, _ why: String) -> Message {
        Message("database_library_missing", en: "cannot load \(library), PostgreSQL's client library: \(why)",
                zh: "无法加载 PostgreSQL 的客户端库 \(library)：\(why)")
    }
    static let databaseLibraryHint = Localized(zh: "请安装 Debian 软件包 libpq5：apt-get install libpq5",
                                               en: "install the Debian package libpq5: apt-get install libpq5")
    static func databaseUnreachable(_ server: String, _ why: String) -> Message {
        Message("database_unreachable", en: "cannot connect to PostgreSQL at \(server): \(why)", zh: "无法连接位于 \(server) 的 PostgreSQL：\(why)")
    }
    static func databaseLogin(_ server: String, _ why: String) -> Message {
        Message("database_login", en: "PostgreSQL at \(server) refused the login: \(why)", zh: "位于 \(server) 的 PostgreSQL 拒绝登录：\(why)")
    }
    static let databasePasswordHint = Localized(zh: "请把密码放在 PGPASSWORD 或 ~/.pgpass 中，不要写在 URL 里",
                                                en: "give the password in PGPASSWORD or ~/.pgpass rather than in the URL")
    static func databaseError(_ server: String, _ why: String) -> Message {
        Message("database_error", en: "PostgreSQL at \(server): \(why)", zh: "位于 \(server) 的 PostgreSQL：\(why)")
    }
    static func databaseTimeout(_ server: String) -> Message {
        Message("limit_exceeded", en: "evaluation stopped: limit 'time_ms' exceeded while PostgreSQL at \(server) was running the query (it was cancelled)",
                zh: "求值已停止：位于 \(server) 的 PostgreSQL 执行查询时超出限制'time_ms'（查询已取消）")
    }
    static func databaseCancelled(_ server: String) -> Message {
        Message("interrupted", en: "the query on PostgreSQL at \(server) was cancelled", zh: "位于 \(server) 的 PostgreSQL 上的查询已取消")
    }
    static func databaseLost(_ server: String, _ why: String) -> Message {
        Message("database_connection_lost", en: "lost the connection to PostgreSQL at \(server): \(why)", zh: "与位于 \(server) 的 PostgreSQL 的连接断开：\(why)")
    }
}
