import IQL

/// Limits tight enough that every input ends within a fraction of a second and a few
/// megabytes: whatever a script does, it must stop with an error, never crash.
let limits = Limits(steps: 20_000, timeMilliseconds: 250, rows: 10_000, depth: 100,
                    stringLength: 100_000, listLength: 100_000, nesting: 100, memoryBytes: 32 << 20)

/// The whole evaluator (parser, compiler, stages, builtins, printing) on any script,
/// in a sandboxed engine with the plan dataset, as an embedding host would run it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let engine = Engine(limits: limits)
    guard let program = try? engine.compile(text, name: "<fuzz>") else { return 0 }
    _ = engine.check(program)
    _ = try? engine.run(program) { value in _ = value.description }
    return 0
}
