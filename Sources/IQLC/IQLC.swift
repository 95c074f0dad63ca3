import Foundation
import IQL

// The C API declared in include/iql.h, implemented over the Swift `Engine`.
// A C handle is an unretained pointer to a `CEngine`; every entry point tolerates
// NULL arguments and reports failure instead of trapping.

/// What an `iql_engine *` points to: the engine, and the last error for C to read.
// @unchecked: `lastError` is read and written only under `lock`; the engine is Sendable.
final class CEngine: @unchecked Sendable {
    let engine = Engine()
    private let lock = NSLock()
    /// A C copy of the last error message, owned here (see iql_last_error).
    private var lastError: UnsafeMutablePointer<CChar>?

    func fail(_ message: String) -> Int32 {
        lock.withLock {
            free(lastError)
            lastError = strdup(message)
        }
        return -1
    }

    func succeed() -> Int32 {
        lock.withLock {
            free(lastError)
            lastError = nil
        }
        return 0
    }

    var lastErrorPointer: UnsafePointer<CChar>? { lock.withLock { lastError.map { UnsafePointer($0) } } }

    deinit { free(lastError) }
}

private func handle(_ p: OpaquePointer?) -> CEngine? {
    p.map { Unmanaged<CEngine>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
}

private func string(_ p: UnsafePointer<CChar>?) -> String? {
    p.map { String(cString: $0) }
}

@_cdecl("iql_engine_new")
public func iql_engine_new() -> OpaquePointer {
    OpaquePointer(Unmanaged.passRetained(CEngine()).toOpaque())
}

@_cdecl("iql_engine_free")
public func iql_engine_free(_ engine: OpaquePointer?) {
    guard let p = engine else { return }
    Unmanaged<CEngine>.fromOpaque(UnsafeRawPointer(p)).release()
}

private func defineTable(_ engine: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ text: UnsafePointer<CChar>?,
                         _ read: (String, String) throws -> Table) -> Int32 {
    guard let e = handle(engine) else { return -1 }
    guard let name = string(name), let text = string(text) else { return e.fail("a name and a text are required") }
    do {
        e.engine.define(name, try read(text, name))
        return e.succeed()
    } catch let error as IQLError {
        return e.fail(error.description.trimmingCharacters(in: .newlines))
    } catch {
        return e.fail("\(error)")
    }
}

@_cdecl("iql_define_csv")
public func iql_define_csv(_ engine: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ csv: UnsafePointer<CChar>?) -> Int32 {
    defineTable(engine, name, csv) { try Table(csv: $0, name: $1) }
}

@_cdecl("iql_define_json")
public func iql_define_json(_ engine: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ json: UnsafePointer<CChar>?) -> Int32 {
    defineTable(engine, name, json) { try Table(json: $0, name: $1) }
}

@_cdecl("iql_set_limit")
public func iql_set_limit(_ engine: OpaquePointer?, _ limit: UnsafePointer<CChar>?, _ value: Double) -> Int32 {
    guard let e = handle(engine) else { return -1 }
    guard let name = string(limit) else { return e.fail("a limit name is required") }
    guard !value.isNaN else { return e.fail("the value of limit '\(name)' is not a number") }
    // Whole-number limits; anything beyond Int's range is no limit in practice.
    let whole = value >= 0 ? Int(min(value.rounded(.down), 9.0e18)) : nil
    var limits = e.engine.limits
    switch name {
    case "steps": limits.steps = whole
    case "time_ms": limits.timeMilliseconds = value >= 0 ? value : nil
    case "rows": limits.rows = whole
    case "memory_bytes": limits.memoryBytes = whole
    case "depth", "string_length", "list_length", "nesting":
        guard let n = whole else { return e.fail("limit '\(name)' cannot be removed, only set to a value of 0 or more") }
        switch name {
        case "depth": limits.depth = n
        case "string_length": limits.stringLength = n
        case "nesting": limits.nesting = n
        default: limits.listLength = n
        }
    default:
        return e.fail("unknown limit '\(name)': expected steps, time_ms, rows, memory_bytes, depth, string_length, list_length or nesting")
    }
    e.engine.limits = limits
    return e.succeed()
}

@_cdecl("iql_allow_files")
public func iql_allow_files(_ engine: OpaquePointer?, _ directory: UnsafePointer<CChar>?) -> Int32 {
    guard let e = handle(engine) else { return -1 }
    guard let dir = string(directory) else {
        e.engine.fileAccess = .all
        return e.succeed()
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
        return e.fail("'\(dir)' is not a directory")
    }
    var access = e.engine.fileAccess
    // Adding a directory to an engine that may touch every file keeps it that way.
    if !access.allowed || access.directories != nil {
        access.allowed = true
        access.directories = (access.directories ?? []) + [dir]
    }
    e.engine.fileAccess = access
    return e.succeed()
}

@_cdecl("iql_eval_json")
public func iql_eval_json(_ engine: OpaquePointer?, _ source: UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar> {
    strdup(evaluateToJSON(handle(engine), string(source)))!
}

/// The JSON text `iql_eval_json` returns.
func evaluateToJSON(_ e: CEngine?, _ source: String?) -> String {
    guard let e else { return errorJSON(message: "the engine is NULL") }
    guard let source else { return errorJSON(message: "the source is NULL") }
    do {
        let value = try e.engine.evaluate(source)
        return "{\"ok\": true, \"value\": " + Renderer(format: .json).json(value) + "}"
    } catch let error as IQLError {
        let d = error.diagnostics.first
        return errorJSON(message: error.message, line: error.line, column: error.column, kind: d?.kind.rawValue,
                         hint: d?.hint, id: d?.id, rendered: error.description)
    } catch {
        return errorJSON(message: "\(error)")
    }
}

private func errorJSON(message: String, line: Int? = nil, column: Int? = nil, kind: String? = nil,
                       hint: String? = nil, id: String? = nil, rendered: String? = nil) -> String {
    let r = Renderer(format: .json)
    func text(_ s: String?) -> String { s.map { r.json(.string($0)) } ?? "null" }
    func number(_ n: Int?) -> String { n.map(String.init) ?? "null" }
    return "{\"ok\": false, \"error\": {\"message\": \(text(message)), \"line\": \(number(line)), \"column\": \(number(column)), "
        + "\"kind\": \(text(kind)), \"hint\": \(text(hint)), \"id\": \(text(id)), \"rendered\": \(text(rendered))}}"
}

@_cdecl("iql_last_error")
public func iql_last_error(_ engine: OpaquePointer?) -> UnsafePointer<CChar>? {
    handle(engine)?.lastErrorPointer
}

@_cdecl("iql_free")
public func iql_free(_ text: UnsafeMutablePointer<CChar>?) {
    free(text)
}
