import Foundation
import Synchronization

/// Morsel-driven parallelism for the query phase: the rows of a column are cut into
/// morsels of a fixed size, and up to ``threads`` workers take morsels one after
/// another from a shared counter.
///
/// Morsel boundaries depend only on the row count, never on the number of threads, so
/// every partial result (a morsel's selection, a morsel's partial sums) is the same
/// for one thread or eight, and results are combined in morsel order or in a fixed
/// tree over morsels (``Morsels/tree(_:_:)``): the answer, to the last bit of a
/// floating-point sum, does not depend on the thread count.
struct Parallel {
    /// Workers at most; 1 runs every morsel on the calling thread.
    let threads: Int
    /// Checked before each morsel: the interrupt flag and the deadline of the running
    /// evaluation (the step limit is counted for the whole column before a section).
    let stop: StopCheck

    /// Everything on the calling thread.
    static let serial = Parallel(threads: 1, stop: .never)

    /// `body(m, rows)` for every morsel `m` of `0..<rows`, each on one worker; the
    /// results in morsel order. When morsels fail (or the evaluation is stopped), the
    /// error of the first failing morsel is thrown: the first by row order, the same
    /// error a run on one thread reports.
    func map<T>(rows: Int, _ body: (Int, Range<Int>) throws -> T) throws -> [T] {
        let n = Morsels.count(rows)
        if threads <= 1 || n <= 1 {
            var out: [T] = []
            out.reserveCapacity(n)
            for m in 0..<n {
                try stop.check()
                out.append(try body(m, Morsels.range(m, rows)))
            }
            return out
        }
        var results = [T?](repeating: nil, count: n)
        var errors = [Error?](repeating: nil, count: n)
        let queue = MorselQueue()
        let stop = self.stop
        withoutActuallyEscaping(body) { body in
            results.withUnsafeMutableBufferPointer { res in
                errors.withUnsafeMutableBufferPointer { errs in
                    // Each worker writes only the slots of the morsels it took, and the
                    // body only reads what it shares (columns are not changed while a
                    // section runs): safe, though the compiler cannot see it.
                    nonisolated(unsafe) let res = res, errs = errs, body = body
                    let work: @Sendable () -> Void = {
                        while let m = queue.take(n) {
                            do {
                                try stop.check()
                                res[m] = try body(m, Morsels.range(m, rows))
                            } catch {
                                errs[m] = error
                                queue.fail()
                            }
                        }
                    }
                    // Threads of their own, not Dispatch's or Swift concurrency's pools:
                    // a section must not take a thread a host's tasks are waiting for.
                    // The calling thread is one of the workers.
                    let helpers = min(threads, n) - 1
                    let done = DispatchSemaphore(value: 0)
                    // The threads hold the job, not the body: once they are done the job
                    // lets go of it, so the body never outlives this call (a Thread
                    // object may be freed later than its block ends).
                    let job = Job(work)
                    for _ in 0..<helpers {
                        let t = Thread {
                            job.run()
                            done.signal()
                        }
                        t.stackSize = 1 << 20
                        t.start()
                    }
                    work()
                    for _ in 0..<helpers { done.wait() }
                    job.release()
                }
            }
        }
        if let e = errors.first(where: { $0 != nil }) { throw e! }
        return results.map { $0! }
    }

    /// `body(m, rows)` for every morsel, for work that writes its own output slots.
    func forEach(rows: Int, _ body: (Int, Range<Int>) throws -> Void) throws {
        _ = try map(rows: rows, body)
    }

    /// Fills `count` elements from morsels written in place: `body(out, rows)` writes
    /// `out[rows]` only. For kernels that cannot fail, on trivial element types
    /// (numbers and codes), where assigning uninitialised memory is initialising it.
    func fill<T>(_ count: Int, _ body: (UnsafeMutableBufferPointer<T>, Range<Int>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let out = buffer
            // No stop check: a kernel pass over a column is short (milliseconds per
            // million rows), and the evaluation checks before and after it.
            try! Parallel(threads: threads, stop: .never).forEach(rows: count) { _, r in body(out, r) }
            initialized = count
        }
    }
}

/// The work of a parallel section, held by its helper threads until the section ends.
/// @unchecked: `work` is set before the helpers start and cleared after they signalled
/// their end.
private final class Job: @unchecked Sendable {
    private var work: (@Sendable () -> Void)?
    init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    func run() { work?() }
    func release() { work = nil }
}

/// Hands out morsels in increasing order until they run out or one has failed. Once
/// one has failed every morsel before it has already been taken and will finish, so
/// the first error by row order is among those recorded.
private final class MorselQueue: Sendable {
    private let next = Atomic<Int>(0)
    private let failed = Atomic<Bool>(false)

    func take(_ n: Int) -> Int? {
        if failed.load(ordering: .acquiring) { return nil }
        let m = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return m < n ? m : nil
    }

    func fail() { failed.store(true, ordering: .releasing) }
}

/// The fixed cut of rows into morsels.
enum Morsels {
    /// Rows per morsel: large enough that handing one out costs nothing against its
    /// work, small enough that two threads share a million rows evenly.
    static let size = 1 << 16

    static func count(_ rows: Int) -> Int { (rows + size - 1) / size }

    static func range(_ m: Int, _ rows: Int) -> Range<Int> { m * size..<min(rows, (m + 1) * size) }

    /// Combines per-morsel partial results pairwise in a fixed tree (neighbours first,
    /// then pairs of pairs): the same grouping of floating-point additions for any
    /// thread count. Nil for no parts.
    static func tree<T>(_ parts: [T], _ merge: (T, T) -> T) -> T? {
        var level = parts
        while level.count > 1 {
            var up: [T] = []
            up.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                up.append(merge(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { up.append(level[i]) }
            level = up
        }
        return level.first
    }
}

/// What a worker checks between morsels: whether the evaluation was interrupted or ran
/// out of time. Safe to read from any thread (the flag is atomic, the deadline fixed
/// for the evaluation).
struct StopCheck: Sendable {
    let interrupt: Interrupt?
    let deadline: UInt64?
    let timeMilliseconds: Double?
    let location: SourceLocation?

    /// A check that never stops (kernels that cannot fail).
    static let never = StopCheck(interrupt: nil, deadline: nil, timeMilliseconds: nil, location: nil)

    func check() throws {
        if let i = interrupt, i.isRaised {
            throw Diagnostic(.cancelled, Messages.interrupted, at: location)
        }
        if let d = deadline, DispatchTime.now().uptimeNanoseconds > d {
            throw Context.timeLimitError(timeMilliseconds, location)
        }
    }
}
