/// A problem found in iql source, as a value: what, where, and what might fix it.
///
/// Diagnostics are thrown as errors by every stage of the pipeline and turned into
/// text only by ``DiagnosticRenderer``.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    /// What kind of problem this is; the REPL uses `.unexpectedEnd` to ask for more input.
    public enum Kind: String, Sendable {
        /// The input stopped in the middle of a statement (open bracket, string, trailing operator).
        case unexpectedEnd
        /// Any other syntax error.
        case syntax
        /// An unknown variable, column or function.
        case unknownName
        /// A value of the wrong type.
        case type
        /// Any other failure while running.
        case runtime
        /// A limit set by the host (steps, time, rows, depth, size) was exceeded.
        case limit
        /// The evaluation was interrupted or cancelled.
        case cancelled
        /// A file operation the engine is not allowed to do.
        case notPermitted
        /// Reading or writing a file failed.
        case io
        /// A row read from a work report that a person should confirm (`iql extract --review`).
        case review
    }

    /// A secondary message pointing at another place, such as the opener of an unclosed bracket.
    public struct Note: Sendable {
        public let message: String
        public let location: SourceLocation?
    }

    public var severity: Severity = .error
    public var kind: Kind
    public var message: String
    public var location: SourceLocation?
    public var notes: [Note] = []
    /// A suggestion, such as `did you mean 'target'?`.
    public var hint: String?

    public init(_ kind: Kind, _ message: String, at location: SourceLocation?, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// Whether this is a syntax-level problem (exit status 2 in the CLI).
    public var isSyntax: Bool { kind == .syntax || kind == .unexpectedEnd }

    public var description: String { DiagnosticRenderer().render(self) }
}

/// The error every public entry point throws: one or more diagnostics
/// (a script with several syntax errors reports them all).
public struct IQLError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ d: Diagnostic) { self.diagnostics = [d] }
    /// Whether every diagnostic is a syntax error (exit status 2 in the CLI).
    public var isSyntax: Bool { diagnostics.allSatisfy(\.isSyntax) }
    /// Whether the input merely stopped too early, so that more lines could complete it.
    public var isIncompleteInput: Bool { diagnostics.contains { $0.kind == .unexpectedEnd } }
    public var description: String { DiagnosticRenderer().render(diagnostics) }
}
