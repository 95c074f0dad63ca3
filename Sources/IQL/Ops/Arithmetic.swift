import Foundation

/// The scalar operations of iql, once. The row closures (Eval/Compiler.swift), the
/// whole-column kernels (Eval/Vector.swift) and compiled expressions
/// (Embedding/CompiledExpression.swift) all call these, so the three forms agree to
/// the bit: null is NaN on doubles, and division by zero gives null.
enum ArithmeticOp {
    case add, sub, mul, div

    init?(_ op: BinaryOp) {
        switch op {
        case .add: self = .add
        case .sub: self = .sub
        case .mul: self = .mul
        case .div: self = .div
        default: return nil
        }
    }

    @inline(__always)
    func apply(_ x: Double, _ y: Double) -> Double {
        switch self {
        case .add: return x + y
        case .sub: return x - y
        case .mul: return x * y
        case .div: return y == 0 ? .nan : x / y
        }
    }

    /// A percentage stays one under + and - with another percentage (7% - 6.5% is
    /// 0.5%, half a percentage point); any other mix gives a plain number.
    func style(_ a: NumberStyle, _ b: NumberStyle) -> NumberStyle {
        (self == .add || self == .sub) && a == .percent && b == .percent ? .percent : .plain
    }

    /// The verb of type errors: "cannot subtract string and number".
    var verb: Messages.Verb {
        switch self {
        case .add: return .add
        case .sub: return .subtract
        case .mul: return .multiply
        case .div: return .divide
        }
    }
}

/// `< <= > >= == !=` on a three-way comparison result.
enum ComparisonOp {
    case lt, le, gt, ge, eq, ne

    init?(_ op: BinaryOp) {
        switch op {
        case .lt: self = .lt
        case .le: self = .le
        case .gt: self = .gt
        case .ge: self = .ge
        case .eq: self = .eq
        case .ne: self = .ne
        default: return nil
        }
    }

    /// Whether the operator holds for a comparison result of -1, 0 or 1.
    @inline(__always)
    func holds(_ c: Int) -> Bool {
        switch self {
        case .lt: return c < 0
        case .le: return c <= 0
        case .gt: return c > 0
        case .ge: return c >= 0
        case .eq: return c == 0
        case .ne: return c != 0
        }
    }

    /// On two doubles that are not NaN.
    @inline(__always)
    func holds(_ x: Double, _ y: Double) -> Bool { holds(x == y ? 0 : (x < y ? -1 : 1)) }

    /// On two strings, as Swift orders them (the row closures and the dictionary-code
    /// kernels both come here).
    @inline(__always)
    func holds(_ x: String, _ y: String) -> Bool { holds(x == y ? 0 : (x < y ? -1 : 1)) }
}

enum Rounding {
    /// Half away from zero, to `digits` decimals (clamped to ±15): what `round` does
    /// in a call and in a column kernel.
    @inline(__always)
    static func round(_ x: Double, _ digits: Double) -> Double {
        round(x, scale: scale(digits))
    }

    /// The power of ten `round` scales by for `digits`: a column kernel computes it
    /// once, not per row (`pow` costs more than the rounding itself).
    static func scale(_ digits: Double) -> Double { pow(10.0, max(-15, min(15, digits))) }

    @inline(__always)
    static func round(_ x: Double, scale p: Double) -> Double {
        (x * p).rounded(.toNearestOrAwayFromZero) / p
    }
}
